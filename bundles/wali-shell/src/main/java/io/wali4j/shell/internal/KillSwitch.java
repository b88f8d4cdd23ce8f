package io.wali4j.shell.internal;

import io.wali4j.api.SyscallTrap;

/**
 * Sits between one WALI process and the host trap: once a fatal signal is pending, the process's
 * next syscall ends it. The kernel on this branch has no signal delivery yet (handlers, masks and
 * safe points come with the kernel's signal support), so {@code wali:kill} acts at syscall
 * boundaries; a process that loops without syscalls ends at its next one.
 */
final class KillSwitch implements SyscallTrap {

  private SyscallTrap trap;
  private volatile int pending;

  /** Puts this switch in front of {@code hostTrap}; called once, before the process starts. */
  KillSwitch around(SyscallTrap hostTrap) {
    this.trap = hostTrap;
    return this;
  }

  /** Makes the next syscall end the process with {@code signal}. */
  void kill(int signal) {
    pending = signal;
  }

  private void check() {
    int s = pending;
    if (s != 0) {
      throw new Killed(s);
    }
  }

  @Override
  public long syscall0(int nr) {
    check();
    return trap.syscall0(nr);
  }

  @Override
  public long syscall1(int nr, long a1) {
    check();
    return trap.syscall1(nr, a1);
  }

  @Override
  public long syscall2(int nr, long a1, long a2) {
    check();
    return trap.syscall2(nr, a1, a2);
  }

  @Override
  public long syscall3(int nr, long a1, long a2, long a3) {
    check();
    return trap.syscall3(nr, a1, a2, a3);
  }

  @Override
  public long syscall4(int nr, long a1, long a2, long a3, long a4) {
    check();
    return trap.syscall4(nr, a1, a2, a3, a4);
  }

  @Override
  public long syscall5(int nr, long a1, long a2, long a3, long a4, long a5) {
    check();
    return trap.syscall5(nr, a1, a2, a3, a4, a5);
  }

  @Override
  public long syscall6(int nr, long a1, long a2, long a3, long a4, long a5, long a6) {
    check();
    return trap.syscall6(nr, a1, a2, a3, a4, a5, a6);
  }

  @Override
  public long preadv2(int nr, int fd, long iov, int iovcnt, int flags) {
    check();
    return trap.preadv2(nr, fd, iov, iovcnt, flags);
  }

  @Override
  public long pwritev2(int nr, int fd, long iov, int iovcnt, int flags) {
    check();
    return trap.pwritev2(nr, fd, iov, iovcnt, flags);
  }

  @Override
  public long installInterruptHandler(int sig) {
    return trap.installInterruptHandler(sig);
  }
}
