package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.WasmException;
import org.junit.jupiter.api.Test;

/** The differential fuzz target's verdicts: what counts as a difference between the tiers. */
class TierComparisonTest {

  private static final FuncType F32_TO_F32 =
      new FuncType(new ValType[] {ValType.F32}, new ValType[] {ValType.F32});

  private static JitDifferentialFuzzTest.Outcome value(long v) {
    return new JitDifferentialFuzzTest.Outcome(new long[] {v}, null);
  }

  private static JitDifferentialFuzzTest.Outcome trap(Failure f) {
    return new JitDifferentialFuzzTest.Outcome(null, new WasmException(f, null));
  }

  @Test
  void quietNansWithDifferentPayloadsAgreeButSignallingNansAndNumbersDoNot() {
    assertTrue(TierComparison.same(ValType.F32, 0x7FC00000L, 0xFFC00001L));
    assertTrue(TierComparison.same(ValType.F64, 0x7FF8000000000000L, 0xFFF8000000000123L));
    assertFalse(TierComparison.same(ValType.F32, 0x7FA00001L, 0x7FC00000L));
    assertFalse(TierComparison.same(ValType.F64, 0x7FF4000000000001L, 0x7FF4000000000002L));
    assertFalse(TierComparison.same(ValType.F32, 0x7FC00000L, 0L));
    assertFalse(TierComparison.same(ValType.I32, 0x7FC00000L, 0x7FC00001L));
  }

  @Test
  void aDifferentResultOrTrapIsAFindingAndARunOutStackStopsTheComparison() {
    long[] args = {0};
    assertThrows(
        AssertionError.class,
        () -> TierComparison.agree("f", F32_TO_F32, args, value(1), value(2)));
    assertThrows(
        AssertionError.class,
        () ->
            TierComparison.agree(
                "f", F32_TO_F32, args, trap(Failure.UNREACHABLE), trap(Failure.INTEGER_OVERFLOW)));
    assertThrows(
        AssertionError.class,
        () -> TierComparison.agree("f", F32_TO_F32, args, value(1), trap(Failure.UNREACHABLE)));
    assertTrue(
        TierComparison.agree(
            "f", F32_TO_F32, args, trap(Failure.UNREACHABLE), trap(Failure.UNREACHABLE)));
    assertFalse(
        TierComparison.agree("f", F32_TO_F32, args, trap(Failure.CALL_STACK_EXHAUSTED), value(1)));
  }

  @Test
  void memoryMayDifferOnlyInsideAQuietNanOnBothSides() {
    byte[] x = new byte[64];
    byte[] y = new byte[64];
    assertEquals(-1, TierComparison.unexplainedDifference(x, y));
    // The fuzz finding's bytes: f64 NaNs at the unaligned address 17, with the payloads of the two
    // operands of one f64.add.
    put(x, 17, 0xFFFF_FFF8_0000_0000L, 8);
    put(y, 17, 0xFFFF_F800_0000_0000L, 8);
    assertEquals(-1, TierComparison.unexplainedDifference(x, y));
    // f32 quiet NaNs of either sign at 40.
    put(x, 40, 0x7FC0_0001L, 4);
    put(y, 40, 0xFFC0_0000L, 4);
    assertEquals(-1, TierComparison.unexplainedDifference(x, y));
    // A byte past the NaN: no window covers it.
    y[25] = 1;
    assertEquals(25, TierComparison.unexplainedDifference(x, y));
    y[25] = 0;
    // A signalling NaN on one side, a number on the other: not the spec's freedom.
    put(x, 0, 0x7FF4_0000_0000_0001L, 8);
    put(y, 0, 0x7FF4_0000_0000_0002L, 8);
    assertEquals(0, TierComparison.unexplainedDifference(x, y));
    put(x, 0, 0x7FF8_0000_0000_0000L, 8);
    put(y, 0, Double.doubleToRawLongBits(1.5), 8);
    assertEquals(7, TierComparison.unexplainedDifference(x, y));
  }

  private static void put(byte[] b, int at, long v, int width) {
    for (int k = 0; k < width; k++) {
      b[at + k] = (byte) (v >>> (8 * k));
    }
  }

  @Test
  void changedMemoryOrGlobalsAfterTheCallsAreAFinding() {
    String wat =
        "(module (memory (export \"m\") 1) (global $g (export \"g\") (mut i32) (i32.const 0))"
            + " (func (export \"poke\") (i32.store8 (i32.const 70000) (i32.const 1))))";
    Instance a = Wat.instantiate(Jit.Mode.OFF, wat, Imports.NONE);
    Instance b = Wat.instantiate(Jit.Mode.EAGER, wat, Imports.NONE);
    assertDoesNotThrow(() -> TierComparison.sameState(a, b));
    b.memory().storeI8(65535, (byte) 1);
    assertThrows(AssertionError.class, () -> TierComparison.sameState(a, b));
    a.memory().storeI8(65535, (byte) 1);
    b.global(0).set(5);
    assertThrows(AssertionError.class, () -> TierComparison.sameState(a, b));
  }
}
