package io.wali4j.core.kernel;

/**
 * The resource usage wait4 and getrusage(RUSAGE_CHILDREN) report: CPU time in microseconds and the
 * peak resident set in KiB (struct rusage's ru_utime, ru_stime, ru_maxrss).
 */
public record Usage(long userMicros, long systemMicros, long maxRssKib) {

  public static final Usage ZERO = new Usage(0, 0, 0);

  /** Times add up; the peak is the larger peak (as Linux accumulates children). */
  public Usage plus(Usage o) {
    return new Usage(
        userMicros + o.userMicros, systemMicros + o.systemMicros, Math.max(maxRssKib, o.maxRssKib));
  }

  /** The usage of the calling host thread (getrusage RUSAGE_THREAD), read through {@code host}. */
  public static Usage ofCallingThread(Host host, long scratch) {
    long r = host.trap().syscall2(host.nr().getrusage, RUSAGE_THREAD, scratch);
    if (r < 0) {
      return ZERO;
    }
    long user = NativeAccess.U.getLong(scratch) * 1_000_000L + NativeAccess.U.getLong(scratch + 8);
    long sys =
        NativeAccess.U.getLong(scratch + 16) * 1_000_000L + NativeAccess.U.getLong(scratch + 24);
    return new Usage(user, sys, NativeAccess.U.getLong(scratch + 32));
  }

  private static final int RUSAGE_THREAD = 1;

  /** Writes this usage as a WALI struct rusage (272 bytes, zeroed elsewhere) at host {@code at}. */
  public void writeRusage(long at) {
    NativeAccess.U.setMemory(at, 272, (byte) 0);
    NativeAccess.U.putLong(at, userMicros / 1_000_000L);
    NativeAccess.U.putLong(at + 8, userMicros % 1_000_000L);
    NativeAccess.U.putLong(at + 16, systemMicros / 1_000_000L);
    NativeAccess.U.putLong(at + 24, systemMicros % 1_000_000L);
    NativeAccess.U.putLong(at + 32, maxRssKib);
  }
}
