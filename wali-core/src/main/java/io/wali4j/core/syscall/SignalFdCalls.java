package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;

import io.wali4j.core.kernel.SignalFd;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.Signals;

/**
 * signalfd and signalfd4 (signalfd(2)): a descriptor whose reads take the caller's pending signals
 * of a mask, one 128-byte struct signalfd_siginfo each, the calling thread's own first, then the
 * process's. The file is a host pipe that the runtime keeps readable while such a signal is pending
 * ({@link SignalFd}), so poll, select and epoll see it as Linux reports it; {@link IoCalls#read}
 * hands reads of it here.
 */
final class SignalFdCalls {

  static final int SFD_CLOEXEC = Ctx.O_CLOEXEC;
  static final int SFD_NONBLOCK = BlockingIo.O_NONBLOCK;

  /** struct signalfd_siginfo: 128 bytes on every ISA. */
  static final int SIGINFO_SIZE = 128;

  static final int SSI_CODE = 8;
  static final int SSI_PID = 12;
  static final int SSI_UID = 16;
  static final int SSI_STATUS = 40;
  static final int SSI_INT = 44;
  static final int SSI_PTR = 48;

  /** si_code of a signal the kernel sends itself (a timer): no sender pid or uid. */
  static final int SI_KERNEL = 0x80;

  @WaliImport("SYS_signalfd")
  long signalfd(Ctx c, int fd, int mask, int sizemask) {
    return signalfd4(c, fd, mask, sizemask, 0);
  }

  /**
   * Linux's order of checks: the mask size (EINVAL), the mask itself (EFAULT), the flags (EINVAL);
   * then fd -1 makes a file, an open signalfd gets the new mask, any other open fd is EINVAL and a
   * number that is not open EBADF.
   */
  @WaliImport("SYS_signalfd4")
  long signalfd4(Ctx c, int fd, int mask, int sizemask, int flags) {
    if (sizemask != SignalCalls.KERNEL_SIGSET) {
      return -Errno.EINVAL;
    }
    long m = U.getLong(c.addr(mask, SignalCalls.KERNEL_SIGSET));
    if ((flags & ~(SFD_CLOEXEC | SFD_NONBLOCK)) != 0) {
      return -Errno.EINVAL;
    }
    if (fd == -1) {
      long r =
          SignalFd.create(c.p.host(), c.p.signals(), m, (flags & SFD_NONBLOCK) != 0, c.scratch());
      return c.newFd(r, 0, (flags & SFD_CLOEXEC) != 0);
    }
    int h = c.fd(fd);
    SignalFd s = SignalFd.of(c.p.host(), h, c.scratch());
    if (s == null) {
      return -Errno.EINVAL;
    }
    s.mask(m, h);
    return fd;
  }

  /**
   * read(2) of a signalfd at host fd {@code h}: as many whole siginfos as fit and are pending (at
   * least one: EINVAL under 128 bytes), the first waited for unless the file is non-blocking
   * (EAGAIN). The wait ends for a signal outside the mask that the thread lets through, restarted
   * after its handler when that has SA_RESTART (signalfd_read's ERESTARTSYS).
   */
  static long read(Ctx c, SignalFd s, int h, long at, long count) {
    long n = count / SIGINFO_SIZE;
    if (n == 0) {
      return -Errno.EINVAL;
    }
    Signals signals = c.p.signals();
    Signals.Taken first = signals.takeWaited(s.mask());
    if (first == null) {
      long fl = c.sys2(c.nr.fcntl, h, BlockingIo.F_GETFL);
      if (fl < 0 || (fl & BlockingIo.O_NONBLOCK) != 0) {
        s.settle(h);
        return -Errno.EAGAIN;
      }
      first = signals.awaitOneOf(s.mask(), SignalMask.get(), -1);
      if (first == null) {
        s.settle(h);
        return c.p.threads().exiting() ? -Errno.EINTR : SignalDelivery.ERESTARTSYS;
      }
    }
    long got = 0;
    for (Signals.Taken t = first; t != null; ) {
      siginfo(c, at + got * SIGINFO_SIZE, t);
      if (++got == n) {
        break;
      }
      t = signals.takeWaited(s.mask());
    }
    s.settle(h);
    return got * SIGINFO_SIZE;
  }

  /** The most siginfos one readv takes (a read takes as many as fit). */
  static final int READV_MAX = 64;

  /**
   * readv(2) of a signalfd (its read_iter): as {@link #read} for the iovecs' total length, the
   * siginfos then laid across them in order, whatever their boundaries.
   */
  static long readv(Ctx c, SignalFd s, int h, long vecs, int iovcnt) {
    long total = 0;
    for (int i = 0; i < iovcnt; i++) {
      total +=
          StructCodec.get(Layouts.HOST64_IOVEC, vecs + (long) i * Layouts.HOST64_IOVEC.size(), 1);
    }
    long size = Math.min(total, (long) READV_MAX * SIGINFO_SIZE);
    long buf = U.allocateMemory(Math.max(size, 1));
    try {
      long r = read(c, s, h, buf, size);
      long done = 0;
      for (int i = 0; i < iovcnt && done < r; i++) {
        long e = vecs + (long) i * Layouts.HOST64_IOVEC.size();
        long n = Math.min(StructCodec.get(Layouts.HOST64_IOVEC, e, 1), r - done);
        U.copyMemory(buf + done, StructCodec.get(Layouts.HOST64_IOVEC, e, 0), n);
        done += n;
      }
      return r;
    } finally {
      U.freeMemory(buf);
    }
  }

  /** The struct signalfd_siginfo of {@code t}: what Linux's signalfd_copyinfo fills for it. */
  private static void siginfo(Ctx c, long at, Signals.Taken t) {
    U.setMemory(at, SIGINFO_SIZE, (byte) 0);
    U.putInt(at, t.sig());
    U.putInt(at + SSI_CODE, t.code());
    if (t.code() != SI_KERNEL) {
      U.putInt(at + SSI_PID, t.sender());
      U.putInt(at + SSI_UID, (int) c.sys0(c.nr.getuid));
    }
    if (t.sig() == Signals.SIGCHLD && t.code() > 0 && t.code() < SI_KERNEL) {
      U.putInt(at + SSI_STATUS, t.status()); // CLD_*: the child's status (utime, stime: 0)
    } else if (t.code() < 0) {
      U.putInt(at + SSI_INT, t.value()); // SI_QUEUE's value (0 for tkill), as int and pointer
      U.putLong(at + SSI_PTR, Integer.toUnsignedLong(t.value()));
    }
  }
}
