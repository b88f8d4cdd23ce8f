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
 * run that way): every function that cannot reach a capture, and those that can when their
 * pre-decoded code is at most {@link JitTier#UNWIND_MAX_LENGTH} slots; longer ones stay
 * interpreted, as under {@code interpret} (HotSpot compiled such methods, with their capture
 * handlers, for seconds of CPU in sqlite3: benchmarks/RESULTS.md).
 */
class CaptureEligibilityTest {

  @BeforeAll
  static void unwindPolicy() {
    assertTrue(JitTier.CAPTURE_UNWIND, "run with -Dwali4j.jit.capture=unwind");
  }

  /** A body of {@code n} statements adding to local 0. */
  private static String statements(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(" (local.set 0 (i32.add (local.get 0) (i32.const ").append(i).append(")))");
    }
    return sb.toString();
  }

  @Test
  void aCaptureReachingFunctionIsCompiledOnlyUpToTheLengthLimit() {
    int n = JitTier.UNWIND_MAX_LENGTH; // at least one slot per statement: past the limit
    ValidatedModule v =
        Wat.validated(
            "(module (import \"wali\" \"setjmp\" (func $setjmp (param i32) (result i32)))"
                + " (func $short (param i32) (result i32)" // 1
                + statements(3)
                + " (drop (call $setjmp (i32.const 0))) (local.get 0))"
                + " (func $long (param i32) (result i32)" // 2
                + statements(n)
                + " (drop (call $setjmp (i32.const 0))) (local.get 0))"
                + " (func $longPure (param i32) (result i32)" // 3
                + statements(n)
                + " (local.get 0))"
                + " (func $callsLong (param i32) (result i32) (call $long (local.get 0))))"); // 4
    List<FunctionCode> code = v.code();
    assertTrue(code.get(0).code().length <= JitTier.UNWIND_MAX_LENGTH);
    assertTrue(code.get(1).code().length > JitTier.UNWIND_MAX_LENGTH);
    assertTrue(code.get(2).code().length > JitTier.UNWIND_MAX_LENGTH);
    List<Integer> eligible = new ArrayList<>();
    for (FunctionCode fc : JitTier.eligible(v.module(), code)) {
      eligible.add(fc.funcidx());
    }
    // $long reaches setjmp and is too long; the short caller of $long is compiled (its call moves
    // its frame at a capture), and so is the long function that cannot reach one.
    assertEquals(List.of(1, 3, 4), eligible);
  }
}
