package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;
import static io.wali4j.core.syscall.Layouts.HOST_POLLFD;
import static io.wali4j.core.syscall.Layouts.WALI_POLLFD;

import io.wali4j.core.kernel.Scratch;
import io.wali4j.core.kernel.WaliThread;
import java.util.BitSet;

/**
 * poll, ppoll, select, pselect6, all served by the host's ppoll and pselect6 (every ISA has them;
 * aarch64 and riscv64 lack poll and select). Descriptors are WALI numbers in memory and host fds in
 * the scratch copy the kernel sees; results are mapped back. A WALI signal ends the wait ({@link
 * InterruptibleCall#await}): EINTR after a handler, made again when none ran (ERESTARTNOHAND) with
 * the time left (poll through its {@link RestartBlock}, the others through the timespec or timeval
 * the host kernel updated). The signal masks of ppoll and pselect6 are in force for the wait on the
 * thread's WALI mask ({@link WaitMask}).
 */
final class PollCalls {

  static final int POLLNVAL = 0x20;

  // Scratch: a timespec, then the host pollfd array or the three host fd_sets.
  static final int TIMESPEC_SLOT = 64;
  static final int ZERO_SLOT = 96;
  static final int ARRAY_SLOT = 1024;
  static final int ARRAY_CAP = Scratch.SIZE - ARRAY_SLOT;

  private static final long NANOS = 1_000_000_000L;

  @WaliImport("SYS_poll")
  long poll(Ctx c, int fds, long nfds, int timeout) {
    long ts = 0;
    long deadline = RestartBlock.take();
    if (deadline != RestartBlock.NONE) {
      // Made again after a signal that ran no handler: what is left of the first deadline.
      ts = timespec(c, Math.max(0, deadline - System.nanoTime()));
    } else if (timeout >= 0) {
      ts = timespec(c, timeout * 1_000_000L);
    }
    long r = doPoll(c, fds, nfds, ts);
    if (r == SignalDelivery.ERESTARTNOHAND && ts != 0) {
      // The host's ppoll left the time that remains in the timespec.
      RestartBlock.put(System.nanoTime() + U.getLong(ts) * NANOS + U.getLong(ts + 8));
    }
    return r;
  }

  /** {@code nanos} as the scratch timespec. */
  private static long timespec(Ctx c, long nanos) {
    long ts = c.scratch() + TIMESPEC_SLOT;
    U.putLong(ts, nanos / NANOS);
    U.putLong(ts + 8, nanos % NANOS);
    return ts;
  }

  @WaliImport("SYS_ppoll")
  long ppoll(Ctx c, int fds, long nfds, int tmo, int sigmask, int sigsetsize) {
    // do_sys_ppoll: the timeout is checked before the mask is read.
    long ts = checkedTimespec(c, tmo);
    boolean masked = WaitMask.install(c, Ctx.u(sigmask), sigsetsize);
    long r = 0;
    try {
      r = doPoll(c, fds, nfds, ts);
      return r;
    } finally {
      WaitMask.finish(c, masked, r, SignalDelivery.ERESTARTNOHAND);
    }
  }

  /**
   * The host address of the timespec at {@code ptr}, 0 for NULL; EFAULT outside memory, EINVAL for
   * a negative one or nanoseconds not below a second (poll_select_set_timeout).
   */
  private static long checkedTimespec(Ctx c, int ptr) {
    long ts = c.addrOrNull(ptr, Layouts.TIMESPEC_SIZE);
    if (ts != 0 && (U.getLong(ts) < 0 || Long.compareUnsigned(U.getLong(ts + 8), NANOS) >= 0)) {
      throw SyscallError.EINVAL;
    }
    return ts;
  }

