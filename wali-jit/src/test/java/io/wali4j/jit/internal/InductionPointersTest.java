package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static io.wali4j.jit.internal.TwoTiers.outcome;
import static io.wali4j.jit.internal.TwoTiers.pattern;
import static io.wali4j.jit.internal.TwoTiers.patterned;
import static io.wali4j.jit.internal.TwoTiers.sameMemory;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.wasm.Failure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/**
 * Pointers a counted loop advances by a constant get a 64-bit copy, used for the accesses' offsets
 * when the loop's entry proves that the pointer's i32 adds never wrap ({@link InductionPointers}).
 * Which loops qualify is read from the bytecode (one entry test, with its one {@code ldiv}, per
 * qualifying loop); each loop is compared with the interpreter after HotSpot compiled it with the
 * ordinary profile: walks that stay inside, a loop of stores running off the end (the stores before
 * the trap compared byte for byte), and pointers that cross 2^31 during the loop, so that their i32
 * value wraps while their sum with a large constant stays a small address: a loop that runs past
 * its count, one whose limit is not a multiple of its step away, one entered past its limit, and
 * one that runs its count but whose pointer goes past 2^31 - 1 on the way.
 */
class InductionPointersTest {

  private static String counted(int step) {
    return "(br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const "
        + step
        + "))) (local.get $n)))";
  }

  /**
   * Adds the i64 at {@code p + 0x7fffffc0} to s when p is negative as an i32 (an address p - 64).
   */
  private static final String CROSSED =
      "(if (i32.lt_s (local.get $p) (i32.const 0))"
          + " (then (local.set $s (i64.add (local.get $s)"
          + "   (i64.load (i32.add (local.get $p) (i32.const 0x7fffffc0)))))))";

  private static final String MODULE =
      "(module (memory 1)"
          // matmul's inner loop: c[j] += a * b[j], two pointers by 16, two elements per trip.
          + " (func (export \"axpy\") (param $c i32) (param $b i32) (param $n i32) (param $a f64)"
          + "   (local $i i32) (local $t i32)"
          + "   (loop $l"
          + "     (f64.store (local.get $c) (f64.add (f64.load (local.get $c))"
          + "       (f64.mul (local.get $a) (f64.load (local.get $b)))))"
          + "     (f64.store (local.tee $t (i32.add (local.get $c) (i32.const 8)))"
          + "       (f64.add (f64.load (local.get $t))"
          + "         (f64.mul (local.get $a) (f64.load (i32.add (local.get $b) (i32.const 8))))))"
          + "     (local.set $c (i32.add (local.get $c) (i32.const 16)))"
          + "     (local.set $b (i32.add (local.get $b) (i32.const 16)))"
          + counted(2)
          + "   ))"
          // Stores p at p + 8, p += 8.
          + " (func (export \"fill\") (param $p i32) (param $n i32)"
          + "   (local $i i32)"
          + "   (loop $l"
          + "     (i32.store (i32.add (local.get $p) (i32.const 8)) (local.get $p))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 8)))"
          + counted(1)
          + "   ))"
          // p by 0x1000, i by 2, reading p - 64 once p has crossed 2^31; leaves after $stop
          // iterations.
          + " (func (export \"crossing\") (param $p i32) (param $n i32) (param $stop i32)"
          + "   (result i64) (local $i i32) (local $s i64)"
          + "   (block $out (loop $l"
          + CROSSED
          + "     (local.set $p (i32.add (local.get $p) (i32.const 0x1000)))"
          + "     (br_if $out (i32.eqz (local.tee $stop (i32.sub (local.get $stop) (i32.const 1)))))"
          + counted(2)
          + "   ))"
          + "   (local.get $s))"
          // Not qualifying: the pointer written twice, the counter written in the body, the
          // limit written in the body, a loop inside, a negative step.
          + " (func (export \"twice\") (param $p i32) (param $n i32) (result i32)"
          + "   (local $i i32) (local $s i32)"
          + "   (loop $l"
          + "     (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 4)))"
          + "     (if (local.get $s) (then (local.set $p (i32.add (local.get $p) (i32.const 4)))))"
          + counted(1)
          + "   )"
          + "   (local.get $s))"
          + " (func (export \"counterWritten\") (param $p i32) (param $n i32) (result i32)"
          + "   (local $i i32) (local $s i32)"
          + "   (loop $l"
          + "     (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 4)))"
          + "     (local.set $i (i32.or (local.get $i) (i32.const 0)))"
          + counted(1)
          + "   )"
          + "   (local.get $s))"
          + " (func (export \"limitWritten\") (param $p i32) (param $n i32) (result i32)"
          + "   (local $i i32) (local $s i32)"
          + "   (loop $l"
          + "     (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 4)))"
          + "     (local.set $n (i32.add (local.get $n) (i32.const 0)))"
          + counted(1)
          + "   )"
          + "   (local.get $s))"
          + " (func (export \"nested\") (param $p i32) (param $n i32) (result i32)"
          + "   (local $i i32) (local $s i32) (local $k i32)"
          + "   (loop $l"
          + "     (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 4)))"
          + "     (local.set $k (i32.const 3))"
          + "     (loop $m (br_if $m (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))"
          + counted(1)
          + "   )"
          + "   (local.get $s))"
          + " (func (export \"down\") (param $p i32) (param $n i32) (result i32)"
          + "   (local $i i32) (local $s i32)"
          + "   (loop $l"
          + "     (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 4)))"
          + counted(-1)
          + "   )"
          + "   (local.get $s)))";

