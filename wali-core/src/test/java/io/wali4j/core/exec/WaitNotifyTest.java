package io.wali4j.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.Limits;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.WasmException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaitNotifyTest {

  private final Memory shared = new Memory(new MemoryType(new Limits(1, 1, true)));

  @Test
  void waitOnUnsharedMemoryTraps() {
    Memory m = new Memory(new MemoryType(new Limits(1, 1, false)));
    WasmException e = assertThrows(WasmException.class, () -> m.atomicWait(0, 4, 0, 0));
    assertEquals(Failure.EXPECTED_SHARED_MEMORY, e.failure());
    assertEquals(0, m.atomicNotify(0, 1));
  }

  @Test
  void waitReturnsNotEqualAtOnceAndTimesOut() {
    shared.storeI32(0, 5);
    assertEquals(1, shared.atomicWait(0, 4, 6, -1));
    long t0 = System.nanoTime();
    assertEquals(2, shared.atomicWait(0, 4, 5, 20_000_000));
    assertTrue(System.nanoTime() - t0 >= 20_000_000);
    shared.storeI64(8, -3L);
    assertEquals(2, shared.atomicWait(8, 8, -3L, 0));
    assertEquals(1, shared.atomicWait(8, 8, 3L, 0));
    // wait32 compares the low 32 bits: -1 as i32 matches 0xFFFFFFFF in memory.
    shared.storeI32(16, -1);
    assertEquals(2, shared.atomicWait(16, 4, -1, 0));
    assertEquals(
        Failure.UNALIGNED_ATOMIC,
        assertThrows(WasmException.class, () -> shared.atomicWait(2, 4, 0, 0)).failure());
  }

  @Test
  void notifyWakesWaitersOnOtherThreadsUpToCount() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      CountDownLatch started = new CountDownLatch(3);
      Future<?>[] waits = new Future<?>[3];
      for (int i = 0; i < 3; i++) {
        waits[i] =
            pool.submit(
                () -> {
                  started.countDown();
                  return shared.atomicWait(64, 4, 0, -1);
                });
      }
      started.await();
      // Waiters enqueue shortly after counting down; notify until all three have been woken.
      int woken = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (woken < 2 && System.nanoTime() < deadline) {
        woken += shared.atomicNotify(64, 2 - woken);
        Thread.sleep(1);
      }
      assertEquals(2, woken);
      int done = 0;
      for (Future<?> f : waits) {
        if (f.isDone()) {
          assertEquals(0, f.get());
          done++;
        }
      }
      Thread.sleep(50);
      int stillWaiting = 0;
      for (Future<?> f : waits) {
        stillWaiting += f.isDone() ? 0 : 1;
      }
      assertEquals(1, stillWaiting, "notify(count = 2) must leave one of three waiting");
      while (shared.atomicNotify(64, -1) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      for (Future<?> f : waits) {
        assertEquals(0, f.get(10, TimeUnit.SECONDS));
      }
      assertTrue(done <= 2);
      assertEquals(0, shared.atomicNotify(64, 10), "no waiter left");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void storeThenNotifyNeverLosesAWakeup() throws Exception {
    // A producer/consumer ping-pong on one word: each side waits for its value and notifies.
    int rounds = 2000;
    Thread other =
        new Thread(
            () -> {
              for (int i = 0; i < rounds; i++) {
                while (shared.atomicLoad(128, 4) != 1) {
                  shared.atomicWait(128, 4, 0, -1);
                }
                shared.atomicStore(128, 4, 0);
                shared.atomicNotify(128, 1);
              }
            });
    other.start();
    for (int i = 0; i < rounds; i++) {
      shared.atomicStore(128, 4, 1);
      shared.atomicNotify(128, 1);
      while (shared.atomicLoad(128, 4) != 0) {
        shared.atomicWait(128, 4, 1, -1);
      }
    }
    other.join(10_000);
    assertEquals(false, other.isAlive());
  }
}
