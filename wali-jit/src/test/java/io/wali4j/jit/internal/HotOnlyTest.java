package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TierWaits.await;
import static io.wali4j.jit.internal.TierWaits.function;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tiered mode compiles hot functions only, in small batches on the background thread: a function is
 * compiled when its interpreted calls (from the interpreter, the host or compiled code) or the time
 * in its loops make it hot, never before; a module never hot compiles nothing; a callee compiled
 * after its caller is then called directly; batches are installed while other threads run the
 * module. Every result is checked against the interpreter's. (wali-jit's tests run with {@code
 * -Dwali4j.jit.capture=unwind}, where tiered mode compiles hot functions only.)
 */
class HotOnlyTest {

  @BeforeAll
  static void hotFunctionsOnly() {
    assertTrue(JitTier.HOT_ONLY, "run with -Dwali4j.jit.capture=unwind or -Dwali4j.jit.hotOnly");
  }

  private static final int STEP = 0;
  private static final int RARE = 1;
  private static final int COLD = 2;
  private static final int RUN = 3;
  private static final int ONCE = 4;
  private static final int SPIN = 5;
  private static final int PAIR = 6;

  private static final String MODULE =
      "(module"
          + TieringTest.STEP
          + " (func $rare (param i64) (result i64) (i64.xor (local.get 0) (i64.const 0x5555)))"
          + " (func $cold (param i64) (result i64) (i64.sub (local.get 0) (i64.const 3)))"
          + TieringTest.run("(local.get $x)")
          // Calls $rare on every 16th call, $cold never (no argument is -1 here).
          + " (func (export \"once\") (param $x i64) (result i64)"
          + "   (if (i64.eqz (i64.and (local.get $x) (i64.const 15)))"
          + "     (then (local.set $x (call $rare (local.get $x)))))"
          + "   (if (i64.eq (local.get $x) (i64.const -1))"
          + "     (then (local.set $x (call $cold (local.get $x)))))"
          + "   (i64.add (local.get $x) (i64.const 1)))"
          // A loop without calls: hot by the time it takes, not by calls.
          + " (func (export \"spin\") (param $n i32) (result i64) (local $x i64)"
          + "   (block $done (loop $next"
          + "     (br_if $done (i32.eqz (local.get $n)))"
          + "     (local.set $x (i64.add (i64.mul (local.get $x) (i64.const 31))"
          + "       (i64.extend_i32_u (local.get $n))))"
          + "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
          + "     (br $next)))"
          + "   (local.get $x))"
          + " (func (export \"pair\") (param $x i64) (result i64)"
          + "   (i64.add (call $step (local.get $x)) (i64.const 1))))";

  private final JitTier tier = (JitTier) Jit.tier();
  private final ValidatedModule module = Wat.validated(MODULE);
  private final Instance reference = instance(Jit.Mode.OFF);

  private Instance instance(Jit.Mode mode) {
    Store store = new Store();
    store.jitMode(mode);
    return Instance.instantiate(store, module, Imports.NONE);
  }

  private void same(Instance inst, String export, long arg) {
    assertArrayEquals(reference.invoke(export, arg), inst.invoke(export, arg), export + " " + arg);
  }

  @Test
  void aFunctionIsCompiledWhenItGetsHotAndNotBefore() throws InterruptedException {
    Instance inst = instance(Jit.Mode.TIERED);
    same(inst, "run", Jit.HOT_CALLS - 1);
    Thread.sleep(200);
    assertNull(function(inst, STEP).compiled(), "one call short of hot");
    assertEquals(new JitTier.Progress(0, 0), tier.progress(inst));
    same(inst, "run", 1);
    await(() -> function(inst, STEP).compiled() != null, "compiled once hot");
    assertEquals(new JitTier.Progress(1, 1), tier.progress(inst), "that function alone");
    assertNull(function(inst, RUN).compiled(), "its caller, called twice, stays interpreted");
    assertNull(function(inst, COLD).compiled());
    same(inst, "run", 5000);
    same(inst, "run", 77);
  }

