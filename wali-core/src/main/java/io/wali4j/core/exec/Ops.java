package io.wali4j.core.exec;

import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;

/**
 * The numeric semantics of Wasm (spec 4.3) that Java's operators do not give directly: the
 * operations with trap conditions, the unsigned conversions, and the float operations whose NaN and
 * signed-zero rules differ from {@link Math}. Both tiers call these static methods, so each rule is
 * written once. Values use the long encoding of the pre-decoded form where a method takes or
 * returns raw bits.
 */
public final class Ops {

  private static final double TWO_63 = 9.223372036854775808E18;
  private static final double TWO_64 = 1.8446744073709552E19;

  private Ops() {}

  /** A trap without a location; the tier adds where it happened. */
  public static WasmException trap(Failure failure) {
    return new WasmException(failure, null);
  }

  // ---- integer division (spec 4.3.2: idiv, irem) ----

  public static int i32DivS(int a, int b) {
    if (b == 0) {
      throw trap(Failure.INTEGER_DIVIDE_BY_ZERO);
    }
    if (a == Integer.MIN_VALUE && b == -1) {
      throw trap(Failure.INTEGER_OVERFLOW);
    }
    return a / b;
  }

  public static int i32DivU(int a, int b) {
    if (b == 0) {
      throw trap(Failure.INTEGER_DIVIDE_BY_ZERO);
    }
    return Integer.divideUnsigned(a, b);
  }

  /** The remainder takes the sign of the dividend; MIN_VALUE % -1 is 0, not a trap. */
  public static int i32RemS(int a, int b) {
    if (b == 0) {
      throw trap(Failure.INTEGER_DIVIDE_BY_ZERO);
    }
    return b == -1 ? 0 : a % b;
  }

  public static int i32RemU(int a, int b) {
    if (b == 0) {
      throw trap(Failure.INTEGER_DIVIDE_BY_ZERO);
    }
    return Integer.remainderUnsigned(a, b);
  }

  public static long i64DivS(long a, long b) {
    if (b == 0) {
      throw trap(Failure.INTEGER_DIVIDE_BY_ZERO);
    }
    if (a == Long.MIN_VALUE && b == -1) {
      throw trap(Failure.INTEGER_OVERFLOW);
    }
    return a / b;
  }

  public static long i64DivU(long a, long b) {
    if (b == 0) {
      throw trap(Failure.INTEGER_DIVIDE_BY_ZERO);
    }
    return Long.divideUnsigned(a, b);
  }

  public static long i64RemS(long a, long b) {
    if (b == 0) {
      throw trap(Failure.INTEGER_DIVIDE_BY_ZERO);
    }
    return b == -1 ? 0 : a % b;
  }

  public static long i64RemU(long a, long b) {
    if (b == 0) {
      throw trap(Failure.INTEGER_DIVIDE_BY_ZERO);
    }
    return Long.remainderUnsigned(a, b);
  }

  // ---- float to integer, trapping (spec 4.3.4: trunc) ----
  // Every f32 is exactly representable as a double, so the f32 forms widen and share the bounds.
  // The bounds are exclusive: trunc(x) must lie in the target range.

  private static void checkConvertible(double d, double lowExclusive, double highExclusive) {
    if (d != d) {
      throw trap(Failure.INVALID_CONVERSION);
    }
    if (!(d > lowExclusive && d < highExclusive)) {
      throw trap(Failure.INTEGER_OVERFLOW);
    }
  }

  public static int i32TruncS(double d) {
    checkConvertible(d, -2147483649.0, 2147483648.0);
    return (int) d;
  }

  public static int i32TruncU(double d) {
    checkConvertible(d, -1.0, 4294967296.0);
    return (int) (long) d;
  }

  public static long i64TruncS(double d) {
    // -2^63 itself is in range; the next double below it is not.
    if (d != d) {
      throw trap(Failure.INVALID_CONVERSION);
    }
    if (!(d >= -TWO_63 && d < TWO_63)) {
      throw trap(Failure.INTEGER_OVERFLOW);
    }
    return (long) d;
  }

  public static long i64TruncU(double d) {
    checkConvertible(d, -1.0, TWO_64);
    return d < TWO_63 ? (long) d : (long) (d - TWO_63) + Long.MIN_VALUE;
  }

  // ---- float to integer, saturating (spec 4.3.4: trunc_sat) ----
  // Java's narrowing conversions already saturate the signed cases and map NaN to 0.

  public static int i32TruncSatS(double d) {
    return (int) d;
  }

  public static int i32TruncSatU(double d) {
    if (!(d > -1.0)) {
      return 0;
    }
    return d >= 4294967296.0 ? -1 : (int) (long) d;
  }

