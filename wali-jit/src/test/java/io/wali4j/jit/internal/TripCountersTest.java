package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static io.wali4j.jit.internal.TwoTiers.outcome;
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
 * Loops counted on an i64 get an int trip counter whose back edge jumps past the head while the
 * head's computation proved the loop's own compare would be taken ({@link TripCounters}). Which
 * loops qualify is read from the bytecode (one {@code iinc} per qualifying loop: its counter); each
 * shape is compared with the interpreter after HotSpot compiled it with the ordinary profile:
 * counts that end exactly at, just before and just past a multiple of the stride and of the
 * 1024-iteration chunk, starts at or past the limit, negative starts and limits (huge as unsigned),
 * counters that wrap around 2^63 and 2^64 on the way, an i32 address that wraps around 2^32, and a
 * loop of stores running off the end of memory (the stores before the trap compared byte for byte).
 */
class TripCountersTest {

  /**
   * A loop storing its iteration count's low byte at {@code p} ({@code p += ps}), leaving after
   * {@code stop} iterations; {@code back} is its back edge. Returns {@code count * 1000003 + j}.
   */
  private static String loop(String name, String back) {
    return loop(name, "(i32.store8 (i32.add (local.get $p) (i32.const 16))", back);
  }

  /** The same with the store's address operand {@code store} (then the value). */
  private static String loop(String name, String store, String back) {
    return loop(name, store, "", back);
  }

  /**
   * The same with the store's address operand {@code store}, and {@code before} ahead of the store
   * instead of the pointer's step after it.
   */
  private static String loop(String name, String store, String before, String back) {
    String step = "     (local.set $p (i32.add (local.get $p) (local.get $ps)))";
    return " (func (export \""
        + name
        + "\") (param $p i32) (param $ps i32) (param $j i64) (param $s i64) (param $n i64)"
        + "   (param $stop i64) (result i64) (local $c i64)"
        + "   (block $out (loop $l"
        + "     (br_if $out (i64.eq (local.get $c) (local.get $stop)))"
        + "     (local.set $c (i64.add (local.get $c) (i64.const 1)))"
        + (before.isEmpty() ? "" : step)
        + store
        + " (i32.wrap_i64 (local.get $c)))"
        + (before.isEmpty() ? step : "")
        + back
        + "   ))"
        + "   (i64.add (i64.mul (local.get $c) (i64.const 1000003)) (local.get $j)))";
  }

