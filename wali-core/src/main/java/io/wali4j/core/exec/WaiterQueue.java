package io.wali4j.core.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The waiters of one memory, a FIFO queue per address, for memory.atomic.wait and notify and the
 * futex calls built on them (so a Wasm wait and a futex wait on the same word see each other's
 * wakes). The value check and the enqueue happen under the same lock that wake and requeue take, so
 * a wake issued after a store cannot miss a waiter that saw the old value.
 */
final class WaiterQueue {

  static final int WOKEN = 0;
  static final int NOT_EQUAL = 1;
  static final int TIMED_OUT = 2;
  static final int INTERRUPTED = 3;

  /** The bitset of a waiter or wake that matches every other (memory.atomic.wait/notify). */
  static final int ANY = -1;

  /**
   * Kinds of waits and wakes, as bits: a waiter is woken only by a wake of a kind it shares. Linux
   * keys a private futex apart from a shared one on the same word (futex(2), FUTEX_PRIVATE_FLAG); a
   * Wasm wait or notify is of both kinds, so it meets either futex.
   */
  static final int PRIVATE = 1;

  static final int SHARED = 2;
  static final int ANY_KIND = PRIVATE | SHARED;

  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    final int bitset;
    final int kind;

    /** The address whose queue holds this waiter; a requeue moves it (guarded by the queue). */
    long ea;

    volatile boolean woken;

    Waiter(long ea, int bitset, int kind) {
      this.ea = ea;
      this.bitset = bitset;
      this.kind = kind;
    }
  }

  private final Map<Long, ArrayDeque<Waiter>> queues = new HashMap<>();

  /**
   * Waits on {@code ea} while {@code stillExpected} holds, to be woken by a wake whose bitset
   * shares a bit with {@code bitset}: {@link #WOKEN}, {@link #NOT_EQUAL}, {@link #TIMED_OUT}
   * ({@code timeoutNanos} negative waits forever) or {@link #INTERRUPTED}. An interrupted waiter
   * keeps its interrupt status: the interrupt (signal delivery, exit_group) is a per-thread wake
   * that cannot be lost, whether it comes before or during the wait.
   */
  int await(long ea, BooleanSupplier stillExpected, int bitset, int kind, long timeoutNanos) {
    Waiter w = new Waiter(ea, bitset, kind);
    synchronized (this) {
      if (!stillExpected.getAsBoolean()) {
        return NOT_EQUAL;
      }
      queues.computeIfAbsent(ea, k -> new ArrayDeque<>()).add(w);
    }
    long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
    while (!w.woken) {
      long remaining = timeoutNanos < 0 ? Long.MAX_VALUE : deadline - System.nanoTime();
      boolean interrupted = Thread.currentThread().isInterrupted();
      if (remaining <= 0 || interrupted) {
        synchronized (this) {
          if (w.woken) {
            return WOKEN;
          }
          remove(w);
          return interrupted ? INTERRUPTED : TIMED_OUT;
        }
      }
      if (timeoutNanos < 0) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, remaining);
      }
    }
    return WOKEN;
  }

  /**
   * Wakes up to {@code count} waiters on {@code ea} whose bitset shares a bit with {@code bitset}
   * and whose kind meets {@code kind}, oldest first; returns how many.
   */
  synchronized int wake(long ea, long count, int bitset, int kind) {
    return wakeLocked(ea, count, bitset, kind);
  }

  /**
   * Wakes up to {@code wakeCount} waiters of kind {@code kind} on {@code from} and moves up to
   * {@code requeueCount} of the rest of that kind, in order, to the back of {@code to}'s queue;
   * returns how many were woken or moved, or -1 without touching anything when {@code precondition}
   * (checked under the queue's lock) fails.
   */
  synchronized int requeue(
      long from,
      long to,
      long wakeCount,
      long requeueCount,
      int kind,
      BooleanSupplier precondition) {
    if (!precondition.getAsBoolean()) {
      return -1;
    }
    int woken = wakeLocked(from, wakeCount, ANY, kind);
    ArrayDeque<Waiter> q = queues.get(from);
    if (q == null) {
      return woken;
    }
    List<Waiter> picked = new ArrayList<>();
    for (Iterator<Waiter> it = q.iterator(); it.hasNext() && picked.size() < requeueCount; ) {
      Waiter w = it.next();
      if ((w.kind & kind) != 0) {
        it.remove();
        picked.add(w);
      }
    }
    int moved = picked.size();
    if (moved > 0) {
      ArrayDeque<Waiter> target = queues.computeIfAbsent(to, k -> new ArrayDeque<>());
      for (Waiter w : picked) {
        w.ea = to;
        target.add(w);
      }
    }
    if (q.isEmpty()) {
      queues.remove(from);
    }
    return woken + moved;
  }

  /**
   * Runs {@code update} under the queue's lock and wakes as FUTEX_WAKE_OP does: up to {@code
   * count1} waiters of kind {@code kind} on {@code ea1}, then, when {@code update} returned true,
   * up to {@code count2} on {@code ea2}; returns how many in all.
   */
  synchronized int wakeOp(
      long ea1, long count1, long ea2, long count2, int kind, BooleanSupplier update) {
    boolean second = update.getAsBoolean();
    int n = wakeLocked(ea1, count1, ANY, kind);
    if (second) {
      n += wakeLocked(ea2, count2, ANY, kind);
    }
    return n;
  }

  private int wakeLocked(long ea, long count, int bitset, int kind) {
    ArrayDeque<Waiter> q = queues.get(ea);
    if (q == null) {
      return 0;
    }
    int n = 0;
    for (Iterator<Waiter> it = q.iterator(); it.hasNext() && n < count; ) {
      Waiter w = it.next();
      if ((w.bitset & bitset) == 0 || (w.kind & kind) == 0) {
        continue;
      }
      it.remove();
      w.woken = true;
      LockSupport.unpark(w.thread);
      n++;
    }
    if (q.isEmpty()) {
      queues.remove(ea);
    }
    return n;
  }

  private void remove(Waiter w) {
    ArrayDeque<Waiter> q = queues.get(w.ea);
    if (q != null) {
      q.remove(w);
      if (q.isEmpty()) {
        queues.remove(w.ea);
      }
    }
  }
}