  private static long doPoll(Ctx c, int fds, long nfds, long ts) {
    // do_sys_poll: more entries than RLIMIT_NOFILE is EINVAL; the host copy must fit in scratch.
    if (nfds < 0 || nfds > Math.min(c.p.rlimits().fdLimit(), ARRAY_CAP / HOST_POLLFD.size())) {
      return -Errno.EINVAL;
    }
    int n = (int) nfds;
    long src = c.addr(fds, (long) n * WALI_POLLFD.size());
    long dst = c.scratch() + ARRAY_SLOT;
    BitSet notOpen = null;
    for (int i = 0; i < n; i++) {
      long w = src + (long) i * WALI_POLLFD.size();
      long h = dst + (long) i * HOST_POLLFD.size();
      int fd = (int) StructCodec.get(WALI_POLLFD, w, 0);
      int hostFd = fd < 0 ? -1 : c.p.fds().host(fd);
      if (fd >= 0 && hostFd < 0) {
        notOpen = notOpen == null ? new BitSet(n) : notOpen;
        notOpen.set(i);
      }
      StructCodec.put(HOST_POLLFD, h, 0, hostFd);
      StructCodec.put(HOST_POLLFD, h, 1, StructCodec.get(WALI_POLLFD, w, 1));
      StructCodec.put(HOST_POLLFD, h, 2, 0);
    }
    long timeout = ts;
    if (notOpen != null) {
      // A closed fd reports POLLNVAL at once: the host must not wait.
      timeout = c.scratch() + TIMESPEC_SLOT;
      U.putLong(timeout, 0);
      U.putLong(timeout + 8, 0);
    }
    WaliThread t = InterruptibleCall.caller(c);
    long r =
        t == null
            ? c.sys5(c.nr.ppoll, dst, n, timeout, 0, 8)
            : InterruptibleCall.await(
                c,
                t,
                c.nr.ppoll,
                5,
                new long[] {dst, n, timeout, 0, 8},
                2,
                zeroTimespec(c),
                SignalDelivery.ERESTARTNOHAND);
    if (r < 0) {
      if (notOpen == null || r != SignalDelivery.ERESTARTNOHAND) {
        return r;
      }
      r = 0; // the closed fds are reported first, as do_poll counts them before it sees a signal
    }
    for (int i = 0; i < n; i++) {
      long w = src + (long) i * WALI_POLLFD.size();
      long rev = StructCodec.get(HOST_POLLFD, dst + (long) i * HOST_POLLFD.size(), 2);
      if (notOpen != null && notOpen.get(i)) {
        rev = POLLNVAL;
        r++;
      }
      StructCodec.put(WALI_POLLFD, w, 2, rev);
    }
    return r;
  }

  /** A zero timespec in scratch, for a poll that must not wait. */
  static long zeroTimespec(Ctx c) {
    long ts = c.scratch() + ZERO_SLOT;
    U.putLong(ts, 0);
    U.putLong(ts + 8, 0);
    return ts;
  }

  @WaliImport("SYS_select")
  long select(Ctx c, int nfds, int readfds, int writefds, int exceptfds, int timeout) {
    long tv = c.addrOrNull(timeout, Layouts.TIMESPEC_SIZE);
    long ts = 0;
    if (tv != 0) {
      long sec = U.getLong(tv);
      long usec = U.getLong(tv + 8);
      if (sec < 0 || usec < 0) {
        return -Errno.EINVAL;
      }
      // kern_select: microseconds beyond a second carry into the seconds.
      ts = c.scratch() + TIMESPEC_SLOT;
      U.putLong(ts, sec + usec / 1_000_000);
      U.putLong(ts + 8, usec % 1_000_000 * 1000);
    }
    long r = FdSets.select(c, nfds, readfds, writefds, exceptfds, ts);
    if (tv != 0) {
      // Linux's select writes the time left back into the timeval.
      U.putLong(tv, U.getLong(ts));
      U.putLong(tv + 8, U.getLong(ts + 8) / 1000);
    }
    return r;
  }

  /**
   * The sixth argument points at {sigset_t *mask; size_t size} (two WALI longs), read as Linux's
   * get_sigset_argpack does: NULL or a NULL mask leaves the thread's mask as it is.
   */
  @WaliImport("SYS_pselect6")
  long pselect6(
      Ctx c, int nfds, int readfds, int writefds, int exceptfds, int timeout, int sigmask) {
    long mask = 0;
    long size = 0;
    if (sigmask != 0) {
      long pack = c.addr(sigmask, 16);
      mask = U.getLong(pack);
      size = U.getLong(pack + 8);
    }
    long ts = checkedTimespec(c, timeout);
    boolean masked = WaitMask.install(c, mask, size);
    long r = 0;
    try {
      r = FdSets.select(c, nfds, readfds, writefds, exceptfds, ts);
      return r;
    } finally {
      WaitMask.finish(c, masked, r, SignalDelivery.ERESTARTNOHAND);
    }
  }
}
