package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static io.wali4j.jit.internal.TwoTiers.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loop that runs a small constant number of times has no safe point at its head ({@link
 * ShortLoops}); a loop whose count is not known that way keeps it. Each function counts its
 * iterations, compared with the interpreter; the safe points left are read from the bytecode.
 */
class ShortLoopsTest {

  /**
   * A function counting the iterations of a do-while on {@code i != limit}, {@code i} from {@code
   * start} by {@code step}, with {@code extra} in the body (which may leave through {@code $out}).
   */
  private static String loop(String name, String start, int step, int limit, String extra) {
    return " (func (export \""
        + name
        + "\") (param $p i32) (result i32) (local $i i32) (local $c i32)"
        + " (local.set $i "
        + start
        + ")"
        + " (block $out (loop $l (local.set $c (i32.add (local.get $c) (i32.const 1)))"
        + extra
        + " (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const "
        + step
        + "))) (i32.const "
        + limit
        + ")))))"
        + " (local.get $c))";
  }

  private static final String MODULE =
      "(module"
          + loop("by4", "(i32.const 0)", 4, 256, "")
          + loop("down", "(i32.const 100)", -3, 1, "")
          + loop("wraps", "(i32.const -8)", 4, 8, "")
          + loop("single", "(i32.const 5)", 1, 6, "")
          // Kept: the start is not a constant; the count is 2^32 - 1 (past the bound); an even
          // step that never meets the limit (stopped by an exit after 1000 iterations); i
          // written in the body; a second back edge.
          + loop("unknownStart", "(local.get $p)", 1, 256, "")
          + loop(
              "huge", "(i32.const 1)", 1, 0, " (br_if $out (i32.eq (local.get $c) (i32.const 9)))")
          + loop(
              "never",
              "(i32.const 1)",
              2,
              256,
              " (br_if $out (i32.eq (local.get $c) (i32.const 1000)))")
          + loop("written", "(i32.const 0)", 1, 64, " (local.set $i (local.get $i))")
          + loop(
              "twoEdges",
              "(i32.const 0)",
              1,
              64,
              " (if (i32.eq (local.get $c) (i32.const 3)) (then (br 1)))")
          // Also kept: a branch target between the start and the loop.
          + " (func (export \"joined\") (param $p i32) (result i32) (local $i i32) (local $c i32)"
          + "   (local.set $i (i32.const 0))"
          + "   (block $b (br_if $b (local.get $p)) (local.set $i (i32.const 8)))"
          + "   (loop $l (local.set $c (i32.add (local.get $c) (i32.const 1)))"
          + "     (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "       (i32.const 16))))"
          + "   (local.get $c)))";

  private static final List<String> NAMES =
      List.of(
          "by4",
          "down",
          "wraps",
          "single",
          "unknownStart",
          "huge",
          "never",
          "written",
          "twoEdges",
          "joined");

  @Test
  void onlyLoopsOfAFewConstantIterationsLoseTheirSafePoint() {
    Map<String, Integer> polls = GeneratedCounts.safePoints(MODULE, NAMES);
    for (String shortOne : List.of("by4", "down", "wraps", "single")) {
      assertEquals(0, polls.get(shortOne), shortOne);
    }
    for (String kept : List.of("unknownStart", "huge", "never", "written", "twoEdges", "joined")) {
      assertEquals(1, polls.get(kept), kept);
    }
  }

  @Test
  void theLoopsRunAsOftenAsInTheInterpreter() {
    Instance interp = Wat.instantiate(Jit.Mode.OFF, MODULE, Imports.NONE);
    Instance compiled = Wat.instantiate(Jit.Mode.EAGER, MODULE, Imports.NONE);
    for (int r = 0; r < 2000; r++) {
      for (String name : NAMES) {
        outcome(compiled, name, 0);
      }
    }
    assertEquals(64L, agree(interp, compiled, "by4", 0));
    assertEquals(33L, agree(interp, compiled, "down", 0));
    assertEquals(4L, agree(interp, compiled, "wraps", 0));
    assertEquals(1L, agree(interp, compiled, "single", 0));
    assertEquals(256L, agree(interp, compiled, "unknownStart", 0));
    assertEquals(9L, agree(interp, compiled, "huge", 0));
    assertEquals(1000L, agree(interp, compiled, "never", 0));
    assertEquals(64L, agree(interp, compiled, "written", 0));
    agree(interp, compiled, "twoEdges", 0);
    assertEquals(8L, agree(interp, compiled, "joined", 0));
    assertEquals(16L, agree(interp, compiled, "joined", 1));
  }
}
