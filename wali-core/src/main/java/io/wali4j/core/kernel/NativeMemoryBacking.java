package io.wali4j.core.kernel;

import io.wali4j.api.SyscallTrap;
import io.wali4j.core.exec.MemoryBacking;

/**
 * Linear memory in native memory: one PROT_NONE reservation of the memory's maximum plus a guard,
 * committed (PROT_READ|PROT_WRITE) page by page as the memory grows. The base never moves, so a
 * shared memory can grow under running threads and a syscall gets {@code address() + ptr} with no
 * copy. Freshly committed anonymous pages are zero, as {@link MemoryBacking#grow} requires.
 */
public final class NativeMemoryBacking implements MemoryBacking {

  static final int PROT_NONE = 0;
  static final int PROT_READ = 1;
  static final int PROT_WRITE = 2;
  static final int MAP_PRIVATE = 0x02;
  static final int MAP_FIXED = 0x10;
  static final int MAP_ANONYMOUS = 0x20;
  static final int MAP_NORESERVE = 0x4000;

  /** Reserved past the maximum so that no length a syscall could name runs off the end. */
  public static final long GUARD = 64L << 10;

  private final SyscallTrap trap;
  private final SyscallNumbers nr;
  private final long address;
  private final long reserved;
  private volatile long committed;

  private NativeMemoryBacking(Host host, long address, long reserved) {
    this.trap = host.trap();
    this.nr = host.nr();
    this.address = address;
    this.reserved = reserved;
  }

  /**
   * Reserves {@code maxBytes} (plus {@link #GUARD}) of address space, none of it committed.
   *
   * @throws OutOfMemoryError when the host refuses the reservation
   */
  public static NativeMemoryBacking reserve(Host host, long maxBytes) {
    long size = maxBytes + GUARD;
    long a =
        host.trap()
            .syscall6(
                host.nr().mmap,
                0,
                size,
                PROT_NONE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                -1,
                0);
    if (a < 0 && a > -4096) {
      throw new OutOfMemoryError("cannot reserve " + size + " bytes of address space: errno " + -a);
    }
    return new NativeMemoryBacking(host, a, size);
  }

  @Override
  public Object base() {
    return null;
  }

  @Override
  public long address() {
    return address;
  }

  @Override
  public long capacity() {
    return committed;
  }

  @Override
  public boolean growsInPlace() {
    return true;
  }

  /** The bytes of address space reserved, committed or not. */
  public long reserved() {
    return reserved;
  }

  @Override
  public synchronized boolean grow(long oldSize, long newSize) {
    if (newSize <= committed) {
      return true;
    }
    if (newSize > reserved - GUARD) {
      return false;
    }
    long r =
        trap.syscall3(
            nr.mprotect, address + committed, newSize - committed, PROT_READ | PROT_WRITE);
    if (r < 0) {
      return false;
    }
    committed = newSize;
    return true;
  }

  /** Returns the whole reservation to the host; the memory must not be used afterwards. */
  public synchronized void release() {
    trap.syscall2(nr.munmap, address, reserved);
    committed = 0;
  }
}
