package io.wali4j.core.kernel;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process's ITIMER_REAL (setitimer(2), alarm(2)): when it expires the process gets SIGALRM, and
 * it rearms itself with its interval. One daemon thread of the JVM keeps the time of every
 * process's timer. A forked child starts without one; execve keeps it.
 */
public final class IntervalTimer {

  /** si_code of a signal the kernel sends (SI_KERNEL). */
  public static final int SI_KERNEL = 0x80;

  private static final ScheduledExecutorService CLOCK =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "wali-itimer");
            t.setDaemon(true);
            return t;
          });

  private final Process process;
  private ScheduledFuture<?> next;
  private long deadline;
  private long interval;

  IntervalTimer(Process process) {
    this.process = process;
  }

  /**
   * Arms the timer to expire in {@code valueNanos} (0 disarms) and then every {@code intervalNanos}
   * (0: once); returns the previous {remaining, interval}.
   */
  public synchronized long[] set(long valueNanos, long intervalNanos) {
    long[] old = get();
    cancel();
    if (valueNanos > 0) {
      interval = intervalNanos;
      schedule(System.nanoTime() + valueNanos);
    }
    return old;
  }

  /** The time left until expiry and the interval, in nanoseconds ({0, 0} when disarmed). */
  public synchronized long[] get() {
    if (next == null) {
      return new long[] {0, 0};
    }
    return new long[] {Math.max(1000, deadline - System.nanoTime()), interval};
  }

  public synchronized void cancel() {
    if (next != null) {
      next.cancel(false);
      next = null;
    }
    interval = 0;
  }

  private void schedule(long at) {
    deadline = at;
    next = CLOCK.schedule(this::expire, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void expire() {
    synchronized (this) {
      if (next == null) {
        return;
      }
      if (interval > 0) {
        schedule(deadline + interval);
      } else {
        next = null;
      }
    }
    process.signal(Signals.SIGALRM, SI_KERNEL, 0);
  }
}