  private static final String MODULE =
      "(module (memory 1)"
          // sieve's: j += s (a local) while j <u n.
          + loop(
              "ltU",
              "(br_if $l (i64.lt_u (local.tee $j (i64.add (local.get $s) (local.get $j)))"
                  + " (local.get $n)))")
          + loop(
              "ltS",
              "(br_if $l (i64.lt_s (local.tee $j (i64.add (local.get $j) (local.get $s)))"
                  + " (local.get $n)))")
          + loop(
              "gtS",
              "(br_if $l (i64.gt_s (local.get $n)"
                  + " (local.tee $j (i64.add (local.get $j) (local.get $s)))))")
          // A constant stride and a constant limit.
          + loop(
              "gtU7",
              "(br_if $l (i64.gt_u (i64.const 5000)"
                  + " (local.tee $j (i64.add (local.get $j) (i64.const 7)))))")
          + loop(
              "ne3",
              "(br_if $l (i64.ne (local.tee $j (i64.add (local.get $j) (i64.const 3)))"
                  + " (local.get $n)))")
          + loop(
              "ne3First",
              "(br_if $l (i64.ne (local.get $n)"
                  + " (local.tee $j (i64.add (i64.const 3) (local.get $j)))))")
          // The store's address is the pointer itself (checked once per chunk), offset 16.
          + loop(
              "ltUPointer",
              "(i32.store8 offset=16 (local.get $p)",
              "(br_if $l (i64.lt_u (local.tee $j (i64.add (local.get $s) (local.get $j)))"
                  + " (local.get $n)))")
          + loop(
              "ltUPointerAfter",
              "(i32.store8 offset=16 (local.get $p)",
              "after",
              "(br_if $l (i64.lt_u (local.tee $j (i64.add (local.get $s) (local.get $j)))"
                  + " (local.get $n)))")
          + loop(
              "ne3Pointer",
              "(i32.store8 offset=16 (local.get $p)",
              "(br_if $l (i64.ne (local.tee $j (i64.add (local.get $j) (i64.const 3)))"
                  + " (local.get $n)))")
          + loop(
              "neLocal",
              "(br_if $l (i64.ne (local.tee $j (i64.add (local.get $j) (local.get $s)))"
                  + " (local.get $n)))")
          // Not qualifying: <=, the stride or the limit written in the loop, the counter written
          // twice.
          + loop(
              "leU",
              "(br_if $l (i64.le_u (local.tee $j (i64.add (local.get $j) (local.get $s)))"
                  + " (local.get $n)))")
          + loop(
              "strideWritten",
              "(local.set $s (i64.or (local.get $s) (i64.const 0)))"
                  + "(br_if $l (i64.lt_u (local.tee $j (i64.add (local.get $j) (local.get $s)))"
                  + " (local.get $n)))")
          + loop(
              "limitWritten",
              "(local.set $n (i64.or (local.get $n) (i64.const 0)))"
                  + "(br_if $l (i64.lt_u (local.tee $j (i64.add (local.get $j) (local.get $s)))"
                  + " (local.get $n)))")
          + loop(
              "counterWritten",
              "(local.set $j (i64.or (local.get $j) (i64.const 0)))"
                  + "(br_if $l (i64.lt_u (local.tee $j (i64.add (local.get $j) (local.get $s)))"
                  + " (local.get $n)))")
          + ")";

  private static final List<String> QUALIFYING =
      List.of(
          "ltU",
          "ltS",
          "gtS",
          "gtU7",
          "ne3",
          "ne3First",
          "ltUPointer",
          "ltUPointerAfter",
          "ne3Pointer",
          "neLocal");

  private static final List<String> NOT =
      List.of("leU", "strideWritten", "limitWritten", "counterWritten");

  private static final long NEVER = -1;

  @Test
  void onlyI64LoopsWithAnInvariantStrideAndLimitAndOneWriteOfTheCounterQualify() {
    // The head's computation: two ldivs (by the chunk, by the stride).
    List<String> all = GeneratedCounts.both(QUALIFYING, NOT);
    Map<String, Integer> divs = GeneratedCounts.insns(MODULE, all, Opcodes.LDIV);
    GeneratedCounts.assertCounts(divs, QUALIFYING, 2, NOT);
  }

  /** Compiled with the profile of ordinary runs (thousands of iterations, in several chunks). */
  private static Instance warmed() {
    return TwoTiers.warmed(MODULE, 300, TripCountersTest::ordinaryRuns);
  }

  /** One round of the ordinary runs: each loop thousands of iterations, in several chunks. */
  private static void ordinaryRuns(Instance compiled) {
    outcome(compiled, "ltU", 1000, 3, 4, 2, 6000, NEVER);
    outcome(compiled, "ltS", 1000, 3, 4, 2, 6000, NEVER);
    outcome(compiled, "gtS", 1000, 3, 4, 2, 6000, NEVER);
    outcome(compiled, "gtU7", 1000, 3, 4, 0, 0, NEVER);
    outcome(compiled, "ne3", 1000, 3, 4, 0, 4 + 3 * 3000, NEVER);
    outcome(compiled, "ne3First", 1000, 3, 4, 0, 4 + 3 * 3000, NEVER);
    outcome(compiled, "neLocal", 1000, 3, 4, 2, 6000, NEVER);
    outcome(compiled, "ltUPointer", 1000, 3, 4, 2, 6000, NEVER);
    outcome(compiled, "ltUPointerAfter", 1000, 3, 4, 2, 6000, NEVER);
    outcome(compiled, "ne3Pointer", 1000, 3, 4, 0, 4 + 3 * 3000, NEVER);
    for (String name : NOT) {
      outcome(compiled, name, 1000, 3, 4, 2, 6000, NEVER);
    }
  }