  public static long i64TruncSatS(double d) {
    return (long) d;
  }

  public static long i64TruncSatU(double d) {
    if (!(d > -1.0)) {
      return 0;
    }
    if (d >= TWO_64) {
      return -1L;
    }
    return d < TWO_63 ? (long) d : (long) (d - TWO_63) + Long.MIN_VALUE;
  }

  // ---- integer to float, unsigned (spec 4.3.4: convert_u) ----

  public static float f32ConvertU32(int x) {
    return (float) (x & 0xFFFFFFFFL);
  }

  public static double f64ConvertU32(int x) {
    return (double) (x & 0xFFFFFFFFL);
  }

  /**
   * Halving keeps the lost low bit as a sticky bit, so the one rounding of the 63-bit value is the
   * correct rounding of the 64-bit one; doubling is exact.
   */
  public static float f32ConvertU64(long x) {
    if (x >= 0) {
      return (float) x;
    }
    return (float) ((x >>> 1) | (x & 1)) * 2.0f;
  }

  public static double f64ConvertU64(long x) {
    if (x >= 0) {
      return (double) x;
    }
    return (double) ((x >>> 1) | (x & 1)) * 2.0;
  }

  // ---- float operations with Wasm rules (spec 4.3.3) ----
  // abs, neg and copysign are bit operations: they must not touch a NaN's payload.

  public static int f32Abs(int bits) {
    return bits & 0x7FFFFFFF;
  }

  public static int f32Neg(int bits) {
    return bits ^ 0x80000000;
  }

  public static int f32Copysign(int a, int b) {
    return (a & 0x7FFFFFFF) | (b & 0x80000000);
  }

  public static long f64Abs(long bits) {
    return bits & 0x7FFFFFFFFFFFFFFFL;
  }

  public static long f64Neg(long bits) {
    return bits ^ 0x8000000000000000L;
  }

  public static long f64Copysign(long a, long b) {
    return (a & 0x7FFFFFFFFFFFFFFFL) | (b & 0x8000000000000000L);
  }

  /** A NaN operand gives an arithmetic NaN (a + b quiets a signaling one); -0 is below +0. */
  public static float f32Min(float a, float b) {
    if (a != a || b != b) {
      return a + b;
    }
    return Math.min(a, b);
  }

  public static float f32Max(float a, float b) {
    if (a != a || b != b) {
      return a + b;
    }
    return Math.max(a, b);
  }

  public static double f64Min(double a, double b) {
    if (a != a || b != b) {
      return a + b;
    }
    return Math.min(a, b);
  }

  public static double f64Max(double a, double b) {
    if (a != a || b != b) {
      return a + b;
    }
    return Math.max(a, b);
  }

  /** Round half to even, keeping the sign of zero; exact for f32 through double. */
  public static float f32Nearest(float f) {
    return (float) Math.rint(f);
  }

  public static double f64Nearest(double d) {
    return d != d ? d + d : Math.rint(d);
  }

  /**
   * Math.ceil and Math.floor hand a NaN back unchanged when HotSpot runs them without its intrinsic
   * (interpreted or C1 code), but a signaling NaN must come out quieted (spec 4.3.3, arithmetic
   * NaN); {@code d + d} quiets it in every mode.
   */
  public static double f64Ceil(double d) {
    return d != d ? d + d : Math.ceil(d);
  }

  public static double f64Floor(double d) {
    return d != d ? d + d : Math.floor(d);
  }

  public static float f32Ceil(float f) {
    return (float) Math.ceil(f);
  }

  public static float f32Floor(float f) {
    return (float) Math.floor(f);
  }

  /** Rounds toward zero; the sign of a zero result is the operand's (trunc(-0.5) = -0). */
  public static float f32Trunc(float f) {
    return (float) f64Trunc(f);
  }

  public static double f64Trunc(double d) {
    if (d != d) {
      // Math.floor hands a NaN back unchanged; Wasm wants a signaling one quieted.
      return d + d;
    }
    return d < 0 ? Math.ceil(d) : Math.floor(d);
  }

  public static float f32Sqrt(float f) {
    return (float) Math.sqrt(f);
  }

  // ---- bit encodings of the long stack slots ----

  public static float f32(long slot) {
    return Float.intBitsToFloat((int) slot);
  }

  public static long f32Bits(float f) {
    return Float.floatToRawIntBits(f);
  }

  public static double f64(long slot) {
    return Double.longBitsToDouble(slot);
  }

  public static long f64Bits(double d) {
    return Double.doubleToRawLongBits(d);
  }
}
