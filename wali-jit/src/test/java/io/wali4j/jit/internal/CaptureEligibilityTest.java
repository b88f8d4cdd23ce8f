package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which functions the compiler takes under {@code -Dwali4j.jit.capture=unwind} (wali-jit's tests
 * run that way): every function that cannot reach a capture; of those that can, the ones whose
 * pre-decoded code is at most {@link JitTier#UNWIND_MAX_LENGTH} slots, and longer ones whose
 * capture handlers save at most {@link JitTier#UNWIND_MAX_HANDLER_STATE} values (sites times
 * locals). The others stay interpreted, as under {@code interpret}: HotSpot compiled such methods
 * of sqlite3 for seconds of CPU, and they ran no faster for it (benchmarks/RESULTS.md).
 */
class CaptureEligibilityTest {

  @BeforeAll
  static void unwindPolicy() {
    assertTrue(JitTier.CAPTURE_UNWIND, "run with -Dwali4j.jit.capture=unwind");
  }

  /** {@code n} statements adding to local 0. */
  private static String statements(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(" (local.set 0 (i32.add (local.get 0) (i32.const ").append(i).append(")))");
    }
    return sb.toString();
  }

  /** {@code n} calls of setjmp: {@code n} capture sites. */
  private static String setjmps(int n) {
    return " (drop (call $setjmp (i32.const 0)))".repeat(n);
  }

  @Test
  void aCaptureReachingFunctionIsCompiledWhenShortOrWhenItsHandlersSaveLittle() {
    int n = JitTier.UNWIND_MAX_LENGTH; // at least one slot per statement: past the limit
    int many = JitTier.UNWIND_MAX_HANDLER_STATE + 1; // sites, times one local
    ValidatedModule v =
        Wat.validated(
            "(module (import \"wali\" \"setjmp\" (func $setjmp (param i32) (result i32)))"
                + " (func $short (param i32) (result i32)" // 1
                + statements(3)
                + setjmps(many)
                + " (local.get 0))"
                + " (func $long (param i32) (result i32)" // 2
                + statements(n)
                + setjmps(many)
                + " (local.get 0))"
                + " (func $longPure (param i32) (result i32)" // 3
                + statements(n)
                + " (local.get 0))"
                + " (func $callsLong (param i32) (result i32) (call $long (local.get 0)))" // 4
                + " (func $longFewSites (param i32) (result i32)" // 5
                + statements(n)
                + setjmps(1)
                + " (local.get 0)))");
    List<FunctionCode> code = v.code();
    assertTrue(code.get(0).code().length <= JitTier.UNWIND_MAX_LENGTH);
    for (int k : new int[] {1, 2, 4}) {
      assertTrue(code.get(k).code().length > JitTier.UNWIND_MAX_LENGTH);
    }
    List<Integer> eligible = new ArrayList<>();
    for (FunctionCode fc : JitTier.eligible(v.module(), code)) {
      eligible.add(fc.funcidx());
    }
    // $long reaches setjmp, is long and has many capture sites: interpreted. Its short caller is
    // compiled (its call moves its frame at a capture), and so are the long function that cannot
    // reach a capture and the long one with one capture site.
    assertEquals(List.of(1, 3, 4, 5), eligible);
  }
}
