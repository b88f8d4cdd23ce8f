package io.wali4j.core.kernel;

/**
 * A host eventfd that a signal makes readable, for a blocking host call to poll next to its own fd
 * so that the signal interrupts it. Each thread that blocks has its own, so that a signal directed
 * at one thread wakes that thread and another thread's drain cannot swallow its wake-up. Created on
 * first use; the buffer that {@link #wake} and {@link #drain} pass to the host lives as long.
 */
final class WakeFd {

  private static final int EFD_CLOEXEC = 0x80000;
  private static final int EFD_NONBLOCK = 0x800;

  private final Host host;
  private int fd = -1;
  private long buffer;

  WakeFd(Host host) {
    this.host = host;
  }

  /** The eventfd, created now if need be; -1 when the host has none. */
  synchronized int fd() {
    if (fd < 0) {
      long r = host.trap().syscall2(host.nr().eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK);
      if (r >= 0) {
        buffer = NativeAccess.U.allocateMemory(8);
        fd = (int) r;
      }
    }
    return fd;
  }

  /** Makes the eventfd readable, if it was ever created (nobody can be polling it otherwise). */
  synchronized void wake() {
    if (fd >= 0) {
      NativeAccess.U.putLong(buffer, 1);
      host.trap().syscall3(host.nr().write, fd, buffer, 8);
    }
  }

  /** Empties the eventfd after it woke a poll. */
  synchronized void drain() {
    if (fd >= 0) {
      host.trap().syscall3(host.nr().read, fd, buffer, 8);
    }
  }

  synchronized void close() {
    if (fd >= 0) {
      host.trap().syscall1(host.nr().close, fd);
      fd = -1;
      NativeAccess.U.freeMemory(buffer);
    }
  }
}
