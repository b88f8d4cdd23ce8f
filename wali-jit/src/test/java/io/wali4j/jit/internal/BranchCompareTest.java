package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static io.wali4j.jit.internal.TwoTiers.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every i32 and i64 compare right before a {@code br_if} forward, a {@code br_if} back to a loop
 * head and an {@code if}, which the compiler emits as one conditional jump ({@link BranchCompare}),
 * takes the branch exactly when the interpreter does, on values at the signed and unsigned
 * boundaries, also after HotSpot compiled the functions with a one-sided profile.
 */
class BranchCompareTest {

  private static final List<String> OPS =
      List.of("eqz", "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u");

  private static final long[] I32_VALUES = {
    0, 1, -1, 2, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1, 0xFFFFFFFEL
  };

  private static final long[] I64_VALUES = {
    0, 1, -1, 2, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Integer.MAX_VALUE, 1L << 32
  };

  /**
   * Per type and compare: {@code fwd_T_OP(a, b)} 1 when {@code br_if} to a block's end is taken,
   * {@code back_T_OP} the iterations of a loop whose back edge is the compare (1, or 3 when it
   * holds: the loop leaves after 3), {@code if_T_OP} the arm an {@code if} takes.
   */
  private static String module() {
    StringBuilder m = new StringBuilder("(module");
    for (String t : List.of("i32", "i64")) {
      for (String op : OPS) {
        String cmp =
            op.equals("eqz")
                ? "(" + t + ".eqz (local.get $a))"
                : "(" + t + "." + op + " (local.get $a) (local.get $b))";
        String params = "(param $a " + t + ") (param $b " + t + ")";
        String suffix = t + "_" + op;
        m.append(" (func (export \"fwd_")
            .append(suffix)
            .append("\") ")
            .append(params)
            .append(" (result i32) (block $t (br_if $t ")
            .append(cmp)
            .append(") (return (i32.const 0))) (i32.const 1))");
        m.append(" (func (export \"back_")
            .append(suffix)
            .append("\") ")
            .append(params)
            .append(" (result i32) (local $c i32) (block $out (loop $l")
            .append(" (local.set $c (i32.add (local.get $c) (i32.const 1)))")
            .append(" (br_if $out (i32.ge_u (local.get $c) (i32.const 3)))")
            .append(" (br_if $l ")
            .append(cmp)
            .append("))) (local.get $c))");
        m.append(" (func (export \"if_")
            .append(suffix)
            .append("\") ")
            .append(params)
            .append(" (result i32) (if (result i32) ")
            .append(cmp)
            .append(" (then (i32.const 1)) (else (i32.const 0))))");
      }
    }
    return m.append(")").toString();
  }

  @Test
  void everyCompareBranchesAsInTheInterpreter() {
    String wat = module();
    Instance interp = Wat.instantiate(Jit.Mode.OFF, wat, Imports.NONE);
    Instance compiled = Wat.instantiate(Jit.Mode.EAGER, wat, Imports.NONE);
    // One-sided profile first: HotSpot compiles the other side as an uncommon trap.
    for (int r = 0; r < 2000; r++) {
      for (String t : List.of("i32", "i64")) {
        for (String op : OPS) {
          for (String shape : List.of("fwd_", "back_", "if_")) {
            outcome(compiled, shape + t + "_" + op, 5, 5);
          }
        }
      }
    }
    int taken = 0;
    for (String t : List.of("i32", "i64")) {
      long[] values = t.equals("i32") ? I32_VALUES : I64_VALUES;
      for (String op : OPS) {
        for (long a : values) {
          for (long b : values) {
            Object fwd = agree(interp, compiled, "fwd_" + t + "_" + op, a, b);
            Object back = agree(interp, compiled, "back_" + t + "_" + op, a, b);
            Object arm = agree(interp, compiled, "if_" + t + "_" + op, a, b);
            assertEquals(fwd, arm, t + "." + op);
            assertEquals((Long) fwd == 1 ? 3L : 1L, back, t + "." + op);
            taken += (int) (long) (Long) fwd;
          }
        }
      }
    }
    // Both outcomes were exercised (each compare is true and false on these values).
    assertEquals(true, taken > 0 && taken < 2 * OPS.size() * 81);
  }
}
