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

/**
 * Loops over a constant count in clang's form, an index running from {@code -count} up to 0 ({@code
 * br_if (local.tee i (i32.add (local.get i) (i32.const t)))}): with more than 1024 iterations they
 * get a chunk counter in code for heap memory ({@link ChunkedLoops}, one {@code iinc} in the
 * bytecode; none over a native reservation), with at most 1024 no loop-head safe point ({@link
 * ShortLoops}). The compiled loops are compared with the interpreter after HotSpot compiled them
 * with the ordinary profile: in memory, running off its end in the first chunk and in a later one
 * (the stores before the trap compared byte for byte), and from an address that wraps.
 */
class ChunkedLoopsTest {

  /**
   * A loop of {@code trips} iterations of step {@code step}: stores the index's low byte at {@code
   * p + i} and sums the bytes read back; returns the sum. {@code extra} goes in the body.
   */
  private static String loop(String name, int trips, int step, String extra) {
    return " (func (export \""
        + name
        + "\") (param $p i32) (result i32) (local $i i32) (local $s i32)"
        + "   (local.set $i (i32.const "
        + -trips * step
        + "))"
        + "   (loop $l"
        + "     (i32.store8 (i32.add (local.get $p) (local.get $i)) (local.get $i))"
        + "     (local.set $s (i32.add (local.get $s)"
        + "       (i32.load8_u (i32.add (local.get $p) (local.get $i)))))"
        + extra
        + "     (br_if $l (local.tee $i (i32.add (local.get $i) (i32.const "
        + step
        + ")))))"
        + "   (local.get $s))";
  }

  private static final String MODULE =
      "(module (memory 1)"
          + loop("long", 3000, 1, "")
          + loop("longStep3", 1500, 3, "")
          + loop("chunkAndOne", 1025, 1, "")
          // Not chunked: 1024 iterations or fewer (no safe point at all), an if inside (not
          // straight-line code), a start that is not a constant, a data-dependent exit.
          + loop("short", 1024, 1, "")
          + loop(
              "withIf",
              3000,
              1,
              "(if (i32.eqz (local.get $s)) (then (local.set $s (i32.const 1))))")
          + " (func (export \"variableStart\") (param $p i32) (result i32) (local $i i32)"
          + "   (local.set $i (i32.sub (i32.const 0) (local.get $p)))"
          + "   (loop $l"
          + "     (i32.store8 (i32.add (local.get $p) (local.get $i)) (local.get $i))"
          + "     (br_if $l (local.tee $i (i32.add (local.get $i) (i32.const 1)))))"
          + "   (local.get $i))"
          + " (func (export \"search\") (param $p i32) (result i32)"
          + "   (loop $l"
          + "     (br_if $l (i32.load8_u (local.tee $p (i32.add (local.get $p) (i32.const 1))))))"
          + "   (local.get $p))"
          + ")";

  /** In the module's order (GeneratedCounts names functions by their index). */
  private static final List<String> CHUNKED = List.of("long", "longStep3", "chunkAndOne");

  private static final List<String> NOT = List.of("short", "withIf", "variableStart", "search");

  @Test
  void onlyStraightLoopsOverAConstantCountAbove1024GetAChunkCounter() {
    List<String> all = GeneratedCounts.both(CHUNKED, NOT);
    GeneratedCounts.assertCounts(GeneratedCounts.iincs(MODULE, all), CHUNKED, 1, NOT);
  }

  @Test
  void codeForANativeReservationHasNoChunkCounter() {
    List<String> all = GeneratedCounts.both(CHUNKED, NOT);
    Map<String, Integer> iincs = GeneratedCounts.iincs(MODULE, all, MemoryKind.NATIVE);
    GeneratedCounts.assertCounts(iincs, List.of(), 0, all);
  }

  @Test
  void aLoopOverAConstantCountOfAtMost1024HasNoSafePoint() {
    List<String> all = GeneratedCounts.both(CHUNKED, NOT);
    Map<String, Integer> polls = GeneratedCounts.safePoints(MODULE, all);
    assertEquals(0, polls.get("short"));
    assertEquals(1, polls.get("long"));
  }

  /** Compiled with the profile of ordinary runs (whole loops, in several chunks). */
  private static Instance warmed() {
    return TwoTiers.warmed(
        MODULE,
        300,
        compiled -> {
          for (String name : CHUNKED) {
            outcome(compiled, name, 5000);
          }
          outcome(compiled, "short", 5000);
        });
  }

  @Test
  void chunkedLoopsRunAndTrapAsInTheInterpreter() {
    Instance interp = patterned(MODULE, Jit.Mode.OFF);
    Instance compiled = warmed();
    for (String name : List.of("long", "longStep3", "chunkAndOne", "short")) {
      for (int p : new int[] {5000, 20000, 65535}) {
        agree(interp, compiled, name, p);
      }
      // The loop's addresses run from p - count * step up to p - step: past the end of memory
      // in the first chunk, in the second, at the last iteration, or (past < step) not at all;
      // below 0 (u32: huge) at the first.
      int step = name.equals("longStep3") ? 3 : 1;
      for (int past : new int[] {1, 2, 3, 500, 1023, 1024, 1025, 1026, 2047, 2048, 2049, 3000}) {
        Object got = agree(interp, compiled, name, 65536 + past);
        assertEquals(past >= step, got == Failure.OUT_OF_BOUNDS_MEMORY, name + " " + past);
      }
      assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, name, 100), name);
      sameMemory(interp, compiled);
    }
  }
}
