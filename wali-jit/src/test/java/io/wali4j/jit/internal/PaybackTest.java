package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TierWaits.await;
import static io.wali4j.jit.internal.TierWaits.function;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ValidatedModule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tiered mode under {@code unwind} compiles a hot function that can reach a capture once the
 * interpreter's work in it has paid for its compilation ({@link Payback}), not at its thousandth
 * call: a function that does little per call stays interpreted while one that reaches no capture,
 * with the same calls, is compiled; a function whose loop runs long is compiled; calls from
 * compiled code through the slow path count as work. The interpreter's samples see a function run
 * by many short runs (each host call is one) as they see one run of the same length. Every result
 * is checked against the interpreter's.
 */
class PaybackTest {

  @BeforeAll
  static void unwindPolicy() {
    assertTrue(JitTier.CAPTURE_UNWIND, "run with -Dwali4j.jit.capture=unwind");
    assertTrue(JitTier.HOT_ONLY);
  }

  private static final int CHEAP = 1;
  private static final int PURE = 2;
  private static final int WORKER = 3;
  private static final int LARGE = 4;
  private static final int LOOP_LARGE = 5;
  private static final int MID = 6;

  /** {@code n} statements adding to local 0: pre-decoded slots that a call never runs. */
  private static String statements(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(" (local.set 0 (i32.add (local.get 0) (i32.const ").append(i).append(")))");
    }
    return sb.toString();
  }

  /** A setjmp on a path no call here takes (argument -1): the function can reach a capture. */
  private static final String NEVER_SETJMP =
      " (if (i32.eq (local.get 0) (i32.const -1)) (then (drop (call $setjmp (i32.const 0)))))";

  /**
   * The work of a function {@code (param $n i32) (result i32) (local $x i32)}: a loop of {@code n}
   * iterations of arithmetic on $x, then $x.
   */
  static final String WORK_LOOP =
      "   (block $done (loop $next"
          + "     (br_if $done (i32.eqz (local.get $n)))"
          + "     (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 31)) (local.get $n)))"
          + "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
          + "     (br $next)))"
          + "   (local.get $x)";

  private static final String MODULE =
      "(module (import \"wali\" \"setjmp\" (func $setjmp (param i32) (result i32))) (memory 1)"
          + " (func $cheap (export \"cheap\") (param i32) (result i32)" // 1
          + NEVER_SETJMP
          + "   (i32.add (local.get 0) (i32.const 1)))"
          + " (func $pure (export \"pure\") (param i32) (result i32)" // 2
          + "   (if (i32.eq (local.get 0) (i32.const -1)) (then (unreachable)))"
          + "   (i32.add (local.get 0) (i32.const 1)))"
          + " (func $worker (export \"worker\") (param $n i32) (result i32) (local $x i32)" // 3
          + NEVER_SETJMP
          + WORK_LOOP
          + ")"
          // Large, but a call runs a handful of its instructions.
          + " (func $large (export \"large\") (param i32) (result i32)" // 4
          + NEVER_SETJMP
          + "   (if (i32.eq (local.get 0) (i32.const -2)) (then"
          + statements(500)
          + "   ))"
          + "   (i32.add (local.get 0) (i32.const 1)))"
          // Calls $large n times: compiled once hot, it calls $large through the slow path.
          + " (func (export \"loopLarge\") (param $n i32) (result i32) (local $x i32)" // 5
          + "   (block $done (loop $next"
          + "     (br_if $done (i32.eqz (local.get $n)))"
          + "     (local.set $x (call $large (local.get $x)))"
          + "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
          + "     (br $next)))"
          + "   (local.get $x))"
          // Longer (never-run statements), with a loop: some work per call.
          + " (func (export \"mid\") (param $n i32) (result i32) (local $x i32)" // 6
          + NEVER_SETJMP
          + "   (if (i32.eq (local.get 0) (i32.const -2)) (then"
          + statements(300)
          + "   ))"
          + WORK_LOOP
          + ")"
          // The same shape, forty times as long: capture-reaching, large enough to be generated
          // alone first (so it never pays by a steady share), it holds most of the samples.
          + " (func (export \"dilute\") (param $n i32) (result i32) (local $x i32)" // 7
          + NEVER_SETJMP
          + "   (if (i32.eq (local.get 0) (i32.const -2)) (then"
          + statements(12_000)
          + "   ))"
          + WORK_LOOP
          + "))";

  private static final int DILUTE = 7;

  private final ValidatedModule module = Wat.validated(MODULE);
  private final Instance reference = instance(Jit.Mode.OFF);

  private Instance instance(Jit.Mode mode) {
    Store store = new Store();
    store.jitMode(mode);
    return Instance.instantiate(store, module, CaptureImports.only());
  }

  private void same(Instance inst, String export, long arg) {
    assertArrayEquals(reference.invoke(export, arg), inst.invoke(export, arg), export + " " + arg);
  }

  @Test
  void aCaptureReachingFunctionThatDoesLittlePerCallStaysInterpretedWhenHot()
      throws InterruptedException {
    Instance inst = instance(Jit.Mode.TIERED);
    for (int i = 0; i < 5 * Jit.HOT_CALLS; i++) {
      same(inst, "cheap", i);
      same(inst, "pure", i);
    }
    await(() -> function(inst, PURE).compiled() != null, "the one that reaches no capture");
    Thread.sleep(200);
    WasmFunction cheap = function(inst, CHEAP);
    assertTrue(cheap.samplesCounted() < Payback.samples(cheap.code()), "not paid yet");
    assertNull(cheap.compiled(), "hot by its calls, but its compilation has not paid");
  }

  @Test
  void aCaptureReachingFunctionWhoseLoopRunsLongIsCompiled() throws InterruptedException {
    Instance inst = instance(Jit.Mode.TIERED);
    same(inst, "worker", 3_000_000);
    WasmFunction worker = function(inst, WORKER);
    assertTrue(worker.samplesCounted() >= Payback.samples(worker.code()), "paid in one call");
    await(() -> worker.compiled() != null, "compiled for its next call");
    same(inst, "worker", 3_000_000);
    same(inst, "worker", 7);
  }

  @Test
  void callsFromCompiledCodeCountAsWork() throws InterruptedException {
    Instance inst = instance(Jit.Mode.TIERED);
    WasmFunction large = function(inst, LARGE);
    int calls = 2 * Jit.SLOW_CALLS_PER_SAMPLE * Payback.samples(large.code());
    // The same calls from the host: samples of the interpreter's own work only, far too few.
    for (int i = 0; i < calls; i++) {
      same(inst, "large", i);
    }
    Thread.sleep(200);
    assertNull(large.compiled(), "called from the host, it has not paid");
    // Its caller's loop makes the caller hot; compiled, it calls $large through the slow path.
    WasmFunction loop = function(inst, LOOP_LARGE);
    for (int i = 0; loop.compiled() == null && i < 100; i++) {
      same(inst, "loopLarge", 100_000);
    }
    assertNotNull(loop.compiled(), "the caller compiled");
    for (int i = 0; large.compiled() == null && i < 10; i++) {
      same(inst, "loopLarge", calls);
      Thread.sleep(50);
    }
    assertNotNull(large.compiled(), "compiled once the slow calls paid");
    same(inst, "loopLarge", 1000);
  }

  /**
   * Calls {@code mid} until its samples reach a fifth of what it needs unsplit (twice what a split
   * function needs at 100 per 1000 slots, below its early payment by a steady share), or it is
   * compiled; returns its samples then.
   */
  private int runMid(Instance inst) throws InterruptedException {
    return runMid(inst, 5, 0);
  }

  /**
   * Calls {@code mid} until its samples reach {@code 1/part} of what it needs unsplit, or it is
   * compiled, and with each call {@code dilute} with {@code dilution} times the iterations; returns
   * {@code mid}'s samples then.
   */
  private int runMid(Instance inst, int part, int dilution) throws InterruptedException {
    WasmFunction mid = function(inst, MID);
    int target = Payback.samples(mid.code()) / part;
    for (int i = 0; mid.compiled() == null && mid.samplesCounted() < target; i++) {
      same(inst, "mid", 20_000 + i);
      if (dilution > 0) {
        same(inst, "dilute", dilution * (20_000 + i));
      }
    }
    int samples = mid.samplesCounted();
    Thread.sleep(200);
    return samples;
  }

  @Test
  void byDefaultAFunctionNotSplitPaysAtTwoFifthsOfItsLength() throws InterruptedException {
    Instance inst = instance(Jit.Mode.TIERED);
    WasmFunction mid = function(inst, MID);
    int length = mid.code().code().length;
    assertEquals(length * 400 / 1000, Payback.samples(mid.code()));
    int samples = runMid(inst, 1, 0);
    await(() -> mid.compiled() != null, "compiled once paid");
    assertFalse(RegionPlanner.splits(mid.code()));
    assertTrue(samples < length, samples + " samples, below its length " + length);
    same(inst, "mid", 30_000);
    same(inst, "mid", -2);
  }

  @Test
  void aSplitFunctionPaysAtAHundredthOfItsUnsplitNeedAtASamplePerSlot()
      throws InterruptedException {
    int previous = RegionPlanner.splitSlots(64);
    int unsplit = Payback.samplesPer1000Slots(1000);
    try {
      Instance inst = instance(Jit.Mode.TIERED);
      WasmFunction mid = function(inst, MID);
      int need = Payback.samples(mid.code());
      assertEquals(need / 100, Payback.splitSamples(mid.code()));
      int samples = runMid(inst);
      await(() -> mid.compiled() != null, "compiled split");
      assertTrue(samples < need / 2, samples + " samples, far below the " + need + " unsplit");
      assertTrue(RegionPlanner.splits(mid.code()));
      same(inst, "mid", 30_000);
      same(inst, "mid", -2);
    } finally {
      RegionPlanner.splitSlots(previous);
      Payback.samplesPer1000Slots(unsplit);
    }
  }

  @Test
  void theSameFunctionNotSplitWaitsForItsWholeNeed() throws InterruptedException {
    int perMille = Payback.splitSamplesPer1000Slots(100);
    int unsplit = Payback.samplesPer1000Slots(1000);
    try {
      Instance inst = instance(Jit.Mode.TIERED);
      WasmFunction mid = function(inst, MID);
      int samples = runMid(inst);
      assertTrue(samples >= Payback.splitSamples(mid.code()), "samples: " + samples);
      assertTrue(samples < Payback.samples(mid.code()));
      assertFalse(RegionPlanner.splits(mid.code()));
      assertNull(mid.compiled(), "not split: it has not paid yet");
    } finally {
      Payback.splitSamplesPer1000Slots(perMille);
      Payback.samplesPer1000Slots(unsplit);
    }
  }

  /** The early payment by a steady share set for a test; {@link #close} restores the defaults. */
  private static final class Steady implements AutoCloseable {
    private final int perMille;
    private final int minSlots;
    private final int maxSlots;

    /** At a quarter of the need, for functions of {@code minSlots} to {@code maxSlots} slots. */
    Steady(int minSlots, int maxSlots) {
      this(250, minSlots, maxSlots);
    }

    /** At {@code perMille} of the need, for functions of those lengths. */
    Steady(int perMille, int minSlots, int maxSlots) {
      this.perMille = Payback.steadyPer1000OfNeed(perMille);
      this.minSlots = Payback.steadyMinSlots(minSlots);
      this.maxSlots = Payback.steadyMaxSlots(maxSlots);
    }

    @Override
    public void close() {
      Payback.steadyPer1000OfNeed(perMille);
      Payback.steadyMinSlots(minSlots);
      Payback.steadyMaxSlots(maxSlots);
    }
  }

  @Test
  void aSplitFunctionDoesNotPayByTheSteadyShare() throws InterruptedException {
    int previous = RegionPlanner.splitSlots(64);
    int unsplit = Payback.samplesPer1000Slots(1000);
    int perMille = Payback.splitSamplesPer1000Slots(1000); // its own early payment off
    // With the early payment by a steady share on: a split function does not take it.
    try (Steady steady = new Steady(64, Integer.MAX_VALUE)) {
      Instance inst = instance(Jit.Mode.TIERED);
      WasmFunction mid = function(inst, MID);
      assertEquals(Payback.samples(mid.code()), Payback.splitSamples(mid.code()));
      // Past the quarter where it would pay by its share if it were not split.
      int samples = runMid(inst, 2, 0);
      assertTrue(samples < Payback.samples(mid.code()), "samples: " + samples);
      assertNull(mid.compiled(), "it has not paid yet");
      same(inst, "mid", 5);
    } finally {
      RegionPlanner.splitSlots(previous);
      Payback.splitSamplesPer1000Slots(perMille);
      Payback.samplesPer1000Slots(unsplit);
    }
  }

  @Test
  void aLongFunctionThatKeepsMostOfTheSamplesPaysAtAQuarterOfItsLength()
      throws InterruptedException {
    try (Steady steady = new Steady(64, Integer.MAX_VALUE)) {
      Instance inst = instance(Jit.Mode.TIERED);
      WasmFunction mid = function(inst, MID);
      int need = Payback.samples(mid.code());
      assertEquals(need / 4, Payback.steadySamples(mid.code()));
      int samples = runMid(inst, 2, 0);
      await(() -> mid.compiled() != null, "compiled by its steady share");
      assertTrue(samples < need / 2, samples + " samples, below half the " + need + " it needs");
      assertFalse(RegionPlanner.splits(mid.code()));
      same(inst, "mid", 30_000);
      same(inst, "mid", -2);
    }
  }

  @Test
  void byDefaultALongFunctionThatKeepsMostOfTheSamplesWaitsForItsWholeLength()
      throws InterruptedException {
    int minSlots = Payback.steadyMinSlots(64);
    int maxSlots = Payback.steadyMaxSlots(Integer.MAX_VALUE);
    try {
      Instance inst = instance(Jit.Mode.TIERED);
      WasmFunction mid = function(inst, MID);
      assertEquals(Payback.samples(mid.code()), Payback.steadySamples(mid.code()));
      int samples = runMid(inst, 2, 0);
      assertTrue(samples >= Payback.samples(mid.code()) / 2, "samples: " + samples);
      assertNull(mid.compiled(), "the early payment is off by default");
    } finally {
      Payback.steadyMinSlots(minSlots);
      Payback.steadyMaxSlots(maxSlots);
    }
  }

  @Test
  void aLongFunctionWithASmallShareOfTheSamplesWaitsForItsWholeLength()
      throws InterruptedException {
    // dilute is split (with split functions' own early payment off, it never pays early), mid is
    // not.
    int splitSlots = RegionPlanner.splitSlots(10_000);
    int perMille = Payback.splitSamplesPer1000Slots(1000);
    // Early at a tenth of the need, so that the test runs a fraction of the samples.
    try (Steady steady = new Steady(100, 64, Integer.MAX_VALUE)) {
      Instance inst = instance(Jit.Mode.TIERED);
      WasmFunction mid = function(inst, MID);
      WasmFunction dilute = function(inst, DILUTE);
      assertTrue(mid.code().code().length < 10_000 && dilute.code().code().length >= 10_000);
      // mid holds about 1 in 30 of the samples, below the 5% that pays early; a sixth of its
      // length is past the tenth where it would pay with a larger share.
      int samples = runMid(inst, 6, 29);
      int need = Payback.samples(mid.code());
      assertEquals(need / 10, Payback.steadySamples(mid.code()));
      assertTrue(samples >= need / 6, "samples: " + samples);
      assertTrue(dilute.samplesCounted() < Payback.samples(dilute.code()), "dilute has not paid");
      assertNull(mid.compiled(), "past a quarter of its length, but with a small share");
      assertNull(dilute.compiled(), "split: no early payment");
      same(inst, "mid", 5);
    } finally {
      RegionPlanner.splitSlots(splitSlots);
      Payback.splitSamplesPer1000Slots(perMille);
    }
  }

  @Test
  void functionsOutsideTheSteadyRulesLengthsWaitForTheirWholeLength() throws InterruptedException {
    int length = function(reference, MID).code().code().length;
    try (Steady steady = new Steady(length + 1, Integer.MAX_VALUE)) {
      assertShortOrLongMidWaits();
    }
    try (Steady steady = new Steady(64, length - 1)) {
      assertShortOrLongMidWaits();
    }
  }

  private void assertShortOrLongMidWaits() throws InterruptedException {
    Instance inst = instance(Jit.Mode.TIERED);
    WasmFunction mid = function(inst, MID);
    int samples = runMid(inst, 2, 0);
    assertTrue(samples >= Payback.samples(mid.code()) / 2, "samples: " + samples);
    assertNull(mid.compiled(), "outside the steady rule's lengths: not paid yet");
  }

  @Test
  void aFunctionRunByManyShortHostCallsIsSampled() {
    Instance inst = instance(Jit.Mode.OFF);
    // One call runs 200 iterations: fewer branches than a sample takes.
    for (int i = 0; i < 2000; i++) {
      inst.invoke("worker", 200);
    }
    // 2000 calls of about 400 branches and an entry each: about 195 samples.
    int samples = function(inst, WORKER).samplesCounted();
    assertTrue(samples >= 150 && samples <= 250, "samples: " + samples);
  }
}
