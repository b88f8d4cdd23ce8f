package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static io.wali4j.jit.internal.TwoTiers.outcome;
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
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bounds check of compiled loads and stores: a fast int test against the cached size (capped at
 * 2 GiB) and a slow path that applies the interpreter's rule to the memory's size now. Checked
 * against the interpreter where the fast test cannot decide: addresses past 2 GiB in a larger
 * memory, offsets past the fast test's range, and a shared memory grown by another thread while a
 * compiled function runs.
 */
class BoundsCheckTest {

  private final List<GuardedBacking> backings = new ArrayList<>();

  @AfterEach
  void noWriteLeftTheMemoryAndRelease() {
    for (GuardedBacking b : backings) {
      assertEquals(null, b.damagedCanary());
      b.release();
    }
  }

  /** 3 GiB: a native reservation commits lazily, so this costs address space, not memory. */
  private static final String LARGE =
      "(module (memory 49152 49152)"
          + " (func (export \"store\") (param $a i32) (param $v i64)"
          + "   (i64.store (local.get $a) (local.get $v)))"
          + " (func (export \"load\") (param $a i32) (result i64) (i64.load (local.get $a)))"
          + " (func (export \"loadFar\") (param $a i32) (result i32)"
          + "   (i32.load offset=0x7ffffff0 (local.get $a)))"
          // Writes i at p + 8i for i in [0, n) and sums what it reads back: crosses 2 GiB when p
          // is just below it.
          + " (func (export \"walk\") (param $p i32) (param $n i32) (result i64)"
          + "   (local $i i32) (local $s i64)"
          + "   (loop $l"
          + "     (i64.store (local.get $p) (i64.extend_i32_u (local.get $i)))"
          + "     (local.set $s (i64.add (local.get $s) (i64.load (local.get $p))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 8)))"
          + "     (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "       (local.get $n))))"
          + "   (local.get $s))"
          // The same through p + 8 (a sum, see LocalSums): past 2 GiB the add's result is
          // negative as an i32, and p + 8 computed in 64 bits from a negative p would be wrong.
          + " (func (export \"walkPlus\") (param $p i32) (param $n i32) (result i64)"
          + "   (local $i i32) (local $s i64)"
          + "   (loop $l"
          + "     (i64.store (i32.add (local.get $p) (i32.const 8)) (i64.extend_i32_u (local.get $i)))"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.add (local.get $p) (i32.const 8)))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 8)))"
          + "     (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "       (local.get $n))))"
          + "   (local.get $s))"
          // And through p - 8: from p = 2^31 + 4 on, p is negative as an i32 and p - 8 is not.
          + " (func (export \"walkMinus\") (param $p i32) (param $n i32) (result i64)"
          + "   (local $i i32) (local $s i64)"
          + "   (loop $l"
          + "     (i64.store (i32.add (local.get $p) (i32.const -8)) (i64.extend_i32_u (local.get $i)))"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.add (local.get $p) (i32.const -8)))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 8)))"
          + "     (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "       (local.get $n))))"
          + "   (local.get $s)))";

  private Instance nativeInstance(Jit.Mode mode, String wat) {
    Store store =
        new Store(
            type -> {
              GuardedBacking b = new GuardedBacking(3L << 30);
              backings.add(b);
              return new Memory(type, b);
            });
    store.jitMode(mode);
    return Wat.instantiate(store, wat, Imports.NONE);
  }

  @Test
  void accessesPastTwoGibibytesOfALargerMemoryWorkAsInTheInterpreter() {
    Instance interp = nativeInstance(Jit.Mode.OFF, LARGE);
    Instance compiled = nativeInstance(Jit.Mode.EAGER, LARGE);
    long twoGib = 1L << 31;
    long end = 3L << 30;
    for (long a : new long[] {0, twoGib - 8, twoGib - 4, twoGib, twoGib + 8, end - 8}) {
      agree(interp, compiled, "store", a, a * 3 + 1);
      assertEquals(a * 3 + 1, agree(interp, compiled, "load", a));
    }
    for (long a : new long[] {end - 7, end, 0xFFFFFFF8L, 0xFFFFFFFFL}) {
      assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, "store", a, 5));
      assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, "load", a));
    }
    // An offset beyond the fast test's range: checked on the slow path alone.
    compiled.memory().storeI32(0x7ffffff0L + 16, 99);
    interp.memory().storeI32(0x7ffffff0L + 16, 99);
    assertEquals(99L, agree(interp, compiled, "loadFar", 16));
    assertEquals(0L, agree(interp, compiled, "loadFar", 0x40000000));
    assertEquals(
        Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, "loadFar", 0x40000000 + 0xD));
    // A hot loop below 2 GiB, then the same loop running across it.
    for (int r = 0; r < 2000; r++) {
      assertEquals(999L * 1000 / 2, outcome(compiled, "walk", 4096, 1000));
    }
    assertEquals(999L * 1000 / 2, agree(interp, compiled, "walk", twoGib - 4000, 1000));
    assertEquals(999L * 1000 / 2, agree(interp, compiled, "walk", end - 8000, 1000));
    // Runs off the end: the stores before the trap are done, as in the interpreter.
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, "walk", end - 800, 1000));
    for (long a = end - 800; a < end; a += 8) {
      assertEquals(interp.memory().loadI64(a), compiled.memory().loadI64(a), "at " + a);
    }
    assertEquals(99L, compiled.memory().loadI64(end - 8));
    for (int r = 0; r < 2000; r++) {
      assertEquals(999L * 1000 / 2, outcome(compiled, "walkPlus", 4096, 1000));
    }
    assertEquals(999L * 1000 / 2, agree(interp, compiled, "walkPlus", twoGib - 4000, 1000));
    assertEquals(999L * 1000 / 2, agree(interp, compiled, "walkPlus", twoGib + 8, 1000));
    assertEquals(
        Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, "walkPlus", end - 808, 1000));
    for (long a = end - 800; a < end; a += 8) {
      assertEquals(interp.memory().loadI64(a), compiled.memory().loadI64(a), "at " + a);
    }
    for (int r = 0; r < 2000; r++) {
      assertEquals(999L * 1000 / 2, outcome(compiled, "walkMinus", 4096, 1000));
    }
    assertEquals(999L * 1000 / 2, agree(interp, compiled, "walkMinus", twoGib - 3996, 1000));
    for (long a = twoGib - 4004; a < twoGib + 4000; a += 8) {
      assertEquals(interp.memory().loadI64(a), compiled.memory().loadI64(a), "at " + a);
    }
  }

  /**
   * {@code spin} waits (atomically reading address 0) until another thread has grown the memory and
   * set the flag, then reads the new page with a plain load: its cached size is the old one.
   */
  private static final String SHARED =
      "(module (memory 1 4 shared)"
          + " (func (export \"spin\") (param $a i32) (result i32)"
          + "   (loop $l (br_if $l (i32.eqz (i32.atomic.load (i32.const 0)))))"
          + "   (i32.load (local.get $a))))";

  @Test
  void aSharedMemoryGrownByAnotherThreadIsSeenByARunningCompiledFunction() throws Exception {
    Instance compiled = Wat.instantiate(Jit.Mode.EAGER, SHARED, Imports.NONE);
    Memory mem = compiled.memory();
    CountDownLatch started = new CountDownLatch(1);
    Thread grower =
        new Thread(
            () -> {
              try {
                started.await();
                Thread.sleep(50);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              assertEquals(1L, mem.grow(1));
              mem.storeI32(70000, 1234);
              mem.atomicStore(0, 4, 1);
            });
    grower.start();
    started.countDown();
    assertEquals(1234L, outcome(compiled, "spin", 70000));
    grower.join();
    mem.atomicStore(0, 4, 1);
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, outcome(compiled, "spin", 2 * 65536 - 3));
  }

  /**
   * Two hot loops over a shared memory, after waiting (atomically reading address 0) for a flag:
   * {@code walk} counted (its back edge {@code i32.ne}), {@code scan} not (its back edge {@code
   * i32.lt_u}), each summing the u32 words from p on.
   */
  private static final String SHARED_LOOPS =
      "(module (memory 1 4 shared)"
          + " (func (export \"walk\") (param $p i32) (param $n i32) (result i64)"
          + "   (local $i i32) (local $s i64)"
          + "   (loop $w (br_if $w (i32.eqz (i32.atomic.load (i32.const 0)))))"
          + "   (loop $l"
          + "     (local.set $s (i64.add (local.get $s) (i64.load32_u (local.get $p))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 4)))"
          + "     (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "       (local.get $n))))"
          + "   (local.get $s))"
          + " (func (export \"scan\") (param $p i32) (param $n i32) (result i64)"
          + "   (local $i i32) (local $s i64)"
          + "   (loop $w (br_if $w (i32.eqz (i32.atomic.load (i32.const 0)))))"
          + "   (loop $l"
          + "     (local.set $s (i64.add (local.get $s) (i64.load32_u offset=4 (local.get $p))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 4)))"
          + "     (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "       (local.get $n))))"
          + "   (local.get $s)))";

  /**
   * The bounds checks' slow path taken in a loop that ran hot first (so that HotSpot has compiled
   * it, its profile saying the slow path is never taken): the memory grows under the running loop,
   * which then reads past the size it cached. Each outcome is the interpreter's.
   */
  @Test
  void aSharedMemoryGrownUnderAHotCompiledLoopIsSeenAsInTheInterpreter() throws Exception {
    // Over a native reservation, where small methods call JitRuntime.inside.
    Instance interp = nativeInstance(Jit.Mode.OFF, SHARED_LOOPS);
    Instance compiled = nativeInstance(Jit.Mode.EAGER, SHARED_LOOPS);
    for (Instance inst : List.of(interp, compiled)) {
      for (int a = 4; a < 65536; a += 4) {
        inst.memory().storeI32(a, a / 4);
      }
      inst.memory().atomicStore(0, 4, 1);
    }
    long warm = 0;
    for (int r = 0; r < 3000; r++) {
      warm +=
          (long) outcome(compiled, "walk", 4096, 1000)
              + (long) outcome(compiled, "scan", 4092, 1000);
    }
    assertEquals(3000L * 2 * (1024 * 1000 + 999L * 1000 / 2), warm);
    for (String name : List.of("walk", "scan")) {
      // From 400 bytes below the memory's end into the page grown meanwhile.
      long end = compiled.memory().size();
      assertEquals(end, interp.memory().size());
      long expected = 0;
      for (long a = end - 400; a < end - 400 + 4 * 300; a += 4) {
        expected += a < 65536 ? a / 4 : a * 7;
      }
      long p = name.equals("walk") ? end - 400 : end - 404;
      assertEquals(expected, grownWhileRunning(interp, name, p, 300));
      assertEquals(expected, grownWhileRunning(compiled, name, p, 300));
      assertEquals(end + 65536, compiled.memory().size());
      // Past the end of the memory as it is now: a trap, in both.
      assertEquals(
          Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, name, end + 65536 - 40, 20));
    }
  }

  /**
   * The checks' form ({@link FunctionCompiler#SHARED_RARE_PATHS}): over a native reservation a
   * small function calls the shared {@code JitRuntime.inside} and {@code JitRuntime.safePoint};
   * over the heap's {@code long[]} it holds the compares and the rare calls itself.
   */
  @Test
  void smallFunctionsOverANativeReservationCallTheSharedChecks() {
    List<String> names = List.of("walk", "scan");
    for (String name : names) {
      for (MemoryKind kind : List.of(MemoryKind.NATIVE, MemoryKind.HEAP)) {
        boolean shared = kind == MemoryKind.NATIVE;
        assertEquals(shared ? 1 : 0, calls(names, "inside", kind).get(name), kind + " " + name);
        assertEquals(shared ? 0 : 1, calls(names, "boundsSlow", kind).get(name), kind + " " + name);
        assertEquals(shared ? 2 : 0, calls(names, "safePoint", kind).get(name), kind + " " + name);
      }
    }
  }

  private static Map<String, Integer> calls(List<String> names, String method, MemoryKind kind) {
    return GeneratedCounts.calls(SHARED_LOOPS, names, method, kind);
  }

  /**
   * Runs {@code name(p, n)} with the flag at 0 while another thread grows the memory by a page,
   * fills that page (word at a: a * 7) and sets the flag.
   */
  private static Object grownWhileRunning(Instance inst, String name, long p, long n)
      throws InterruptedException {
    Memory mem = inst.memory();
    mem.atomicStore(0, 4, 0);
    Thread grower =
        new Thread(
            () -> {
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              long old = mem.grow(1) * 65536;
              for (long a = old; a < old + 65536; a += 4) {
                mem.storeI32(a, (int) (a * 7));
              }
              mem.atomicStore(0, 4, 1);
            });
    grower.start();
    Object result = outcome(inst, name, p, n);
    grower.join();
    return result;
  }
}
