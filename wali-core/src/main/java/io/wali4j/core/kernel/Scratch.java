package io.wali4j.core.kernel;

import io.wali4j.api.SyscallTrap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small native buffer for what the host side of a syscall needs outside linear memory: host
 * layouts of converted structs (16-byte iovecs), strings the runtime makes up. Each thread of a
 * process has its own ({@link Process#scratch()}); the main thread's is the process's.
 *
 * <p>Its owner releases it when no thread can use it any more: a spawned thread's as the thread
 * ends, the process's once its last thread is gone. The kernel may still write here for a host call
 * that has not returned, and a released range can be mapped again by anyone, so a release must come
 * after the last use, and only once (a second munmap could unmap someone else's mapping).
 */
public final class Scratch {

  public static final int SIZE = 64 << 10;

  private final SyscallTrap trap;
  private final SyscallNumbers nr;
  private final long address;
  private final boolean keepReleased;
  private final AtomicBoolean released = new AtomicBoolean();

  public Scratch(Host host) {
    this(host, NativeRelease.KEEP_RELEASED);
  }

  /**
   * A scratch buffer that {@link #release} returns to the host, or when {@code keepReleased} keeps
   * reserved and inaccessible (see {@link NativeRelease}).
   */
  Scratch(Host host, boolean keepReleased) {
    this.keepReleased = keepReleased;
    this.trap = host.trap();
    this.nr = host.nr();
    long a =
        trap.syscall6(
            nr.mmap,
            0,
            SIZE,
            NativeMemoryBacking.PROT_READ | NativeMemoryBacking.PROT_WRITE,
            NativeMemoryBacking.MAP_PRIVATE | NativeMemoryBacking.MAP_ANONYMOUS,
            -1,
            0);
    if (a < 0 && a > -4096) {
      throw new OutOfMemoryError("cannot map a scratch buffer: errno " + -a);
    }
    this.address = a;
  }

  public long address() {
    return address;
  }

  /** Returns the buffer to the host; it must not be used afterwards. Later calls do nothing. */
  public void release() {
    if (released.compareAndSet(false, true)) {
      NativeRelease.release(trap, nr, address, SIZE, keepReleased);
    }
  }

  /** Whether {@link #release} has returned the buffer. */
  public boolean released() {
    return released.get();
  }
}
