package io.wali4j.bench;

import java.util.Arrays;

/**
 * The checksum a kernel returned and the wall and CPU times of its measured runs.
 *
 * @param checksum what {@code run(n)} returned (the same on every run)
 * @param wallNs the wall time of each measured run, in the order they ran
 * @param cpuNs the measuring thread's CPU time of each measured run
 */
public record Measurement(long checksum, long[] wallNs, long[] cpuNs) {

  public Measurement {
    if (wallNs.length == 0 || wallNs.length != cpuNs.length) {
      throw new IllegalArgumentException("a measurement needs a wall and a CPU time per run");
    }
    wallNs = wallNs.clone();
    cpuNs = cpuNs.clone();
  }

  /** The median run time on {@code clock} (the mean of the middle two for an even count). */
  public long medianNs(Clock clock) {
    return median(clock == Clock.WALL ? wallNs : cpuNs);
  }

  public double medianMs(Clock clock) {
    return medianNs(clock) / 1e6;
  }

  static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  @Override
  public long[] wallNs() {
    return wallNs.clone();
  }

  @Override
  public long[] cpuNs() {
    return cpuNs.clone();
  }
}