  private static final List<String> NAMES =
      List.of(
          "axpy", "fill", "crossing", "twice", "counterWritten", "limitWritten", "nested", "down");

  private static Instance instance(Jit.Mode mode) {
    return patterned(MODULE, mode);
  }

  @Test
  void onlyCountedLoopsWithoutInnerLoopsAndWithOneWriteOfThePointerQualify() {
    // One entry test (one ldiv) per qualifying loop, one bound (one lmul) per pointer.
    Map<String, Integer> loops = GeneratedCounts.insns(MODULE, NAMES, Opcodes.LDIV);
    Map<String, Integer> pointers = GeneratedCounts.insns(MODULE, NAMES, Opcodes.LMUL);
    for (String qualifies : List.of("axpy", "fill", "crossing", "twice")) {
      assertEquals(1, loops.get(qualifies), qualifies);
    }
    assertEquals(2, pointers.get("axpy"));
    assertEquals(1, pointers.get("fill"));
    assertEquals(1, pointers.get("crossing"));
    // The loop qualifies (for its trip count), its pointer written twice does not.
    assertEquals(0, pointers.get("twice"));
    for (String not : List.of("counterWritten", "limitWritten", "nested", "down")) {
      assertEquals(0, loops.get(not), not);
    }
  }

  @Test
  void pointerWalksReadAndWriteWhatTheInterpreterDoes() {
    Instance interp = instance(Jit.Mode.OFF);
    Instance compiled = instance(Jit.Mode.EAGER);
    // Enough calls for HotSpot to compile the loops with the profile of the ordinary case.
    for (int r = 0; r < 3000; r++) {
      outcome(compiled, "axpy", 0, 16000, 1000, Double.doubleToRawLongBits(0.5));
      outcome(compiled, "fill", 32000, 1000);
      outcome(compiled, "crossing", 0, 100, 50);
      for (String not : List.of("twice", "counterWritten", "limitWritten", "nested", "down")) {
        outcome(compiled, not, 0, 100);
      }
    }
    pattern(compiled);
    agree(interp, compiled, "axpy", 0, 16000, 1000, Double.doubleToRawLongBits(0.5));
    agree(interp, compiled, "axpy", 8, 40000, 2000, Double.doubleToRawLongBits(-1.25));
    agree(interp, compiled, "fill", 32000, 1000);
    for (String not : List.of("twice", "counterWritten", "limitWritten", "nested", "down")) {
      agree(interp, compiled, not, 64, 100);
    }
    // The pointers start negative: the entry test fails, and p + 8 wraps to small addresses.
    agree(interp, compiled, "axpy", -8, 16000, 100, Double.doubleToRawLongBits(2.0));
    // A pointer that ends at 2^31 - 1 + 8 traps there, as in the interpreter.
    assertEquals(
        Failure.OUT_OF_BOUNDS_MEMORY,
        agree(interp, compiled, "axpy", 0, Integer.MAX_VALUE - 16 * 50 + 1, 100, 0));
    sameMemory(interp, compiled);
  }

  @Test
  void aLoopOfStoresRunningOffTheEndTrapsAfterTheStoresBeforeIt() {
    Instance interp = instance(Jit.Mode.OFF);
    Instance compiled = instance(Jit.Mode.EAGER);
    for (int r = 0; r < 3000; r++) {
      outcome(compiled, "fill", 0, 1000);
    }
    pattern(compiled);
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, "fill", 65536 - 800, 1000));
    sameMemory(interp, compiled);
    assertEquals(65536L - 16, Integer.toUnsignedLong(compiled.memory().loadI32(65536 - 8)));
  }

  @Test
  void pointersThatCross2To31DuringTheLoopReadTheWrappedAddresses() {
    Instance interp = instance(Jit.Mode.OFF);
    Instance compiled = instance(Jit.Mode.EAGER);
    for (int r = 0; r < 3000; r++) {
      outcome(compiled, "crossing", 0, 100, 50);
    }
    // From 2^31 - 0x1f80 the pointer is 2^31 + 0x80 after two steps: reads from address 0x40 on.
    int start = Integer.MAX_VALUE - 0x1f80 + 1;
    // Runs its count (12 iterations), but the pointer passes 2^31 - 1 on the way.
    long sum = (Long) agree(interp, compiled, "crossing", start, 24, 1000);
    assertEquals(sum(0x40, 10), sum);
    // A limit the counter never meets (odd, step 2): leaves through $stop after 12 iterations.
    assertEquals(sum, agree(interp, compiled, "crossing", start, 23, 12));
    // Entered past its limit: the counter wraps around 2^32 on the way; $stop ends it.
    assertEquals(sum, agree(interp, compiled, "crossing", start, -4, 12));
    assertEquals(sum, agree(interp, compiled, "crossing", start, 0, 12));
    // A pointer that stays below 2^31 in its count, then runs on (the limit is never met).
    assertEquals(sum(0x40, 4), agree(interp, compiled, "crossing", start - 0x6000, 11, 12));
  }

  /** The sum of the pattern's i64s at {@code count} addresses from {@code from}, 0x1000 apart. */
  private static long sum(long from, int count) {
    long s = 0;
    for (int k = 0; k < count; k++) {
      long a = from + 0x1000L * k;
      s += a * 0x9E3779B97F4A7C15L;
    }
    return s;
  }
}
