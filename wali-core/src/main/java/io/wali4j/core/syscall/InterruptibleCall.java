package io.wali4j.core.syscall;

import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.WaliThread;

/**
 * A host call that may block (read, readv, write, writev, accept4, sendto, recvfrom, sendmsg,
 * recvmsg on pipes, sockets, terminals...) made plainly, as the program asked, and ended by the
 * host interrupt signal when a WALI signal or the end of the process needs the thread ({@link
 * io.wali4j.core.kernel.HostInterrupt}, which also says why no signal can be lost between the
 * thread's look at its pending signals and its entry into the kernel). One host call when it need
 * not wait, and no poll when it must.
 *
 * <p>As in Linux: a signal that ends the call after some bytes went returns that count (the host
 * call does so itself); before any, the call fails with ERESTARTSYS (restarted when every handler
 * that ran has SA_RESTART), or with EINTR on a socket with a timeout for the direction
 * (SO_RCVTIMEO, SO_SNDTIMEO: signal(7)), whose running out the host call reports itself (EAGAIN).
 * With a signal already deliverable when it is entered, the call moves what it can without waiting
 * (RWF_NOWAIT, MSG_DONTWAIT), as Linux moves data that is there before it looks at signals, and
 * fails the same way only when it would wait (accept4, which cannot look, always fails). An EINTR
 * for nothing deliverable to this thread (a signal it blocks or ignores, one another thread took, a
 * host signal for the JVM) makes the call again; on a socket with a timeout, that starts the
 * timeout again.
 */
final class InterruptibleCall {

  private InterruptibleCall() {}

  /**
   * The calling thread when its blocking host calls can go this way: it is one of the process's
   * threads and the host interrupt signal is in place; else null (the call then polls first, see
   * {@link BlockingIo}).
   */
  static WaliThread caller(Ctx c) {
    WaliThread t = c.p.threads().current();
    return t != null && c.p.host().interrupt().available() ? t : null;
  }

  /** How a call looks without waiting when a signal is deliverable as it begins. */
  static final int LOOK_NONE = 0; // it cannot (accept4): the signal wins

  static final int LOOK_READ = 1; // read(fd, buf, count): preadv2 with RWF_NOWAIT
  static final int LOOK_WRITE = 2; // write(fd, buf, count): pwritev2 with RWF_NOWAIT
  static final int LOOK_READV = 3; // readv(fd, iov, iovcnt)
  static final int LOOK_WRITEV = 4; // writev(fd, iov, iovcnt)
  static final int LOOK_DONTWAIT = 5; // a socket call: its flags argument takes MSG_DONTWAIT

  /**
   * A three-argument host call {@code nr} (read, readv, write, writev: {@code look} says which;
   * sendmsg, recvmsg: flags third, {@link #LOOK_DONTWAIT}); {@code timeout} names the socket option
   * (SO_RCVTIMEO or SO_SNDTIMEO) whose timeout makes a signal's result EINTR.
   */
  static long sys3(Ctx c, WaliThread t, int nr, long a, long b, long d, int look, int timeout) {
    while (true) {
      if (enter(c, t)) {
        return look3(c, nr, a, b, d, look, timeout);
      }
      long r = c.k.syscall3(nr, a, b, d);
      t.leaveHostCall();
      if (r != -Errno.EINTR) {
        return r;
      }
      long stop = interrupted(c, a, timeout);
      if (stop != 0) {
        return stop;
      }
    }
  }

  /** A four-argument host call (accept4, which cannot look without waiting), as {@link #sys3}. */
  static long sys4(Ctx c, WaliThread t, int nr, long a, long b, long d, long e, int timeout) {
    while (true) {
      if (enter(c, t)) {
        return signalled(c, a, timeout);
      }
      long r = c.k.syscall4(nr, a, b, d, e);
      t.leaveHostCall();
      if (r != -Errno.EINTR) {
        return r;
      }
      long stop = interrupted(c, a, timeout);
      if (stop != 0) {
        return stop;
      }
    }
  }

  /** A six-argument host call (sendto, recvfrom: flags fourth), as {@link #sys3}. */
  static long sys6(
      Ctx c, WaliThread t, int nr, long a, long b, long d, long e, long f, long g, int timeout) {
    while (true) {
      if (enter(c, t)) {
        long r = c.k.syscall6(nr, a, b, d, e | MSG_DONTWAIT, f, g);
        return wouldWait(r) ? signalled(c, a, timeout) : r;
      }
      long r = c.k.syscall6(nr, a, b, d, e, f, g);
      t.leaveHostCall();
      if (r != -Errno.EINTR) {
        return r;
      }
      long stop = interrupted(c, a, timeout);
      if (stop != 0) {
        return stop;
      }
    }
  }

  static final int MSG_DONTWAIT = 0x40;

