package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.GuardedBacking;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over a native reservation compiled code keeps memory 0's view across calls: the address never
 * changes and the size only grows, so the size cached at entry stays a lower bound and an access
 * past it takes the slow path, which checks the size now and caches it. Pinned by what the
 * generated code reads (one view load per function, none after its calls; the heap's code, whose
 * array may be replaced on grow, still reloads after every call), and checked against the
 * interpreter with callees that grow the memory under a hot caller: the new pages are read and
 * written, and an access just past the new end traps after the stores before it.
 */
class ViewAfterCallsTest {

  private static final String MODULE =
      "(module (memory 1 32768)"
          + " (func $grow (result i32) (memory.grow (i32.const 1)))"
          + " (func $id (param i32) (result i32) (local.get 0))"
          // A load, a call, a load, a call, a load: three reads of memory between two calls.
          + " (func (export \"loadsAroundCalls\") (param $p i32) (result i32)"
          + "   (i32.add (i32.load (local.get $p))"
          + "     (i32.add (i32.load (call $id (local.get $p)))"
          + "       (i32.load offset=4 (call $id (local.get $p))))))"
          // Each round grows a page and, through the view cached before the grow, writes the
          // page's last 8 bytes and reads them back 100 times.
          + " (func (export \"growAndTouch\") (param $rounds i32) (result i64)"
          + "   (local $i i32) (local $j i32) (local $a i32) (local $s i64)"
          + "   (loop $round"
          + "     (local.set $a (i32.sub (i32.shl (i32.add (call $grow) (i32.const 1))"
          + "       (i32.const 16)) (i32.const 8)))"
          + "     (i64.store (local.get $a) (i64.extend_i32_u (local.get $i)))"
          + "     (local.set $j (i32.const 0))"
          + "     (loop $read"
          + "       (local.set $s (i64.add (local.get $s) (i64.load (local.get $a))))"
          + "       (br_if $read (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1)))"
          + "         (i32.const 100))))"
          + "     (br_if $round (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "       (local.get $rounds))))"
          + "   (local.get $s))"
          // Grows a page, stores 7 in its last 4 bytes, then 9 just past it: traps.
          + " (func (export \"growAndStorePast\") (result i32) (local $a i32)"
          + "   (local.set $a (i32.shl (i32.add (call $grow) (i32.const 1)) (i32.const 16)))"
          + "   (i32.store (i32.sub (local.get $a) (i32.const 4)) (i32.const 7))"
          + "   (i32.store (local.get $a) (i32.const 9))"
          + "   (local.get $a)))";

  private static final List<String> FUNCTIONS =
      List.of("grow", "id", "loadsAroundCalls", "growAndTouch", "growAndStorePast");

  private final List<GuardedBacking> backings = new ArrayList<>();

  @AfterEach
  void noWriteLeftTheMemoryAndRelease() {
    for (GuardedBacking b : backings) {
      assertEquals(null, b.damagedCanary());
      b.release();
    }
  }

  private Instance nativeInstance(Jit.Mode mode) {
    Store store =
        new Store(
            type -> {
              GuardedBacking b = new GuardedBacking(32768L * Memory.PAGE_SIZE);
              backings.add(b);
              return new Memory(type, b);
            });
    store.jitMode(mode);
    return Wat.instantiate(store, MODULE, Imports.NONE);
  }

  @Test
  void nativeCodeLoadsTheViewOnceAndTheHeapsAfterEveryCall() {
    Map<String, Integer> nativeLoads =
        GeneratedCounts.calls(MODULE, FUNCTIONS, "backing", MemoryKind.NATIVE);
    assertEquals(1, nativeLoads.get("loadsAroundCalls"));
    assertEquals(1, nativeLoads.get("growAndTouch"));
    assertEquals(1, nativeLoads.get("growAndStorePast"));
    Map<String, Integer> heapLoads =
        GeneratedCounts.calls(MODULE, FUNCTIONS, "backing", MemoryKind.HEAP);
    assertEquals(3, heapLoads.get("loadsAroundCalls"));
    // At entry, after the call and after the action of the outer loop's safe point (the inner loop,
    // of 100 iterations from a constant, has none: ShortLoops).
    assertEquals(3, heapLoads.get("growAndTouch"));
  }

  @Test
  void pagesGrownByACalleeAreReadAndWrittenAsInTheInterpreter() {
    Instance interp = nativeInstance(Jit.Mode.OFF);
    Instance compiled = nativeInstance(Jit.Mode.EAGER);
    interp.memory().storeI32(16, 5);
    compiled.memory().storeI32(16, 5);
    interp.memory().storeI32(20, 6);
    compiled.memory().storeI32(20, 6);
    for (int r = 0; r < 3000; r++) {
      assertEquals(16L, TwoTiers.outcome(compiled, "loadsAroundCalls", 16));
    }
    assertEquals(16L, agree(interp, compiled, "loadsAroundCalls", 16));
    // 2000 rounds of 10 pages (HotSpot compiles the loops on the way), then the sizes compared.
    long expected = 100L * (9 * 10 / 2);
    for (int r = 0; r < 2000; r++) {
      assertEquals(expected, agree(interp, compiled, "growAndTouch", 10));
    }
    assertEquals(interp.memory().size(), compiled.memory().size());
    assertEquals(20001L * Memory.PAGE_SIZE, compiled.memory().size());
    assertEquals(
        Failure.OUT_OF_BOUNDS_MEMORY,
        agree(interp, compiled, "loadsAroundCalls", 20001L * Memory.PAGE_SIZE - 4));
  }

  @Test
  void anAccessJustPastTheGrownEndTrapsAfterTheStoreBeforeIt() {
    Instance interp = nativeInstance(Jit.Mode.OFF);
    Instance compiled = nativeInstance(Jit.Mode.EAGER);
    for (int r = 1; r <= 200; r++) {
      assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, "growAndStorePast"));
      long end = (r + 1L) * Memory.PAGE_SIZE;
      assertEquals(end, compiled.memory().size());
      assertEquals(7, compiled.memory().loadI32(end - 4));
      assertEquals(interp.memory().loadI32(end - 4), compiled.memory().loadI32(end - 4));
    }
  }
}