  @Test
  void countsAtTheEdgesOfTheStrideAndOfTheChunkRunAsInTheInterpreter() {
    Instance interp = patterned(MODULE, Jit.Mode.OFF);
    Instance compiled = warmed();
    for (String name :
        List.of(
            "ltU",
            "ltS",
            "gtS",
            "ltUPointer",
            "ltUPointerAfter",
            "neLocal",
            "leU",
            "strideWritten")) {
      // (!= with a limit it never meets stops at $stop.)
      for (long n : new long[] {1, 2, 3, 1023, 1024, 1025, 1026, 2047, 2048, 2049, 3000, 3071}) {
        agree(interp, compiled, name, 100, 1, 0, 1, n, 5000);
        agree(interp, compiled, name, 100, 1, 0, 3, n, 5000);
        agree(interp, compiled, name, 100, 7, 5, 3, 3 * n + 5, 5000);
        agree(interp, compiled, name, 100, 7, 5, 3, 3 * n + 6, 5000);
        agree(interp, compiled, name, 100, 7, 5, 3, 3 * n + 4, 5000);
      }
      // Started at, just below and past the limit: one iteration.
      agree(interp, compiled, name, 100, 1, 500, 2, 500, 5000);
      agree(interp, compiled, name, 100, 1, 499, 2, 500, 5000);
      agree(interp, compiled, name, 100, 1, 501, 2, 500, 5000);
    }
    for (long j : new long[] {0, 1, 4990, 4992, 4993, 4999, 5000, 5001}) {
      agree(interp, compiled, "gtU7", 100, 1, j, 0, 0, NEVER);
    }
    for (String name : List.of("ne3", "ne3First", "ne3Pointer")) {
      for (long trips : new long[] {1, 2, 1023, 1024, 1025, 2048, 2049}) {
        agree(interp, compiled, name, 100, 1, 10, 0, 10 + 3 * trips, NEVER);
      }
      // Never meets the limit (not a multiple of 3 away, or behind): $stop ends it.
      agree(interp, compiled, name, 100, 1, 10, 0, 10 + 3 * 100 + 1, 5000);
      agree(interp, compiled, name, 100, 1, 10, 0, 10, 5000);
      agree(interp, compiled, name, 100, 1, 10, 0, 7, 5000);
    }
    sameMemory(interp, compiled);
  }

  @Test
  void negativeStartsAndLimitsAndCountersThatWrapRunAsInTheInterpreter() {
    Instance interp = patterned(MODULE, Jit.Mode.OFF);
    Instance compiled = warmed();
    long max = Long.MAX_VALUE;
    long min = Long.MIN_VALUE;
    for (String name : List.of("ltU", "ltS", "gtS", "ltUPointer", "neLocal")) {
      // A negative start: below any limit as i64, above it as u64.
      agree(interp, compiled, name, 100, 1, -3000, 2, 100, 4000);
      agree(interp, compiled, name, 100, 1, -1, 1, 1000, 4000);
      // A negative limit: huge as u64, so lt_u runs on to $stop.
      agree(interp, compiled, name, 100, 1, 0, 1, -1, 3000);
      agree(interp, compiled, name, 100, 1, -5000, 2, -1000, 4000);
      // j passes 2^63 - 1 (lt_s: negative, so below the limit again; lt_u: past it).
      agree(interp, compiled, name, 100, 1, max - 3000, 4, max - 1, 2000);
      agree(interp, compiled, name, 100, 1, max - 3001, 4, max, 2000);
      agree(interp, compiled, name, 100, 1, max - 2, 1, min + 5, 2000);
      // j passes 2^64 (u64) with the limit high above 2^63.
      agree(interp, compiled, name, 100, 1, -3000, 7, -2, 2000);
      // A stride of 0 or a negative one (a local): nothing proved.
      agree(interp, compiled, name, 100, 1, 0, 0, 100, 1500);
      agree(interp, compiled, name, 100, 1, 5000, -3, 100, 1500);
      agree(interp, compiled, name, 100, 1, 5000, min, 6000, 1500);
    }
    // != with the limit 2^64 - 3 away (mod 2^64): j wraps from 2^63 - 1 to -2^63 on the way.
    for (String name : List.of("ne3", "ne3First")) {
      agree(interp, compiled, name, 100, 1, max - 4, 0, min + 5, 5000);
      agree(interp, compiled, name, 100, 1, max - 3000, 0, min + 3000, 5000);
      agree(interp, compiled, name, 100, 1, -2000, 0, 1000, 5000);
      agree(interp, compiled, name, 100, 1, -2000, 0, 1001, 5000);
    }
    sameMemory(interp, compiled);
  }

