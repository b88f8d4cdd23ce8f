package io.wali4j.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class OpsTest {

  private static void traps(Failure f, Executable e) {
    assertEquals(f, assertThrows(WasmException.class, e).failure());
  }

  @Test
  void integerDivisionTrapsOnZeroAndOverflowButRemainderOfMinByMinusOneIsZero() {
    traps(Failure.INTEGER_DIVIDE_BY_ZERO, () -> Ops.i32DivS(1, 0));
    traps(Failure.INTEGER_DIVIDE_BY_ZERO, () -> Ops.i32DivU(1, 0));
    traps(Failure.INTEGER_DIVIDE_BY_ZERO, () -> Ops.i32RemS(1, 0));
    traps(Failure.INTEGER_DIVIDE_BY_ZERO, () -> Ops.i64RemU(1, 0));
    traps(Failure.INTEGER_OVERFLOW, () -> Ops.i32DivS(Integer.MIN_VALUE, -1));
    traps(Failure.INTEGER_OVERFLOW, () -> Ops.i64DivS(Long.MIN_VALUE, -1));
    assertEquals(0, Ops.i32RemS(Integer.MIN_VALUE, -1));
    assertEquals(0, Ops.i64RemS(Long.MIN_VALUE, -1));
    assertEquals(-1, Ops.i32RemS(-7, 2));
    assertEquals(0x7FFFFFFF, Ops.i32DivU(-1, 2));
    assertEquals(1, Ops.i64RemU(-1L, 2));
  }

  @Test
  void truncTrapsOnNanAndOutOfRangeAtTheExactBounds() {
    traps(Failure.INVALID_CONVERSION, () -> Ops.i32TruncS(Double.NaN));
    traps(Failure.INTEGER_OVERFLOW, () -> Ops.i32TruncS(2147483648.0));
    traps(Failure.INTEGER_OVERFLOW, () -> Ops.i32TruncS(-2147483649.0));
    assertEquals(Integer.MIN_VALUE, Ops.i32TruncS(-2147483648.9));
    assertEquals(2147483647, Ops.i32TruncS(2147483647.9));
    traps(Failure.INTEGER_OVERFLOW, () -> Ops.i32TruncU(-1.0));
    assertEquals(0, Ops.i32TruncU(-0.9));
    assertEquals(-1, Ops.i32TruncU(4294967295.0));
    traps(Failure.INTEGER_OVERFLOW, () -> Ops.i32TruncU(4294967296.0));
    assertEquals(Long.MIN_VALUE, Ops.i64TruncS(-9.223372036854775808E18));
    traps(Failure.INTEGER_OVERFLOW, () -> Ops.i64TruncS(9.223372036854775808E18));
    assertEquals(-2048L, Ops.i64TruncU(1.8446744073709550E19));
    traps(Failure.INTEGER_OVERFLOW, () -> Ops.i64TruncU(1.8446744073709552E19));
    traps(Failure.INVALID_CONVERSION, () -> Ops.i64TruncU(Float.NaN));
  }

  @Test
  void saturatingTruncClampsAndMapsNanToZero() {
    assertEquals(0, Ops.i32TruncSatS(Double.NaN));
    assertEquals(Integer.MAX_VALUE, Ops.i32TruncSatS(1e10));
    assertEquals(Integer.MIN_VALUE, Ops.i32TruncSatS(-1e10));
    assertEquals(0, Ops.i32TruncSatU(-5.0));
    assertEquals(-1, Ops.i32TruncSatU(1e10));
    assertEquals(0, Ops.i64TruncSatU(Double.NaN));
    assertEquals(-1L, Ops.i64TruncSatU(1e30));
    assertEquals(Long.MIN_VALUE, Ops.i64TruncSatU(9.223372036854775808E18));
    assertEquals(Long.MAX_VALUE, Ops.i64TruncSatS(Double.POSITIVE_INFINITY));
  }

  @Test
  void unsignedConversionsRoundOnce() {
    assertEquals(4294967295.0, Ops.f64ConvertU32(-1));
    assertEquals(1.8446744073709552E19, Ops.f64ConvertU64(-1L));
    // 2^63 + 2^40 + 1 must round up (sticky bit), not to even at 2^63 + 2^40.
    long x = Long.MIN_VALUE + (1L << 40) + 1;
    assertEquals(9.223373136366404E18f, Ops.f32ConvertU64(x));
    assertEquals(Float.intBitsToFloat(0x5f000001), Ops.f32ConvertU64(x));
    assertEquals(1.6777216E7f, Ops.f32ConvertU32(16777217));
  }

  @Test
  void minMaxFollowWasmNanAndSignedZeroRules() {
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(Ops.f32Min(0.0f, -0.0f)));
    assertEquals(Float.floatToRawIntBits(0.0f), Float.floatToRawIntBits(Ops.f32Max(-0.0f, 0.0f)));
    assertEquals(
        Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Ops.f64Min(-0.0, 0.0)));
    // A signaling NaN operand gives a quiet (arithmetic) NaN.
    float snan = Float.intBitsToFloat(0x7f800001);
    int r = Float.floatToRawIntBits(Ops.f32Max(snan, 1.0f));
    assertTrue(Float.isNaN(Float.intBitsToFloat(r)));
    assertEquals(0x00400000, r & 0x00400000, "quiet bit set");
    assertTrue(Double.isNaN(Ops.f64Min(1.0, Double.NaN)));
  }

  @Test
  void nearestRoundsHalfToEvenAndKeepsZeroSign() {
    assertEquals(2.0f, Ops.f32Nearest(2.5f));
    assertEquals(-4.0f, Ops.f32Nearest(-3.5f));
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(Ops.f32Nearest(-0.5f)));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Ops.f64Trunc(-0.7)));
    assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(Ops.f32Trunc(-0.7f)));
    assertEquals(4503599627370497.0, Ops.f64Nearest(4503599627370497.0));
    long quieted =
        Double.doubleToRawLongBits(Ops.f64Trunc(Double.longBitsToDouble(0x7ff4000000000000L)));
    assertEquals(0x7ffc000000000000L, quieted, "trunc quiets a signaling NaN");
  }

  @Test
  void signOperationsAreBitExactOnNanPayloads() {
    int nan = 0x7fa00001;
    assertEquals(0xffa00001, Ops.f32Neg(nan));
    assertEquals(nan, Ops.f32Abs(0xffa00001));
    assertEquals(0xffa00001, Ops.f32Copysign(nan, 0x80000000));
    assertEquals(0x7ff4000000000001L, Ops.f64Abs(0xfff4000000000001L));
    assertEquals(0x8000000000000000L, Ops.f64Copysign(0L, -1L));
  }
}
