package io.wali4j.core.kernel;

import io.wali4j.api.SyscallTrap;

/**
 * A small native buffer for what the host side of a syscall needs outside linear memory: host
 * layouts of converted structs (16-byte iovecs), strings the runtime makes up. One per thread of a
 * process (today: one per process).
 */
public final class Scratch {

  public static final int SIZE = 64 << 10;

  private final SyscallTrap trap;
  private final SyscallNumbers nr;
  private final long address;

  public Scratch(Host host) {
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

  public void release() {
    trap.syscall2(nr.munmap, address, SIZE);
  }
}