  @Test
  void anAddressThatWrapsAround2To32AndStoresRunningOffTheEndTrapAsInTheInterpreter() {
    Instance interp = patterned(MODULE, Jit.Mode.OFF);
    Instance compiled = warmed();
    for (String name : List.of("ltU", "ltS", "gtS", "gtU7", "ne3")) {
      // p + 16 wraps around 2^32 to address 0, then p itself climbs through it.
      agree(interp, compiled, name, -16, 1, 0, 1, 3000, 4000);
      agree(interp, compiled, name, -16, 3, 4, 1, 4 + 3 * 1000, 4000);
      // One below: the first store is at 2^32 - 1.
      assertEquals(
          Failure.OUT_OF_BOUNDS_MEMORY,
          agree(interp, compiled, name, -17, 1, 0, 1, 3000, 4000),
          name);
      // Runs off the end of memory: traps at the first store past it, the stores before done.
      assertEquals(
          Failure.OUT_OF_BOUNDS_MEMORY,
          agree(interp, compiled, name, 65536 - 16 - 500, 1, 1, 1, 1 + 3 * 2000, NEVER),
          name);
      sameMemory(interp, compiled);
    }
  }

  @Test
  void pointersCheckedOncePerChunkTrapWhereTheInterpreterDoes() {
    Instance interp = patterned(MODULE, Jit.Mode.OFF);
    Instance compiled = warmed();
    for (String name : List.of("ltUPointer", "ltUPointerAfter", "ne3Pointer")) {
      // Loops of one chunk and of two whose last store is at the end of memory, one short of it,
      // one past it (the count set by the limit: the last chunk ends with the loop).
      long stride = name.startsWith("ne3") ? 3 : 1;
      for (int trips : new int[] {1000, 1500}) {
        for (int last : new int[] {65535, 65534, 65536}) {
          for (int ps : new int[] {1, 3}) {
            int p = last - 16 - ps * (trips - (name.endsWith("After") ? 0 : 1));
            Object got = agree(interp, compiled, name, p, ps, 1, 1, 1 + stride * trips, NEVER);
            agree(interp, compiled, name, p - ps, ps, 1, 1, 1 + stride * trips, NEVER);
            assertEquals(last == 65536, got == Failure.OUT_OF_BOUNDS_MEMORY, name);
          }
        }
      }
      // A negative start, a negative step reaching below 0, a step of 0, a step whose multiple
      // passes 2^31, and a start of 2^31 - 20: the checks decide, as in the interpreter.
      agree(interp, compiled, name, -16, 1, 1, 1, 1 + 3 * 1000, 1000);
      agree(interp, compiled, name, 300, -1, 1, 1, 1 + 3 * 1000, 1000);
      agree(interp, compiled, name, 300, 0, 1, 1, 1 + 3 * 1000, 1000);
      agree(interp, compiled, name, 100, 1 << 30, 1, 1, 1 + 3 * 1000, 1000);
      agree(interp, compiled, name, Integer.MAX_VALUE - 20, 1, 1, 1, 1 + 3 * 1000, 1000);
      sameMemory(interp, compiled);
    }
  }
}
