package io.wali4j.core.kernel;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process's CPU-time interval timers (setitimer(2)): ITIMER_VIRTUAL counts the user CPU time of
 * the process's threads and sends SIGVTALRM, ITIMER_PROF counts user and system time and sends
 * SIGPROF; each reloads with its interval. The time is the kernel's own: every thread's per-thread
 * CPU clock (clock_gettime on the thread's CPUCLOCK_VIRT or CPUCLOCK_PROF clock, the clocks these
 * timers run on in Linux) plus what ended threads used. While a timer is armed, one daemon thread
 * of the JVM samples the clocks every {@link #TICK_NANOS} (Linux checks them at its tick, 4 ms or
 * so), so a timer fires up to a tick late; a process without an armed timer costs nothing. A forked
 * child starts without these timers; execve keeps them.
 */
public final class CpuTimers {

  public static final int ITIMER_VIRTUAL = 1;
  public static final int ITIMER_PROF = 2;

  static final int SIGVTALRM = 26;
  static final int SIGPROF = 27;

  /** How often armed timers look at the clocks. */
  static final long TICK_NANOS = 10_000_000L;

  // The clock ids of a thread's CPU clocks (Linux's MAKE_THREAD_CPUCLOCK).
  private static final int CPUCLOCK_PROF = 0;
  private static final int CPUCLOCK_VIRT = 1;
  private static final int CPUCLOCK_PERTHREAD = 4;

  private static final ScheduledExecutorService CLOCK =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "wali-cputimer");
            t.setDaemon(true);
            return t;
          });

  private final Process process;

  /** Per timer (index ITIMER_VIRTUAL, ITIMER_PROF): armed, and its expiry on its CPU clock. */
  private final boolean[] armed = new boolean[3];

  private final long[] expiry = new long[3];
  private final long[] interval = new long[3];

  /** User and user+system nanoseconds of the process's threads that have ended. */
  private long endedVirt;

  private long endedProf;
  private ScheduledFuture<?> ticker;

  /** A timespec for reading clocks under this object's lock; allocated when first armed. */
  private long buffer;

  CpuTimers(Process process) {
    this.process = process;
  }

  /**
   * Arms timer {@code which} to expire after {@code valueNanos} of its CPU time (0 disarms), then
   * every {@code intervalNanos} (0: once); returns the previous {remaining, interval}.
   */
  public synchronized long[] set(int which, long valueNanos, long intervalNanos) {
    long[] old = get(which);
    armed[which] = valueNanos > 0;
    interval[which] = valueNanos > 0 ? intervalNanos : 0;
    if (valueNanos > 0) {
      if (buffer == 0) {
        buffer = NativeAccess.U.allocateMemory(16);
      }
      expiry[which] = cpu(which) + valueNanos;
    }
    schedule();
    return old;
  }

  /** The CPU time left until timer {@code which} expires and its interval ({0, 0} disarmed). */
  public synchronized long[] get(int which) {
    if (!armed[which]) {
      return new long[] {0, 0};
    }
    long left = expiry[which] - cpu(which);
    // Expired but not yet seen by the sampler: a little is left, as Linux never reports 0 then.
    return new long[] {Math.max(1000, left), interval[which]};
  }

  /** Disarms both for good (the process ends). */
  public synchronized void cancel() {
    armed[ITIMER_VIRTUAL] = false;
    armed[ITIMER_PROF] = false;
    schedule();
    if (buffer != 0) {
      NativeAccess.U.freeMemory(buffer);
      buffer = 0;
    }
  }

  /** The calling thread, one of the process's, ends: its CPU time stays counted. */
  void threadEnded(WaliThread t) {
    int tid = t.hostTid();
    if (tid <= 0) {
      return;
    }
    long buf = NativeAccess.U.allocateMemory(16);
    try {
      long virt = threadClock(tid, CPUCLOCK_VIRT, buf);
      long prof = threadClock(tid, CPUCLOCK_PROF, buf);
      synchronized (this) {
        endedVirt += virt;
        endedProf += prof;
      }
    } finally {
      NativeAccess.U.freeMemory(buf);
    }
  }

  private void schedule() {
    boolean any = armed[ITIMER_VIRTUAL] || armed[ITIMER_PROF];
    if (any && ticker == null) {
      ticker = CLOCK.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
    } else if (!any && ticker != null) {
      ticker.cancel(false);
      ticker = null;
    }
  }

  private void tick() {
    boolean virt = expire(ITIMER_VIRTUAL);
    boolean prof = expire(ITIMER_PROF);
    if (virt) {
      process.signal(SIGVTALRM, IntervalTimer.SI_KERNEL, 0);
    }
    if (prof) {
      process.signal(SIGPROF, IntervalTimer.SI_KERNEL, 0);
    }
  }

  /** Whether timer {@code which} has expired now; reloads or disarms it. */
  private synchronized boolean expire(int which) {
    if (!armed[which]) {
      return false;
    }
    long now = cpu(which);
    if (now < expiry[which]) {
      return false;
    }
    if (interval[which] > 0) {
      // One signal however many intervals passed (a pending standard signal merges anyway).
      long behind = (now - expiry[which]) / interval[which] + 1;
      expiry[which] += behind * interval[which];
    } else {
      armed[which] = false;
      schedule();
    }
    return true;
  }

  /** The process's CPU time on timer {@code which}'s clock, in nanoseconds. Holds the lock. */
  private long cpu(int which) {
    int clock = which == ITIMER_VIRTUAL ? CPUCLOCK_VIRT : CPUCLOCK_PROF;
    long sum = which == ITIMER_VIRTUAL ? endedVirt : endedProf;
    for (WaliThread t : process.threads().all()) {
      int tid = t.hostTid();
      if (tid > 0) {
        sum += threadClock(tid, clock, buffer);
      }
    }
    return sum;
  }

  /** Host thread {@code tid}'s CPU clock {@code clock}, in ns (0 when the thread is gone). */
  private long threadClock(int tid, int clock, long buf) {
    Host host = process.host();
    int id = (~tid << 3) | CPUCLOCK_PERTHREAD | clock;
    long r = host.trap().syscall2(host.nr().clock_gettime, id, buf);
    if (r < 0) {
      return 0;
    }
    return NativeAccess.U.getLong(buf) * 1_000_000_000L + NativeAccess.U.getLong(buf + 8);
  }
}
