package io.wali4j.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.wasm.Limits;
import io.wali4j.core.wasm.MemoryType;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The futex operations of {@link Memory}: bitsets, private and shared kinds, requeue, wake-op,
 * interrupts, and their meeting with memory.atomic.wait/notify on the same word.
 */
class FutexTest {

  private static final int ALL = -1;
  private static final int PRIVATE = Memory.futexKind(true);
  private static final int SHARED = Memory.futexKind(false);
  private static final long FOREVER = -1;

  private final Memory mem = new Memory(new MemoryType(new Limits(1, 1, true)));
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Starts {@code wait} on a pool thread and returns once that thread is parked in it. */
  private Future<Integer> parked(Callable<Integer> wait) throws InterruptedException {
    Thread[] runner = new Thread[1];
    Future<Integer> f =
        pool.submit(
            () -> {
              synchronized (runner) {
                runner[0] = Thread.currentThread();
                runner.notifyAll();
              }
              return wait.call();
            });
    Thread t;
    synchronized (runner) {
      while (runner[0] == null) {
        runner.wait();
      }
      t = runner[0];
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      assertTrue(System.nanoTime() < deadline, "the waiter never blocked");
      Thread.sleep(1);
    }
    return f;
  }

  private static int result(Future<Integer> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void waitChecksTheValueAndTimesOut() {
    mem.storeI32(0, 5);
    assertEquals(Memory.FUTEX_NOT_EQUAL, mem.futexWait(0, 4, ALL, PRIVATE, FOREVER));
    long t0 = System.nanoTime();
    assertEquals(Memory.FUTEX_TIMED_OUT, mem.futexWait(0, 5, ALL, PRIVATE, 20_000_000));
    assertTrue(System.nanoTime() - t0 >= 20_000_000);
  }

  @Test
  void futexWorksOnUnsharedMemoryToo() {
    Memory single = new Memory(new MemoryType(new Limits(1, 1, false)));
    assertEquals(Memory.FUTEX_TIMED_OUT, single.futexWait(8, 0, ALL, PRIVATE, 0));
    assertEquals(0, single.futexWake(8, 1, ALL, PRIVATE));
  }

  @Test
  void aWakeReachesOnlyWaitersWithACommonBit() throws Exception {
    Future<Integer> one = parked(() -> mem.futexWait(16, 0, 1, PRIVATE, FOREVER));
    Future<Integer> two = parked(() -> mem.futexWait(16, 0, 2, PRIVATE, FOREVER));
    assertEquals(0, mem.futexWake(16, 10, 4, PRIVATE));
    assertEquals(1, mem.futexWake(16, 10, 2, PRIVATE));
    assertEquals(Memory.FUTEX_WOKEN, result(two));
    assertFalse(one.isDone());
    assertEquals(1, mem.futexWake(16, 10, 3, PRIVATE));
    assertEquals(Memory.FUTEX_WOKEN, result(one));
  }

  @Test
  void privateAndSharedFutexesOnOneWordAreApartButWasmMeetsBoth() throws Exception {
    Future<Integer> priv = parked(() -> mem.futexWait(24, 0, ALL, PRIVATE, FOREVER));
    assertEquals(0, mem.futexWake(24, 10, ALL, SHARED));
    assertEquals(1, mem.futexWake(24, 10, ALL, PRIVATE));
    assertEquals(Memory.FUTEX_WOKEN, result(priv));

    Future<Integer> shared = parked(() -> mem.futexWait(24, 0, ALL, SHARED, FOREVER));
    assertEquals(1, mem.atomicNotify(24, 10), "a Wasm notify wakes a futex waiter");
    assertEquals(Memory.FUTEX_WOKEN, result(shared));

    Future<Integer> wasm = parked(() -> mem.atomicWait(24, 4, 0, FOREVER));
    assertEquals(1, mem.futexWake(24, 10, ALL, PRIVATE), "a futex wake wakes a Wasm waiter");
    assertEquals(0, result(wasm));
  }

  @Test
  void requeueMovesWaitersToTheOtherWord() throws Exception {
    Future<Integer> a = parked(() -> mem.futexWait(32, 0, ALL, PRIVATE, FOREVER));
    Future<Integer> b = parked(() -> mem.futexWait(32, 0, ALL, PRIVATE, FOREVER));
    Future<Integer> c = parked(() -> mem.futexWait(32, 0, ALL, PRIVATE, FOREVER));
    // The value check fails: nothing happens.
    assertEquals(-1, mem.futexRequeue(32, 40, 1, 10, PRIVATE, true, 7));
    // Wake the oldest, move the next one, leave the third.
    assertEquals(2, mem.futexRequeue(32, 40, 1, 1, PRIVATE, true, 0));
    assertEquals(Memory.FUTEX_WOKEN, result(a));
    assertFalse(b.isDone());
    assertEquals(1, mem.futexWake(40, 10, ALL, PRIVATE));
    assertEquals(Memory.FUTEX_WOKEN, result(b));
    assertFalse(c.isDone());
    assertEquals(1, mem.futexWake(32, 10, ALL, PRIVATE));
    assertEquals(Memory.FUTEX_WOKEN, result(c));
  }

  @Test
  void aRequeuedWaiterThatTimesOutLeavesTheNewQueue() throws Exception {
    Future<Integer> w = parked(() -> mem.futexWait(48, 0, ALL, PRIVATE, 200_000_000));
    assertEquals(1, mem.futexRequeue(48, 56, 0, 1, PRIVATE, false, 0));
    assertEquals(Memory.FUTEX_TIMED_OUT, result(w));
    assertEquals(0, mem.futexWake(56, 10, ALL, PRIVATE));
    assertEquals(0, mem.futexWake(48, 10, ALL, PRIVATE));
  }

  @Test
  void wakeOpUpdatesTheSecondWordAndWakesItsWaitersWhenTheOldValueCompares() throws Exception {
    Future<Integer> first = parked(() -> mem.futexWait(64, 0, ALL, PRIVATE, FOREVER));
    Future<Integer> second = parked(() -> mem.futexWait(72, 0, ALL, PRIVATE, FOREVER));
    assertEquals(2, mem.futexWakeOp(64, 1, 72, 1, PRIVATE, old -> old + 5, old -> old == 0));
    assertEquals(5, mem.loadI32(72));
    assertEquals(Memory.FUTEX_WOKEN, result(first));
    assertEquals(Memory.FUTEX_WOKEN, result(second));
    Future<Integer> again = parked(() -> mem.futexWait(72, 5, ALL, PRIVATE, FOREVER));
    assertEquals(0, mem.futexWakeOp(64, 1, 72, 1, PRIVATE, old -> 9, old -> old == 0));
    assertEquals(9, mem.loadI32(72));
    assertFalse(again.isDone());
    assertEquals(1, mem.futexWake(72, 1, ALL, PRIVATE));
    assertEquals(Memory.FUTEX_WOKEN, result(again));
  }

  @Test
  void anInterruptEndsAFutexWaitAndIsNotLostWhenItComesFirst() throws Exception {
    Thread[] waiter = new Thread[1];
    Future<Integer> w =
        parked(
            () -> {
              waiter[0] = Thread.currentThread();
              return mem.futexWait(80, 0, ALL, PRIVATE, FOREVER);
            });
    waiter[0].interrupt();
    assertEquals(Memory.FUTEX_INTERRUPTED, result(w));
    assertEquals(0, mem.futexWake(80, 10, ALL, PRIVATE), "the interrupted waiter left the queue");

    Future<Integer> early =
        pool.submit(
            () -> {
              Thread.currentThread().interrupt();
              return mem.futexWait(80, 0, ALL, PRIVATE, FOREVER);
            });
    assertEquals(Memory.FUTEX_INTERRUPTED, result(early));
  }

  @Test
  void anInterruptedWasmWaitReportsATimeout() throws Exception {
    Future<Integer> w =
        pool.submit(
            () -> {
              Thread.currentThread().interrupt();
              return mem.atomicWait(88, 4, 0, FOREVER);
            });
    assertEquals(2, result(w));
  }
}
