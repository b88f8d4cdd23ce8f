package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.SafePoint;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Compiled loops stop at safe points like the interpreter's: a request from another thread makes a
 * compiled loop without calls or host calls run the thread's {@link SafePoint.Action}, which may
 * call Wasm (as a signal handler does; the loop then goes on and sees what the handler changed) or
 * throw to unwind the thread (an ending process).
 */
class CompiledSafePointTest {

  static final String LOOPS =
      "(module"
          + " (memory 1)"
          + " (func (export \"handler\") (i32.store (i32.const 64) (i32.const 1)))"
          + " (func (export \"spin\") (result i32) (local $n i32)"
          + "   (loop $l"
          + "     (local.set $n (i32.add (local.get $n) (i32.const 1)))"
          + "     (br_if $l (i32.eqz (i32.load (i32.const 64)))))"
          + "   (i32.gt_u (local.get $n) (i32.const 0)))"
          + " (func (export \"forever\") (loop $l (br $l)))"
          // Recursions without loops, of small depth but endless in practice (fib 60): one gives
          // up once the handler set the flag, the other never does.
          + " (func $fib (param $n i32) (result i32)"
          + "   (if (result i32) (i32.load (i32.const 64))"
          + "     (then (i32.const 0))"
          + "     (else (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))"
          + "       (then (local.get $n))"
          + "       (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))"
          + "                      (call $fib (i32.sub (local.get $n) (i32.const 2)))))))))"
          + " (func (export \"recurse\") (result i32) (call $fib (i32.const 60)))"
          + " (func $endless (param $n i32) (result i32)"
          + "   (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))"
          + "     (then (local.get $n))"
          + "     (else (i32.add (call $endless (i32.sub (local.get $n) (i32.const 1)))"
          + "                    (call $endless (i32.sub (local.get $n) (i32.const 2)))))))"
          + " (func (export \"recurseForever\") (result i32) (call $endless (i32.const 60)))"
          // An inner loop of 100 iterations has no safe point of its own (ShortLoops): the outer
          // loop's stops it.
          + " (func (export \"spinShort\") (result i32) (local $n i32) (local $i i32)"
          + "   (loop $outer"
          + "     (local.set $i (i32.const 0))"
          + "     (loop $inner (local.set $n (i32.add (local.get $n) (i32.const 1)))"
          + "       (br_if $inner (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "         (i32.const 100))))"
          + "     (br_if $outer (i32.eqz (i32.load (i32.const 64)))))"
          + "   (i32.gt_u (local.get $n) (i32.const 0)))"
          // The same with a limit known only when the inner loop is entered: its entry finds 100
          // iterations, and it has no safe point (InductionPointers).
          + " (func (export \"spinFew\") (result i32) (local $n i32) (local $i i32) (local $m i32)"
          + "   (local.set $m (i32.add (i32.load (i32.const 68)) (i32.const 100)))"
          + "   (loop $outer"
          + "     (local.set $i (i32.const 0))"
          + "     (loop $inner (local.set $n (i32.add (local.get $n) (i32.const 1)))"
          + "       (br_if $inner (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "         (local.get $m))))"
          + "     (br_if $outer (i32.eqz (i32.load (i32.const 64)))))"
          + "   (i32.gt_u (local.get $n) (i32.const 0)))"
          // A loop whose entry finds 2^31 - 1 iterations keeps its safe point: the handler's flag
          // ends it long before its count (1 when it stopped early).
          + " (func (export \"spinMany\") (result i32) (local $i i32) (local $m i32)"
          + "   (local.set $m (i32.add (i32.load (i32.const 68)) (i32.const 0x7fffffff)))"
          + "   (block $out (loop $l"
          + "     (br_if $out (i32.load (i32.const 64)))"
          + "     (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "       (local.get $m)))))"
          + "   (i32.lt_u (local.get $i) (i32.const 0x7fffffff)))"
          // A loop counted on an i64 (TripCounters) whose count is 2^62: its back edge skips the
          // head for up to 1024 iterations at a time, and the head's safe point stops it. Returns
          // the counter where it stopped.
          + " (func (export \"spinWide\") (result i64) (local $j i64) (local $n i64)"
          + "   (local.set $n (i64.add (i64.extend_i32_u (i32.load (i32.const 68)))"
          + "     (i64.const 0x4000000000000000)))"
          + "   (block $out (loop $l"
          + "     (br_if $out (i32.load (i32.const 64)))"
          + "     (br_if $l (i64.lt_u (local.tee $j (i64.add (local.get $j) (i64.const 1)))"
          + "       (local.get $n)))))"
          + "   (local.get $j))"
          // A loop over a constant count of 2^31 in clang's form, its index running up to 0
          // (ChunkedLoops): its back edge skips the head for up to 1024 iterations at a time, and
          // the head's safe point stops it. Returns the iterations it ran.
          + " (func (export \"spinCount\") (result i32) (local $i i32)"
          + "   (local.set $i (i32.const 0x80000000))"
          + "   (block $out (loop $l"
          + "     (br_if $out (i32.load (i32.const 64)))"
          + "     (br_if $l (local.tee $i (i32.add (local.get $i) (i32.const 1))))))"
          + "   (i32.sub (local.get $i) (i32.const 0x80000000))))";

  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** Whether loops counted on an i64 get their trip counter ({@link TripCounters}). */
  boolean tripCounters() {
    return true;
  }

  /** Whether loops over a constant count get their chunk counter ({@link ChunkedLoops}). */
  boolean chunkedLoops() {
    return tripCounters();
  }

  /** The store the module is instantiated in (its memory's backing). */
  Store newStore() {
    return new Store();
  }

  private Instance compiled() {
    ValidatedModule m = Wat.validated(LOOPS);
    Store store = newStore();
    store.jitMode(Jit.Mode.EAGER);
    Instance inst = Instance.instantiate(store, m, Imports.NONE);
    assertNotNull(((WasmFunction) inst.function(1)).compiled());
    assertNotNull(((WasmFunction) inst.function(2)).compiled());
    assertNotNull(((WasmFunction) inst.function(3)).compiled());
    assertNotNull(((WasmFunction) inst.function(5)).compiled());
    assertNotNull(((WasmFunction) inst.function(6)).compiled());
    return inst;
  }

  /**
   * Runs {@code name} on a new thread with {@code action}, requests a stop, returns the outcome.
   */
  private static Object runAndRequest(Instance inst, String name, SafePoint.Action action)
      throws Exception {
    CompletableFuture<SafePoint> point = new CompletableFuture<>();
    CompletableFuture<Object> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              SafePoint.current().action(action);
              point.complete(SafePoint.current());
              try {
                result.complete(inst.invoke(name)[0]);
              } catch (RuntimeException e) {
                result.complete(e);
              }
            });
    t.setDaemon(true);
    t.start();
    SafePoint p = point.get(10, TimeUnit.SECONDS);
    Thread.sleep(50);
    p.request();
    return result.get(20, TimeUnit.SECONDS);
  }

  /**
   * Runs {@code name} as {@link #runAndRequest} does with an action that calls the module's {@code
   * handler}; checks that the action ran exactly once and returns the outcome.
   */
  private static Object runWithHandler(Instance inst, String name) throws Exception {
    AtomicInteger ran = new AtomicInteger();
    Object r =
        runAndRequest(
            inst,
            name,
            i -> {
              ran.incrementAndGet();
              i.invoke("handler");
            });
    assertEquals(1, ran.get(), name);
    return r;
  }

  @Test
  void aRequestRunsTheActionInACompiledLoopWhichThenSeesWhatItChanged() throws Exception {
    Instance inst = compiled();
    Object r = runWithHandler(inst, "spin");
    assertEquals(1L, r);
  }

  @Test
  void aLoopAroundALoopWithoutItsOwnSafePointStopsAtTheOuterHead() throws Exception {
    Instance inst = compiled();
    Object r = runWithHandler(inst, "spinShort");
    assertEquals(1L, r);
  }

  @Test
  void loopsWhoseEntryFindsFewIterationsStopAtTheOuterHeadAndOthersAtTheirOwn() throws Exception {
    for (String name : new String[] {"spinFew", "spinMany"}) {
      Instance inst = compiled();
      Object r = runWithHandler(inst, name);
      assertEquals(1L, r, name);
    }
  }

  @Test
  void aLoopCountedOnAnI64StopsAtItsHeadOnceAChunk() throws Exception {
    Instance inst = compiled();
    Object r = runWithHandler(inst, "spinWide");
    // Stopped long before its count, at a chunk's head.
    long j = (Long) r;
    assertTrue(j > 0 && j < 1L << 40, "stopped at " + j);
    if (tripCounters()) {
      assertEquals(0, j % ShortLoops.MAX_TRIPS, "stopped at " + j);
    }
  }

  @Test
  void aLoopOverALargeConstantCountStopsAtItsHeadOnceAChunk() throws Exception {
    Instance inst = compiled();
    Object r = runWithHandler(inst, "spinCount");
    // Stopped long before its count, at a chunk's head.
    long n = (Long) r;
    assertTrue(n > 0 && n < 1L << 31, "stopped after " + n);
    if (chunkedLoops()) {
      assertEquals(0, n % ShortLoops.MAX_TRIPS, "stopped after " + n);
    }
  }

  @Test
  void anActionThatThrowsUnwindsAnEndlessCompiledLoop() throws Exception {
    Instance inst = compiled();
    Object r =
        runAndRequest(
            inst,
            "forever",
            i -> {
              throw new Stop();
            });
    assertInstanceOf(Stop.class, r);
  }

  @Test
  void aRequestStopsACompiledRecursionWithoutLoopsAtAFunctionEntry() throws Exception {
    Instance inst = compiled();
    Object r = runWithHandler(inst, "recurse");
    assertInstanceOf(Long.class, r, "the recursion returned once the handler set the flag");
  }

  @Test
  void anActionThatThrowsUnwindsAnEndlessCompiledRecursion() throws Exception {
    Instance inst = compiled();
    Object r =
        runAndRequest(
            inst,
            "recurseForever",
            i -> {
              throw new Stop();
            });
    assertInstanceOf(Stop.class, r);
  }
}
