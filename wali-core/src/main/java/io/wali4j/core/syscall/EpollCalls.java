package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Layouts.WALI_EPOLL_EVENT;

import io.wali4j.core.kernel.WaliThread;

/**
 * epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait, eventfd, eventfd2, served by the
 * calls every host ISA has (epoll_create1, epoll_pwait, eventfd2), and the timerfd calls (host
 * timerfds: WALI's itimerspec is the host's, two timespecs of two 64-bit fields). epoll_event goes
 * through the codec (WALI's is packed; so is x86_64's, aarch64's and riscv64's are not: the backend
 * says); its data is the program's and passes through untouched. The epoll_pwait sigmask is in
 * force for the wait on the thread's WALI mask ({@link WaitMask}); a signal ends the wait with
 * EINTR, never restarted (signal(7)).
 */
final class EpollCalls {

  static final int EPOLL_CLOEXEC = Ctx.O_CLOEXEC;
  static final int EPOLL_CTL_DEL = 2;

  /** EP_MAX_EVENTS: INT_MAX / sizeof(struct epoll_event). */
  static final int EP_MAX_EVENTS = Integer.MAX_VALUE / 12;

  @WaliImport("SYS_epoll_create")
  long epollCreate(Ctx c, int size) {
    return size <= 0 ? -Errno.EINVAL : epollCreate1(c, 0);
  }

  @WaliImport("SYS_epoll_create1")
  long epollCreate1(Ctx c, int flags) {
    long r = c.sys1(c.nr.epoll_create1, flags | EPOLL_CLOEXEC);
    return c.newFd(r, 0, (flags & EPOLL_CLOEXEC) != 0);
  }

  @WaliImport("SYS_epoll_ctl")
  long epollCtl(Ctx c, int epfd, int op, int fd, int event) {
    int hostEp = c.fd(epfd);
    int hostFd = c.fd(fd);
    long ev = 0;
    // The event is read for every op but EPOLL_CTL_DEL (ep_op_has_event); NULL stays NULL.
    if (op != EPOLL_CTL_DEL && event != 0) {
      long src = c.addr(event, WALI_EPOLL_EVENT.size());
      ev = c.scratch() + PollCalls.ARRAY_SLOT;
      StructCodec.convert(WALI_EPOLL_EVENT, src, HostStructs.of(c, WALI_EPOLL_EVENT), ev, 1);
    }
    return c.sys4(c.nr.epoll_ctl, hostEp, op, hostFd, ev);
  }

  @WaliImport("SYS_epoll_wait")
  long epollWaitCall(Ctx c, int epfd, int events, int maxevents, int timeout) {
    return epollWait(c, epfd, events, maxevents, timeout);
  }

  @WaliImport("SYS_epoll_pwait")
  long epollPwait(
      Ctx c, int epfd, int events, int maxevents, int timeout, int sigmask, int sigsetsize) {
    // do_epoll_pwait: the mask is in place before anything else is checked.
    boolean masked = WaitMask.install(c, Ctx.u(sigmask), sigsetsize);
    long r = 0;
    try {
      r = epollWait(c, epfd, events, maxevents, timeout);
      return r;
    } finally {
      WaitMask.finish(c, masked, r, -Errno.EINTR);
    }
  }

  private static long epollWait(Ctx c, int epfd, int events, int maxevents, int timeout) {
    // do_epoll_wait checks maxevents, then the buffer, then the fd.
    if (maxevents <= 0 || maxevents > EP_MAX_EVENTS) {
      return -Errno.EINVAL;
    }
    long dst = c.addr(events, (long) maxevents * WALI_EPOLL_EVENT.size());
    int hostEp = c.fd(epfd);
    long buf = c.scratch() + PollCalls.ARRAY_SLOT;
    Layout host = HostStructs.of(c, WALI_EPOLL_EVENT);
    // Events returned per call at most: what fits in scratch (the rest stay ready for the next).
    int cap = PollCalls.ARRAY_CAP / host.size();
    int max = Math.min(maxevents, cap);
    WaliThread t = InterruptibleCall.caller(c);
    long r =
        t == null
            ? c.sys6(c.nr.epoll_pwait, hostEp, buf, max, timeout, 0, 8)
            : InterruptibleCall.await(
                c,
                t,
                c.nr.epoll_pwait,
                6,
                new long[] {hostEp, buf, max, timeout, 0, 8},
                3,
                0,
                -Errno.EINTR);
    if (r > 0) {
      StructCodec.convert(host, buf, WALI_EPOLL_EVENT, dst, (int) r);
    }
    return r;
  }

  @WaliImport("SYS_eventfd")
  long eventfd(Ctx c, int initval) {
    return eventfd2(c, initval, 0);
  }

  @WaliImport("SYS_eventfd2")
  long eventfd2(Ctx c, int initval, int flags) {
    long r = c.sys2(c.nr.eventfd2, Ctx.u(initval), flags | Ctx.O_CLOEXEC);
    return c.newFd(r, 0, (flags & Ctx.O_CLOEXEC) != 0);
  }

  /** struct itimerspec: interval and value, two timespecs. */
  static final int ITIMERSPEC_SIZE = 2 * Layouts.TIMESPEC_SIZE;

  @WaliImport("SYS_timerfd_create")
  long timerfdCreate(Ctx c, int clockid, int flags) {
    // TFD_CLOEXEC is O_CLOEXEC: on the host always, for the program as it asked (the fd table).
    long r = c.sys2(c.nr.timerfd_create, clockid, flags | Ctx.O_CLOEXEC);
    return c.newFd(r, 0, (flags & Ctx.O_CLOEXEC) != 0);
  }

  @WaliImport("SYS_timerfd_settime")
  long timerfdSettime(Ctx c, int fd, int flags, int newValue, int oldValue) {
    int h = c.fd(fd);
    if (newValue == 0) {
      return -Errno.EFAULT;
    }
    return c.sys4(
        c.nr.timerfd_settime,
        h,
        flags,
        c.addr(newValue, ITIMERSPEC_SIZE),
        c.addrOrNull(oldValue, ITIMERSPEC_SIZE));
  }

  @WaliImport("SYS_timerfd_gettime")
  long timerfdGettime(Ctx c, int fd, int currValue) {
    int h = c.fd(fd);
    return currValue == 0
        ? -Errno.EFAULT
        : c.sys2(c.nr.timerfd_gettime, h, c.addr(currValue, ITIMERSPEC_SIZE));
  }
}