  /**
   * A signal is deliverable as the call begins: as the kernel would, the call still moves what it
   * can without waiting (data that is there, room that is free), and only a call that would wait is
   * ended by the signal.
   */
  private static long look3(Ctx c, int nr, long a, long b, long d, int look, int timeout) {
    long r;
    if (look == LOOK_READ || look == LOOK_WRITE) {
      long iov = c.scratch() + BlockingIo.IOVEC;
      NativeAccess.U.putLong(iov, b);
      NativeAccess.U.putLong(iov + 8, d);
      r = nowait(c, look == LOOK_READ, (int) a, iov, 1);
    } else if (look == LOOK_READV || look == LOOK_WRITEV) {
      r = nowait(c, look == LOOK_READV, (int) a, b, (int) d);
    } else if (look == LOOK_DONTWAIT) {
      r = c.k.syscall3(nr, a, b, d | MSG_DONTWAIT);
    } else {
      r = -BlockingIo.EAGAIN;
    }
    return wouldWait(r) ? signalled(c, a, timeout) : r;
  }

  /** preadv2 or pwritev2 of {@code h} at its file position with RWF_NOWAIT. */
  private static long nowait(Ctx c, boolean read, int h, long iov, int iovcnt) {
    return read
        ? c.k.preadv2(c.nr.preadv2, h, iov, iovcnt, BlockingIo.RWF_NOWAIT)
        : c.k.pwritev2(c.nr.pwritev2, h, iov, iovcnt, BlockingIo.RWF_NOWAIT);
  }

  /** Whether a call made without waiting said it would wait (or could not tell: no RWF_NOWAIT). */
  private static boolean wouldWait(long r) {
    return r == -BlockingIo.EAGAIN || r == -BlockingIo.EOPNOTSUPP || r == -Errno.ENOSYS;
  }

  /**
   * A host wait for readiness with five or six ({@code arity}) arguments, the timeout at index
   * {@code timeoutArg} (ppoll, pselect6, epoll_pwait), ended by the host interrupt signal like the
   * calls above. A signal makes it return {@code onSignal} (ERESTARTNOHAND for poll and select,
   * -EINTR for epoll_wait, as Linux's). With a signal deliverable when it is entered, the wait
   * still looks once with {@code zeroTimeout} in place of the timeout, as the kernel looks at the
   * fds before it sees the signal: ready fds are reported, and only a wait that would wait is
   * ended. Made again after an EINTR for nothing deliverable: ppoll and pselect6 updated their
   * timeout with what is left, so the wait goes on for the rest.
   */
  static long await(
      Ctx c,
      WaliThread t,
      int nr,
      int arity,
      long[] args,
      int timeoutArg,
      long zeroTimeout,
      long onSignal) {
    while (true) {
      if (enter(c, t)) {
        args[timeoutArg] = zeroTimeout;
        long r = hostCall(c, nr, arity, args);
        return r != 0 ? r : onSignal;
      }
      long r = hostCall(c, nr, arity, args);
      t.leaveHostCall();
      if (r != -Errno.EINTR) {
        return r;
      }
      c.safePoint();
      if (c.p.signals().deliverable(SignalMask.get())) {
        return onSignal;
      }
    }
  }

  private static long hostCall(Ctx c, int nr, int arity, long[] a) {
    return arity == 5
        ? c.k.syscall5(nr, a[0], a[1], a[2], a[3], a[4])
        : c.k.syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
  }

  /**
   * Enters the call: false to make it; true when a signal is deliverable now (the thread is then
   * out of the call again). A thread of an ending process stops here.
   */
  private static boolean enter(Ctx c, WaliThread t) {
    t.enterHostCall();
    // After the publication above: a signal sent from now on finds the thread in the call.
    if (c.p.signals().pending() == 0 && !c.p.threads().exiting()) {
      return false;
    }
    if (c.p.threads().exiting() || c.p.signals().deliverable(SignalMask.get())) {
      t.leaveHostCall();
      c.safePoint();
      return true;
    }
    return false; // only signals this thread blocks are pending: the call goes ahead
  }

  /**
   * After the host call failed with EINTR: what it returns (a signal is deliverable), or 0 to make
   * it again. A thread of an ending process stops here.
   */
  private static long interrupted(Ctx c, long hostFd, int timeout) {
    c.safePoint();
    return c.p.signals().deliverable(SignalMask.get()) ? signalled(c, hostFd, timeout) : 0;
  }

  /** What a call on {@code hostFd} that a signal interrupted returns before any byte went. */
  private static long signalled(Ctx c, long hostFd, int timeout) {
    return BlockingIo.timeoutNanos(c, (int) hostFd, timeout) != 0
        ? -Errno.EINTR
        : SignalDelivery.ERESTARTSYS;
  }
}
