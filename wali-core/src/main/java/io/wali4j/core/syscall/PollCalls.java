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
 * InterruptibleCall#await}): EINTR after a handler, made again when none ran (ERESTARTNOHAND). The
 * signal masks of ppoll and pselect6 are ignored for now (the host mask belongs to the JVM thread).
 */
final class PollCalls {

  static final int POLLNVAL = 0x20;

  // Scratch: a timespec, then the host pollfd array or the three host fd_sets.
  static final int TIMESPEC_SLOT = 64;
  static final int ZERO_SLOT = 96;
  static final int ARRAY_SLOT = 1024;
  static final int ARRAY_CAP = Scratch.SIZE - ARRAY_SLOT;

  @WaliImport("SYS_poll")
  long poll(Ctx c, int fds, long nfds, int timeout) {
    long ts = 0;
    if (timeout >= 0) {
      ts = c.scratch() + TIMESPEC_SLOT;
      U.putLong(ts, timeout / 1000);
      U.putLong(ts + 8, (timeout % 1000) * 1_000_000L);
    }
    return doPoll(c, fds, nfds, ts);
  }

  /** The sigmask is ignored for now (see the class comment). */
  @WaliImport("SYS_ppoll")
  long ppoll(Ctx c, int fds, long nfds, int tmo, int sigmask, int sigsetsize) {
    return doPoll(c, fds, nfds, c.addrOrNull(tmo, Layouts.TIMESPEC_SIZE));
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
      return r;
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

  /** The sigmask argument is ignored for now (see the class comment). */
  @WaliImport("SYS_pselect6")
  long pselect6(
      Ctx c, int nfds, int readfds, int writefds, int exceptfds, int timeout, int sigmask) {
    long ts = c.addrOrNull(timeout, Layouts.TIMESPEC_SIZE);
    return FdSets.select(c, nfds, readfds, writefds, exceptfds, ts);
  }
}
