package io.wali4j.bench;

import java.util.Arrays;

/**
 * The checksum a kernel returned and the wall times of its measured runs.
 *
 * @param checksum what {@code run(n)} returned (the same on every run)
 * @param runsNs the measured runs, in the order they ran
 */
public record Measurement(long checksum, long[] runsNs) {

  public Measurement {
    if (runsNs.length == 0) {
      throw new IllegalArgumentException("a measurement needs at least one run");
    }
    runsNs = runsNs.clone();
  }

  /** The median run time (the mean of the middle two for an even count). */
  public long medianNs() {
    long[] sorted = runsNs.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  public double medianMs() {
    return medianNs() / 1e6;
  }

  @Override
  public long[] runsNs() {
    return runsNs.clone();
  }
}
