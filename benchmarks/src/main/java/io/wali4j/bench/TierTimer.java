package io.wali4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Times a kernel on an engine tier: untimed warm-up runs, then measured runs. */
public final class TierTimer {

  private TierTimer() {}

  /**
   * Runs {@code runner.run(n)} {@code max(warmup, 1)} times untimed (the first run fixes the
   * expected checksum), then {@code reps} times timed.
   *
   * @throws ChecksumMismatchException when a later run returns a different checksum: a kernel is a
   *     pure function of n, so that is an engine bug
   */
  public static Measurement measure(KernelRunner runner, int n, int warmup, int reps) {
    long expected = runner.run(n);
    for (int i = 1; i < warmup; i++) {
      check(expected, runner.run(n), "warm-up run " + (i + 1));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] wall = new long[reps];
    long[] cpu = new long[reps];
    for (int i = 0; i < reps; i++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long got = runner.run(n);
      cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
      wall[i] = System.nanoTime() - start;
      check(expected, got, "measured run " + (i + 1));
    }
    return new Measurement(expected, wall, cpu);
  }

  private static void check(long expected, long got, String which) {
    if (got != expected) {
      throw new ChecksumMismatchException(
          which + " returned " + got + " but the first run returned " + expected);
    }
  }
}