  @Test
  void aModuleThatNeverGetsHotCompilesNothing() throws InterruptedException {
    Instance inst = instance(Jit.Mode.TIERED);
    for (int i = 0; i < 5; i++) {
      same(inst, "run", 10 + i);
      same(inst, "once", i);
      same(inst, "pair", i);
    }
    Thread.sleep(200);
    assertEquals(new JitTier.Progress(0, 0), tier.progress(inst));
    for (int f = 0; f <= PAIR; f++) {
      assertNull(function(inst, f).compiled(), "function " + f);
    }
  }

  @Test
  void aLongLoopMakesItsFunctionHotForItsNextCall() throws InterruptedException {
    Instance inst = instance(Jit.Mode.TIERED);
    same(inst, "spin", 2_000_000);
    assertEquals(1, function(inst, SPIN).callsCounted(), "called once");
    await(() -> function(inst, SPIN).compiled() != null, "compiled by the time its loop took");
    assertEquals(new JitTier.Progress(1, 1), tier.progress(inst));
    same(inst, "spin", 2_000_000);
    same(inst, "spin", 3);
  }

  @Test
  void aCalleeCompiledAfterItsCallerIsThenCalledDirectly() throws InterruptedException {
    Instance inst = instance(Jit.Mode.TIERED);
    long x = 0;
    for (; x < Jit.HOT_CALLS; x++) {
      same(inst, "once", x);
    }
    await(() -> function(inst, ONCE).compiled() != null, "caller compiled");
    assertFalse(tier.callsDirectly(inst, RARE), "its callee is not hot: called through the link");
    assertEquals(new JitTier.Progress(1, 1), tier.progress(inst));
    // Calls from compiled code to the interpreted callee count: it gets hot in turn.
    for (; !tier.callsDirectly(inst, RARE) && x < 64L * Jit.HOT_CALLS; x++) {
      same(inst, "once", x);
    }
    await(() -> tier.callsDirectly(inst, RARE), "callee compiled in a batch of its own");
    assertEquals(new JitTier.Progress(2, 2), tier.progress(inst));
    assertNull(function(inst, COLD).compiled(), "never called");
    assertFalse(tier.callsDirectly(inst, COLD));
    for (long y = x; y < x + 100; y++) {
      same(inst, "once", y);
    }
  }

  @Test
  void aWarmCalleeJoinsItsCallersBatch() throws InterruptedException {
    Instance inst = instance(Jit.Mode.TIERED);
    for (long x = 0; x < Jit.HOT_CALLS; x++) {
      same(inst, "pair", x);
    }
    await(() -> function(inst, PAIR).compiled() != null, "caller compiled");
    assertEquals(new JitTier.Progress(2, 1), tier.progress(inst), "caller and callee, one batch");
    same(inst, "pair", 12345);
  }

  @Test
  void batchesAreInstalledWhileOtherThreadsRunTheModule() throws Exception {
    int calls = 4 * Jit.HOT_CALLS;
    long[] once = new long[calls];
    long[] run = new long[calls];
    for (int i = 0; i < calls; i++) {
      once[i] = reference.invoke("once", i)[0];
      run[i] = reference.invoke("run", i % 40)[0];
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Instance>> done = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        // One instance per thread, as a process's threads have: they share the module's code.
        done.add(
            pool.submit(
                () -> {
                  Instance inst = instance(Jit.Mode.TIERED);
                  for (int i = 0; i < calls; i++) {
                    assertEquals(once[i], inst.invoke("once", i)[0], "once " + i);
                    assertEquals(run[i], inst.invoke("run", i % 40)[0], "run " + i);
                  }
                  return inst;
                }));
      }
      List<Instance> instances = new ArrayList<>();
      for (Future<Instance> f : done) {
        instances.add(f.get());
      }
      for (Instance inst : instances) {
        await(() -> function(inst, ONCE).compiled() != null, "once installed in every instance");
        await(() -> function(inst, STEP).compiled() != null, "step installed in every instance");
        await(() -> function(inst, RUN).compiled() != null, "run installed in every instance");
      }
      assertNull(function(instances.get(0), COLD).compiled());
    } finally {
      pool.shutdownNow();
    }
  }
}
