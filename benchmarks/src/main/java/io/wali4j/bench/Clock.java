package io.wali4j.bench;

/**
 * Which time the table reports. Wall time (CLOCK_MONOTONIC / System.nanoTime) is what a user waits;
 * the measuring thread's CPU time (CLOCK_THREAD_CPUTIME_ID / ThreadMXBean) leaves out the time it
 * waited for a core, so it stays comparable on a machine shared with other work. Neither counts the
 * JVM's compiler threads, which the warm-up runs are there to absorb.
 */
public enum Clock {
  WALL,
  CPU
}
