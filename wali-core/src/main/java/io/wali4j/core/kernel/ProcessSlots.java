package io.wali4j.core.kernel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live-process count of one runtime against its limit ({@code Limits.processes}): a process
 * takes a slot before it starts and gives it back when it ends. A fork that finds no slot fails
 * with EAGAIN, as fork(2) does past RLIMIT_NPROC, so a fork bomb stops at the limit instead of
 * filling the JVM with threads.
 */
public final class ProcessSlots {

  private final AtomicInteger live = new AtomicInteger();
  private volatile int limit;

  public ProcessSlots(int limit) {
    limit(limit);
  }

  /** Takes a slot; false when {@link #limit()} processes are already live. */
  public boolean tryAcquire() {
    while (true) {
      int n = live.get();
      if (n >= limit) {
        return false;
      }
      if (live.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Gives back a slot taken by {@link #tryAcquire()}. */
  public void release() {
    int n = live.decrementAndGet();
    if (n < 0) {
      live.incrementAndGet();
      throw new IllegalStateException("process slot released twice");
    }
    if (n == 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /**
   * Waits until no process holds a slot: every process of the runtime has ended (processes that
   * start meanwhile are waited for too).
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public synchronized void awaitNone() throws InterruptedException {
    while (live.get() > 0) {
      wait();
    }
  }

  /** Processes holding a slot now. */
  public int live() {
    return live.get();
  }

  public int limit() {
    return limit;
  }

  /** Changes the limit; processes already live keep their slots. */
  public void limit(int newLimit) {
    if (newLimit < 1) {
      throw new IllegalArgumentException("process limit must be at least 1: " + newLimit);
    }
    this.limit = newLimit;
  }
}
