package io.wali4j.core.exec;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The waiters of one shared memory, a FIFO queue per address, for memory.atomic.wait and notify
 * (and the futex calls built on them). The value check and the enqueue happen under the same lock
 * that notify takes, so a notify issued after a store cannot miss a waiter that saw the old value.
 */
final class WaiterQueue {

  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    volatile boolean woken;
  }

  private final Map<Long, ArrayDeque<Waiter>> queues = new HashMap<>();

  /**
   * Waits on {@code ea} while {@code stillExpected} holds: 0 woken, 1 not equal, 2 timed out. An
   * interrupted waiter stops waiting as if timed out and keeps its interrupt status, so the thread
   * that interrupted it (signal delivery) is seen at the next safe point.
   */
  int await(long ea, BooleanSupplier stillExpected, long timeoutNanos) {
    Waiter w = new Waiter();
    synchronized (this) {
      if (!stillExpected.getAsBoolean()) {
        return 1;
      }
      queues.computeIfAbsent(ea, k -> new ArrayDeque<>()).add(w);
    }
    long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
    while (!w.woken) {
      long remaining = timeoutNanos < 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
      if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
        synchronized (this) {
          if (w.woken) {
            return 0;
          }
          remove(ea, w);
          return 2;
        }
      }
      if (timeoutNanos < 0) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, remaining);
      }
    }
    return 0;
  }

  /** Wakes up to {@code count} waiters on {@code ea}, oldest first; returns how many. */
  synchronized int wake(long ea, long count) {
    ArrayDeque<Waiter> q = queues.get(ea);
    int n = 0;
    while (q != null && n < count && !q.isEmpty()) {
      Waiter w = q.poll();
      w.woken = true;
      LockSupport.unpark(w.thread);
      n++;
    }
    if (q != null && q.isEmpty()) {
      queues.remove(ea);
    }
    return n;
  }

  private void remove(long ea, Waiter w) {
    ArrayDeque<Waiter> q = queues.get(ea);
    if (q != null) {
      q.remove(w);
      if (q.isEmpty()) {
        queues.remove(ea);
      }
    }
  }
}
