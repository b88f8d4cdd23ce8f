package io.wali4j.core.syscall;

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
 * (SO_RCVTIMEO, SO_SNDTIMEO: signal(7)), whose running out the host call reports itself (EAGAIN). A
 * signal already deliverable when the call is entered fails it the same way without making it. An
 * EINTR for nothing deliverable to this thread (a signal it blocks or ignores, one another thread
 * took, a host signal for the JVM) makes the call again; on a socket with a timeout, that starts
 * the timeout again.
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

  /**
   * A three-argument host call {@code nr}; {@code timeout} names the socket option (SO_RCVTIMEO or
   * SO_SNDTIMEO) whose timeout makes a signal's result EINTR.
   */
  static long sys3(Ctx c, WaliThread t, int nr, long a, long b, long d, int timeout) {
    while (true) {
      long stop = enter(c, t, a, timeout);
      if (stop != 0) {
        return stop;
      }
      long r = c.k.syscall3(nr, a, b, d);
      t.leaveHostCall();
      if (r != -Errno.EINTR || (stop = interrupted(c, a, timeout)) != 0) {
        return r != -Errno.EINTR ? r : stop;
      }
    }
  }

  /** A four-argument host call, as {@link #sys3}. */
  static long sys4(Ctx c, WaliThread t, int nr, long a, long b, long d, long e, int timeout) {
    while (true) {
      long stop = enter(c, t, a, timeout);
      if (stop != 0) {
        return stop;
      }
      long r = c.k.syscall4(nr, a, b, d, e);
      t.leaveHostCall();
      if (r != -Errno.EINTR || (stop = interrupted(c, a, timeout)) != 0) {
        return r != -Errno.EINTR ? r : stop;
      }
    }
  }

  /** A six-argument host call, as {@link #sys3}. */
  static long sys6(
      Ctx c, WaliThread t, int nr, long a, long b, long d, long e, long f, long g, int timeout) {
    while (true) {
      long stop = enter(c, t, a, timeout);
      if (stop != 0) {
        return stop;
      }
      long r = c.k.syscall6(nr, a, b, d, e, f, g);
      t.leaveHostCall();
      if (r != -Errno.EINTR || (stop = interrupted(c, a, timeout)) != 0) {
        return r != -Errno.EINTR ? r : stop;
      }
    }
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
      t.enterHostCall();
      if ((c.p.signals().pending() != 0 || c.p.threads().exiting())
          && (c.p.threads().exiting() || c.p.signals().deliverable(SignalMask.get()))) {
        t.leaveHostCall();
        c.safePoint();
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
   * Enters the call: 0 to make it, or what the call returns without being made (a signal is
   * deliverable now). A thread of an ending process stops here.
   */
  private static long enter(Ctx c, WaliThread t, long hostFd, int timeout) {
    t.enterHostCall();
    // After the volatile write above: a signal sent from now on finds the thread in the call.
    if (c.p.signals().pending() == 0 && !c.p.threads().exiting()) {
      return 0;
    }
    if (c.p.threads().exiting() || c.p.signals().deliverable(SignalMask.get())) {
      t.leaveHostCall();
      c.safePoint();
      return signalled(c, hostFd, timeout);
    }
    return 0; // only signals this thread blocks are pending: the call goes ahead
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
