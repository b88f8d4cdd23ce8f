package io.wali4j.core.syscall;

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

  @WaliImport("SYS_clock_nanosleep")
  long clockNanosleep(Ctx c, int clockid, int flags, int request, int remain) {
    return c.sys4(
        c.nr.clock_nanosleep,
        clockid,
        flags,
        c.addr(request, Layouts.TIMESPEC_SIZE),
        c.addrOrNull(remain, Layouts.TIMESPEC_SIZE));
  }

  @WaliImport("SYS_nanosleep")
  long nanosleep(Ctx c, int req, int rem) {
    return c.sys2(
        c.nr.nanosleep,
        c.addr(req, Layouts.TIMESPEC_SIZE),
        c.addrOrNull(rem, Layouts.TIMESPEC_SIZE));
  }

  @WaliImport("SYS_gettimeofday")
  long gettimeofday(Ctx c, int tv, int tz) {
    return c.sys2(
        c.nr.gettimeofday,
        c.addrOrNull(tv, Layouts.TIMESPEC_SIZE),
        c.addrOrNull(tz, Layouts.TIMEZONE_SIZE));
  }
}
