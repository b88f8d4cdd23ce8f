package io.wali4j.core.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Limits;
import io.wali4j.core.wasm.MemoryType;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one module over one shared memory, each run by its own Java thread, as WALI
 * threads are: a mutex built from i32.atomic.rmw.cmpxchg, memory.atomic.wait32 and notify guards a
 * non-atomic counter.
 */
class WasmThreadsTest {

  private static final String MUTEX =
      "(module (import \"env\" \"mem\" (memory 1 1 shared))"
          + " (func $lock"
          + "   (loop $retry"
          + "     (if (i32.atomic.rmw.cmpxchg (i32.const 0) (i32.const 0) (i32.const 1))"
          + "       (then"
          + "         (drop (memory.atomic.wait32 (i32.const 0) (i32.const 1) (i64.const -1)))"
          + "         (br $retry)))))"
          + " (func $unlock"
          + "   (i32.atomic.store (i32.const 0) (i32.const 0))"
          + "   (drop (memory.atomic.notify (i32.const 0) (i32.const 1))))"
          + " (func (export \"work\") (param $n i32)"
          + "   (loop $l"
          + "     (call $lock)"
          + "     (i32.store (i32.const 8) (i32.add (i32.load (i32.const 8)) (i32.const 1)))"
          + "     (call $unlock)"
          + "     (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))";

  @Test
  void mutexOverWaitAndNotifyProtectsACounterAcrossJavaThreads() throws InterruptedException {
    Memory mem = new Memory(new MemoryType(new Limits(1, 1, true)));
    Store store = new Store();
    int threads = 3;
    int each = 20_000;
    Thread[] ts = new Thread[threads];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < threads; i++) {
      Instance inst = Wat.instantiate(store, MUTEX, (m, n) -> mem);
      ts[i] = new Thread(() -> inst.invoke("work", each));
      ts[i].setUncaughtExceptionHandler((t, e) -> failure.set(e));
      ts[i].start();
    }
    for (Thread t : ts) {
      t.join(60_000);
    }
    assertEquals(null, failure.get());
    assertEquals(threads * each, mem.loadI32(8));
    assertEquals(0, mem.loadI32(0), "unlocked at the end");
  }
}
