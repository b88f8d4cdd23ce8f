package io.wali4j.core.syscall;

import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.SignalMask;

/** Clocks and sleeping; the structs (timespec, timeval, timezone) are the host's on x86_64. */
final class TimeCalls {

  @WaliImport("SYS_clock_gettime")
  long clockGettime(Ctx c, int clockid, int tp) {
    return c.sys2(c.nr.clock_gettime, clockid, c.addr(tp, Layouts.TIMESPEC_SIZE));
  }

  @WaliImport("SYS_clock_getres")
  long clockGetres(Ctx c, int clockid, int res) {
    return c.sys2(c.nr.clock_getres, clockid, c.addrOrNull(res, Layouts.TIMESPEC_SIZE));
  }

  static final int CLOCK_REALTIME = 0;
  static final int CLOCK_MONOTONIC = 1;
  static final int TIMER_ABSTIME = 1;

  /** A relative sleep on the realtime or monotonic clock is interruptible by signals. */
  @WaliImport("SYS_clock_nanosleep")
  long clockNanosleep(Ctx c, int clockid, int flags, int request, int remain) {
    if ((clockid == CLOCK_REALTIME || clockid == CLOCK_MONOTONIC) && flags == 0) {
      return sleep(c, request, remain);
    }
    return c.sys4(
        c.nr.clock_nanosleep,
        clockid,
        flags,
        c.addr(request, Layouts.TIMESPEC_SIZE),
        c.addrOrNull(remain, Layouts.TIMESPEC_SIZE));
  }

  /** Sleeps in the process's signal wait, so that a signal ends it with EINTR (and *rem). */
  @WaliImport("SYS_nanosleep")
  long nanosleep(Ctx c, int req, int rem) {
    return sleep(c, req, rem);
  }

  private static long sleep(Ctx c, int req, int rem) {
    long in = c.addr(req, Layouts.TIMESPEC_SIZE);
    long out = c.addrOrNull(rem, Layouts.TIMESPEC_SIZE);
    long sec = NativeAccess.U.getLong(in);
    long nsec = NativeAccess.U.getLong(in + 8);
    if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
      return -Errno.EINVAL;
    }
    long nanos =
        sec > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
    long left = c.p.signals().sleep(nanos, SignalMask.get());
    if (left == 0) {
      return 0;
    }
    if (out != 0) {
      NativeAccess.U.putLong(out, left / 1_000_000_000L);
      NativeAccess.U.putLong(out + 8, left % 1_000_000_000L);
    }
    return -Errno.EINTR;
  }

  @WaliImport("SYS_gettimeofday")
  long gettimeofday(Ctx c, int tv, int tz) {
    return c.sys2(
        c.nr.gettimeofday,
        c.addrOrNull(tv, Layouts.TIMESPEC_SIZE),
        c.addrOrNull(tz, Layouts.TIMEZONE_SIZE));
  }
}
