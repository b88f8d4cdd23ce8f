package io.wali4j.core.kernel;

import io.wali4j.api.SyscallTrap;

/**
 * Makes each syscall wait for a backend when its {@link BackendSlot} has none (its bundle is being
 * updated or replaced), and fail with ENOSYS when none comes within the slot's bound. The check is
 * one volatile read while a backend is in force.
 */
final class GatedTrap implements SyscallTrap {

  /** Linux ENOSYS: the call is not implemented. */
  static final int ENOSYS = 38;

  private final SyscallTrap trap;
  private final BackendSlot slot;

  GatedTrap(SyscallTrap trap, BackendSlot slot) {
    this.trap = trap;
    this.slot = slot;
  }

  private boolean open() {
    return slot.current() != null || slot.awaitBackend();
  }

  @Override
  public long syscall0(int nr) {
    return open() ? trap.syscall0(nr) : -ENOSYS;
  }

  @Override
  public long syscall1(int nr, long a1) {
    return open() ? trap.syscall1(nr, a1) : -ENOSYS;
  }

  @Override
  public long syscall2(int nr, long a1, long a2) {
    return open() ? trap.syscall2(nr, a1, a2) : -ENOSYS;
  }

  @Override
  public long syscall3(int nr, long a1, long a2, long a3) {
    return open() ? trap.syscall3(nr, a1, a2, a3) : -ENOSYS;
  }

  @Override
  public long syscall4(int nr, long a1, long a2, long a3, long a4) {
    return open() ? trap.syscall4(nr, a1, a2, a3, a4) : -ENOSYS;
  }

  @Override
  public long syscall5(int nr, long a1, long a2, long a3, long a4, long a5) {
    return open() ? trap.syscall5(nr, a1, a2, a3, a4, a5) : -ENOSYS;
  }

  @Override
  public long syscall6(int nr, long a1, long a2, long a3, long a4, long a5, long a6) {
    return open() ? trap.syscall6(nr, a1, a2, a3, a4, a5, a6) : -ENOSYS;
  }

  @Override
  public long preadv2(int nr, int fd, long iov, int iovcnt, int flags) {
    return open() ? trap.preadv2(nr, fd, iov, iovcnt, flags) : -ENOSYS;
  }

  @Override
  public long pwritev2(int nr, int fd, long iov, int iovcnt, int flags) {
    return open() ? trap.pwritev2(nr, fd, iov, iovcnt, flags) : -ENOSYS;
  }

  /** Installing the handler is no syscall: it does not wait for a backend. */
  @Override
  public long installInterruptHandler(int sig) {
    return trap.installInterruptHandler(sig);
  }
}
