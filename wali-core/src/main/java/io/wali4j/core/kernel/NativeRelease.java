package io.wali4j.core.kernel;

import io.wali4j.api.SyscallTrap;

/**
 * How native memory the runtime mapped itself (scratch buffers, linear-memory reservations) goes
 * back to the host: munmap. For diagnosis, the system property {@code
 * wali4j.debug.keepReleased=true} keeps each released range reserved for the rest of the JVM's life
 * instead, emptied (MADV_DONTNEED, so it holds no memory) and inaccessible (PROT_NONE), and
 * released linear memories are not pooled for reuse. A use after release then faults where it
 * happens, a JVM crash whose hs_err file names the Java frame or EFAULT for a syscall, instead of
 * landing in whatever the host mapped there next and being noticed much later, if at all. It costs
 * address space only.
 */
final class NativeRelease {

  /** Whether released ranges stay reserved and inaccessible (property above). */
  static final boolean KEEP_RELEASED = Boolean.getBoolean("wali4j.debug.keepReleased");

  private static final int MADV_DONTNEED = 4;

  private NativeRelease() {}

  /**
   * Returns {@code [address, address + length)} to the host, or when {@code keep} empties it and
   * makes it inaccessible for good.
   */
  static void release(
      SyscallTrap trap, SyscallNumbers nr, long address, long length, boolean keep) {
    if (keep) {
      trap.syscall3(nr.madvise, address, length, MADV_DONTNEED);
      trap.syscall3(nr.mprotect, address, length, NativeMemoryBacking.PROT_NONE);
    } else {
      trap.syscall2(nr.munmap, address, length);
    }
  }
}
