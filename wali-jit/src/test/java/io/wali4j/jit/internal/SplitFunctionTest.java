package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Functions split into several methods ({@link RegionPlanner}, {@link RegionEmitter}) against the
 * interpreter: the threshold is forced small, and swept, so that the cuts fall at every kind of
 * place (inside loops, between a block's values, around branches of a {@code br_table}).
 */
class SplitFunctionTest {

  static final String MODULE =
      "(module (import \"env\" \"probe\" (func $probe (result i32))) (memory 1)"
          // Branches out of nested blocks at several depths, each with a value; a br_table.
          + " (func (export \"depths\") (param $x i32) (result i32) (local $a i32) (local $b i64)"
          + "   (local.set $a (i32.const 5))"
          + "   (block $d3 (result i32)"
          + "     (block $d2 (result i32)"
          + "       (block $d1 (result i32)"
          + "         (local.set $b (i64.extend_i32_s (local.get $x)))"
          + "         (br_if $d1 (i32.const 100) (i32.eq (local.get $x) (i32.const 1)))"
          + "         (drop)"
          + "         (br_if $d2 (i32.const 200) (i32.eq (local.get $x) (i32.const 2)))"
          + "         (drop)"
          + "         (br_table $d1 $d2 $d3 (i32.add (local.get $a) (local.get $x))"
          + "           (i32.sub (local.get $x) (i32.const 3))))"
          + "       (i32.add (i32.const 1000)))"
          + "     (i32.add (i32.wrap_i64 (local.get $b))))"
          + "   (i32.mul (local.get $a)))"
          // A return from inside a loop and an if.
          + " (func (export \"find\") (param $n i32) (param $k i32) (result i32) (local $i i32)"
          + "   (loop $l"
          + "     (if (i32.eq (i32.mul (local.get $i) (local.get $i)) (local.get $k))"
          + "       (then (return (local.get $i))))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br_if $l (i32.lt_s (local.get $i) (local.get $n))))"
          + "   (i32.const -1))"
          // Loops inside and around each other; locals written in one place, read in another.
          + " (func (export \"nested\") (param $n i32) (result i64)"
          + "   (local $i i32) (local $j i32) (local $s i64)"
          + "   (block $out (loop $outer"
          + "     (br_if $out (i32.ge_s (local.get $i) (local.get $n)))"
          + "     (local.set $j (i32.const 0))"
          + "     (loop $inner"
          + "       (local.set $s (i64.add (local.get $s)"
          + "         (i64.extend_i32_s (i32.mul (local.get $i) (local.get $j)))))"
          + "       (local.set $j (i32.add (local.get $j) (i32.const 1)))"
          + "       (br_if $inner (i32.lt_s (local.get $j) (local.get $i))))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br $outer)))"
          + "   (local.get $s))"
          // Traps inside, after stores.
          + " (func (export \"trap\") (param $p i32) (result i32)"
          + "   (i32.store (i32.const 0) (local.get $p))"
          + "   (i32.store (i32.const 4) (i32.div_s (i32.const 100) (local.get $p)))"
          + "   (i32.add (i32.load (i32.const 4)) (i32.load (local.get $p))))"
          + " (func (export \"peek\") (param $p i32) (result i32) (i32.load (local.get $p)))"
          // Multi-value block params and results, a loop with params.
          + " (func (export \"multi\") (param $x i32) (param $y i64) (result i64 i32)"
          + "   (local.get $y) (local.get $x)"
          + "   (block $b (param i64 i32) (result i64 i32)"
          + "     (br_if $b (i32.eqz (local.get $x)))"
          + "     (i32.add (i32.const 7))"
          + "     (local.set $x)"
          + "     (i64.mul (i64.const 3))"
          + "     (local.get $x))"
          + "   (loop $l (param i64 i32) (result i64 i32)"
          + "     (local.set $x) (local.set $y)"
          + "     (local.set $y (i64.add (local.get $y) (i64.const 1)))"
          + "     (local.set $x (i32.sub (local.get $x) (i32.const 1)))"
          + "     (local.get $y) (local.get $x)"
          + "     (br_if $l (i32.gt_s (local.get $x) (i32.const 0)))))"
          // f32 and f64 locals and operands across the cuts; values beneath a call.
          + " (func (export \"floats\") (param $a f32) (param $b f64) (result f64) (local $c f64)"
          + "   (local.set $c (f64.promote_f32 (local.get $a)))"
          + "   (f32.const 0.5)"
          + "   (block $x (result f64)"
          + "     (f64.add (local.get $c) (local.get $b))"
          + "     (br_if $x (f64.gt (local.get $b) (f64.const 0)))"
          + "     (f64.neg))"
          + "   (f64.mul (local.get $c))"
          + "   (f64.add (f64.convert_i32_s (call $probe)))"
          + "   local.set $c f64.promote_f32 local.get $c f64.add)"
          // The probe's answer: 1 when a region method is on the Java stack.
          + " (func (export \"probed\") (param $x i32) (result i32) (local $y i32)"
          + "   (local.set $y (i32.mul (local.get $x) (i32.const 3)))"
          + "   (local.set $y (i32.add (local.get $y) (i32.const 1)))"
          + "   (i32.add (call $probe) (i32.mul (local.get $y) (i32.const 10))))"
          // A recursion, each level split.
          + " (func $count (export \"count\") (param i32) (result i32) (local $r i32)"
          + "   (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))"
          + "     (else"
          + "       (local.set $r (call $count (i32.sub (local.get 0) (i32.const 1))))"
          + "       (i32.add (i32.const 1) (local.get $r))))))";

  private static final Pattern REGION = Pattern.compile("f\\d+_\\d+");

  /** The probe import: 1 when a region of a split function is running on this Java thread. */
  static final Imports PROBE =
      (module, name) ->
          new HostFunction(
              new FuncType(new ValType[0], new ValType[] {ValType.I32}),
              (caller, stack, base) -> stack[base] = inRegion() ? 1 : 0);

  private static boolean inRegion() {
    return StackWalker.getInstance(StackWalker.Option.SHOW_HIDDEN_FRAMES)
        .walk(
            frames ->
                frames.anyMatch(
                    f ->
                        REGION.matcher(f.getMethodName()).matches()
                            && f.getClassName().startsWith("io.wali4j.jit.internal.WasmBatch")));
  }

  /** Every export on both tiers, with {@code slots} as the split threshold. */
  private static void compareAll(int slots) {
    int previous = RegionPlanner.splitSlots(slots);
    try {
      Instance interp = Wat.instantiate(Jit.Mode.OFF, MODULE, PROBE);
      Instance compiled = Wat.instantiate(Jit.Mode.EAGER, MODULE, PROBE);
      for (long x : new long[] {0, 1, 2, 3, 4, 5, 6, -1, 100}) {
        agree(interp, compiled, "depths", x);
      }
      for (long k : new long[] {0, 1, 49, 50, 81, 2500}) {
        agree(interp, compiled, "find", 60, k);
      }
      for (long n : new long[] {0, 1, 2, 10, 300}) {
        agree(interp, compiled, "nested", n);
      }
      for (long p : new long[] {8, 1, 0, 65533, 65532, -4}) {
        agree(interp, compiled, "trap", p);
        agree(interp, compiled, "peek", 0);
        agree(interp, compiled, "peek", 4);
      }
      for (long x : new long[] {0, 1, 5, 40}) {
        agree(interp, compiled, "multi", x, 1L << 33);
      }
      long two = Double.doubleToRawLongBits(2.0);
      long minus = Double.doubleToRawLongBits(-3.5);
      long nan = 0x7FF4000000000001L;
      for (long b : new long[] {two, minus, nan}) {
        Object want = TwoTiers.outcome(interp, "floats", Float.floatToRawIntBits(1.25f), b);
        Object got = TwoTiers.outcome(compiled, "floats", Float.floatToRawIntBits(1.25f), b);
        // The probe adds 1 on the compiled side when the function is split.
        if (want instanceof Long w && b != nan) {
          double expect = Double.longBitsToDouble(w) + (RegionPlanner.splits(code(6)) ? 1 : 0);
          assertEquals(expect, Double.longBitsToDouble((Long) got), "floats");
        }
      }
      for (long n : new long[] {0, 1, 10, 500}) {
        agree(interp, compiled, "count", n);
      }
    } finally {
      RegionPlanner.splitSlots(previous);
    }
  }

  /** The pre-decoded code of defined function {@code k} of the module. */
  private static FunctionCode code(int k) {
    ValidatedModule v = Wat.validated(MODULE);
    return v.code().get(k);
  }

  @Test
  void splitFunctionsAgreeWithTheInterpreterWhereverTheCutsFall() {
    for (int slots : new int[] {2, 3, 4, 5, 6, 8, 11, 16, 24, 40, 64, 100}) {
      compareAll(slots);
    }
  }

  @Test
  void theCodeRunsInRegionMethodsOnlyWhenSplit() {
    int previous = RegionPlanner.splitSlots(8);
    try {
      Instance compiled = Wat.instantiate(Jit.Mode.EAGER, MODULE, PROBE);
      assertEquals(List.of(1L + 10 * 22), List.of(compiled.invoke("probed", 7)[0]));
    } finally {
      RegionPlanner.splitSlots(previous);
    }
    Instance whole = Wat.instantiate(Jit.Mode.EAGER, MODULE, PROBE);
    assertEquals(220L, whole.invoke("probed", 7)[0]);
  }

  @Test
  void aPlanCutsEveryFunctionIntoRegionsWithinTheLimit() {
    ValidatedModule v = Wat.validated(MODULE);
    for (FunctionCode fc : v.code()) {
      for (int max : new int[] {1, 2, 5, 9, 30}) {
        RegionPlanner.Plan plan = RegionPlanner.plan(fc, max);
        int n = plan.regions();
        assertEquals(0, plan.from(0));
        for (int k = 0; k < n; k++) {
          int size = plan.to(k, fc.code().length) - plan.from(k);
          assertTrue(size > 0, "empty region");
          // A region is longer than the limit only when it is a single instruction.
          assertTrue(
              size <= max || size == Immediates.length(fc.code(), plan.from(k)),
              "region " + k + " of " + size + " slots, limit " + max);
          assertEquals(k, plan.regionOf(plan.entryPcs()[plan.firstEntry()[k]]));
          assertEquals(plan.from(k), plan.entryPcs()[plan.firstEntry()[k]]);
        }
      }
    }
  }
}
