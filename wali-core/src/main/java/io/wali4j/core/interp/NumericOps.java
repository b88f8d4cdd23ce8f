package io.wali4j.core.interp;

import io.wali4j.core.exec.Ops;
import io.wali4j.core.wasm.Opcodes;

/**
 * Numeric instructions too rare in compiled C to earn a place in the dispatch loop (rounding,
 * min/max, copysign, float-to-int truncation, unsigned int-to-float conversion, popcnt, 64-bit
 * rotations, clz/ctz, rotations by a variable count (a constant count is fused), sign extensions,
 * single-precision arithmetic, comparisons and conversions, which the C programs here seldom use,
 * and the comparisons f64 < and >, i32 unsigned >= and i64 unsigned <, which lua, sqlite3 and the
 * kernels run about once per 5000 instructions or never): leaving them out keeps {@link
 * Interpreter#run} under HotSpot's 8000-byte limit with room for superinstructions. Same
 * conventions as {@link RareOps}.
 */
final class NumericOps {

  private NumericOps() {}

  private static float f32(long slot) {
    return Float.intBitsToFloat((int) slot);
  }

  private static double f64(long slot) {
    return Double.longBitsToDouble(slot);
  }

  private static long bits(float f) {
    return Float.floatToRawIntBits(f);
  }

  private static long bits(double d) {
    return Double.doubleToRawLongBits(d);
  }

  // Math.floor and Math.ceil hand a NaN back unchanged when not intrinsified (and quieted when
  // they are): Wasm wants an arithmetic NaN, so a NaN operand is quieted explicitly (a + a).

  /** Executes {@code op} on the operand stack {@code s} below {@code sp}; returns the new sp. */
  static int execute(int op, long[] s, int sp) {
    switch (op) {
      case Opcodes.F32_CEIL:
        {
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(Ops.f32Ceil(a));
          return sp;
        }
      case Opcodes.F32_FLOOR:
        {
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(Ops.f32Floor(a));
          return sp;
        }
      case Opcodes.F32_TRUNC:
        {
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(Ops.f32Trunc(a));
          return sp;
        }
      case Opcodes.F32_NEAREST:
        {
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(Ops.f32Nearest(a));
          return sp;
        }
      case Opcodes.F32_SQRT:
        {
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(Ops.f32Sqrt(a));
          return sp;
        }
      case Opcodes.F64_CEIL:
        {
          double a = f64(s[sp - 1]);
          s[sp - 1] = bits(Ops.f64Ceil(a));
          return sp;
        }
      case Opcodes.F64_FLOOR:
        {
          double a = f64(s[sp - 1]);
          s[sp - 1] = bits(Ops.f64Floor(a));
          return sp;
        }
      case Opcodes.F64_TRUNC:
        {
          double a = f64(s[sp - 1]);
          s[sp - 1] = bits(Ops.f64Trunc(a));
          return sp;
        }
      case Opcodes.F64_NEAREST:
        {
          double a = f64(s[sp - 1]);
          s[sp - 1] = bits(Ops.f64Nearest(a));
          return sp;
        }
      case Opcodes.F32_MIN:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(Ops.f32Min(a, b));
          return sp;
        }
      case Opcodes.F32_MAX:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(Ops.f32Max(a, b));
          return sp;
        }
      case Opcodes.F64_MIN:
        {
          double b = f64(s[--sp]);
          double a = f64(s[sp - 1]);
          s[sp - 1] = bits(Ops.f64Min(a, b));
          return sp;
        }
      case Opcodes.F64_MAX:
        {
          double b = f64(s[--sp]);
          double a = f64(s[sp - 1]);
          s[sp - 1] = bits(Ops.f64Max(a, b));
          return sp;
        }
      case Opcodes.F32_COPYSIGN:
        {
          int b = (int) s[--sp];
          s[sp - 1] = Ops.f32Copysign((int) s[sp - 1], b);
          return sp;
        }
      case Opcodes.F64_COPYSIGN:
        {
          long b = s[--sp];
          s[sp - 1] = Ops.f64Copysign(s[sp - 1], b);
          return sp;
        }
      case Opcodes.I32_TRUNC_F32_S:
        {
          float a = f32(s[sp - 1]);
          s[sp - 1] = Ops.i32TruncS(a);
          return sp;
        }
      case Opcodes.I32_TRUNC_F32_U:
        {
          float a = f32(s[sp - 1]);
          s[sp - 1] = Ops.i32TruncU(a);
          return sp;
        }
      case Opcodes.I32_TRUNC_F64_S:
        {
          double a = f64(s[sp - 1]);
          s[sp - 1] = Ops.i32TruncS(a);
          return sp;
        }
      case Opcodes.I32_TRUNC_F64_U:
        {
          double a = f64(s[sp - 1]);
          s[sp - 1] = Ops.i32TruncU(a);
          return sp;
        }
      case Opcodes.I64_TRUNC_F32_S:
        {
          float a = f32(s[sp - 1]);
          s[sp - 1] = Ops.i64TruncS(a);
          return sp;
        }
      case Opcodes.I64_TRUNC_F32_U:
        {
          float a = f32(s[sp - 1]);
          s[sp - 1] = Ops.i64TruncU(a);
          return sp;
        }
      case Opcodes.I64_TRUNC_F64_S:
        {
          double a = f64(s[sp - 1]);
          s[sp - 1] = Ops.i64TruncS(a);
          return sp;
        }
      case Opcodes.I64_TRUNC_F64_U:
        {
          double a = f64(s[sp - 1]);
          s[sp - 1] = Ops.i64TruncU(a);
          return sp;
        }
      case Opcodes.F32_CONVERT_I32_U:
        {
          int a = (int) s[sp - 1];
          s[sp - 1] = bits(Ops.f32ConvertU32(a));
          return sp;
        }
      case Opcodes.F32_CONVERT_I64_U:
        {
          long a = s[sp - 1];
          s[sp - 1] = bits(Ops.f32ConvertU64(a));
          return sp;
        }
      case Opcodes.F64_CONVERT_I32_U:
        {
          int a = (int) s[sp - 1];
          s[sp - 1] = bits(Ops.f64ConvertU32(a));
          return sp;
        }
      case Opcodes.F64_CONVERT_I64_U:
        {
          long a = s[sp - 1];
          s[sp - 1] = bits(Ops.f64ConvertU64(a));
          return sp;
        }
      case Opcodes.I32_POPCNT:
        {
          int a = (int) s[sp - 1];
          s[sp - 1] = Integer.bitCount(a);
          return sp;
        }
      case Opcodes.I64_POPCNT:
        {
          long a = s[sp - 1];
          s[sp - 1] = Long.bitCount(a);
          return sp;
        }
      case Opcodes.I64_ROTL:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = Long.rotateLeft(a, (int) b);
          return sp;
        }
      case Opcodes.I64_ROTR:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = Long.rotateRight(a, (int) b);
          return sp;
        }
      case Opcodes.I64_EXTEND8_S:
        {
          s[sp - 1] = (byte) s[sp - 1];
          return sp;
        }
      case Opcodes.I64_EXTEND16_S:
        {
          s[sp - 1] = (short) s[sp - 1];
          return sp;
        }
      case Opcodes.I64_EXTEND32_S:
        {
          s[sp - 1] = (int) s[sp - 1];
          return sp;
        }
      case Opcodes.F32_CONVERT_I64_S:
        {
          long a = s[sp - 1];
          s[sp - 1] = bits((float) a);
          return sp;
        }
      case Opcodes.I64_CLZ:
        {
          long a = s[sp - 1];
          s[sp - 1] = Long.numberOfLeadingZeros(a);
          return sp;
        }
      case Opcodes.I64_CTZ:
        {
          long a = s[sp - 1];
          s[sp - 1] = Long.numberOfTrailingZeros(a);
          return sp;
        }
      case Opcodes.F32_EQ:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = a == b ? 1 : 0;
          return sp;
        }
      case Opcodes.F32_NE:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = a != b ? 1 : 0;
          return sp;
        }
      case Opcodes.F32_LT:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = a < b ? 1 : 0;
          return sp;
        }
      case Opcodes.F32_GT:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = a > b ? 1 : 0;
          return sp;
        }
      case Opcodes.F32_LE:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = a <= b ? 1 : 0;
          return sp;
        }
      case Opcodes.F32_GE:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = a >= b ? 1 : 0;
          return sp;
        }
      case Opcodes.F32_ADD:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(a + b);
          return sp;
        }
      case Opcodes.F32_SUB:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(a - b);
          return sp;
        }
      case Opcodes.F32_MUL:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(a * b);
          return sp;
        }
      case Opcodes.F32_DIV:
        {
          float b = f32(s[--sp]);
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits(a / b);
          return sp;
        }
      case Opcodes.F32_ABS:
        {
          s[sp - 1] = (int) s[sp - 1] & 0x7FFFFFFF;
          return sp;
        }
      case Opcodes.F32_NEG:
        {
          s[sp - 1] = (int) s[sp - 1] ^ 0x80000000;
          return sp;
        }
      case Opcodes.F32_CONVERT_I32_S:
        {
          int a = (int) s[sp - 1];
          s[sp - 1] = bits((float) a);
          return sp;
        }
      case Opcodes.F32_DEMOTE_F64:
        {
          double a = f64(s[sp - 1]);
          s[sp - 1] = bits((float) a);
          return sp;
        }
      case Opcodes.F64_PROMOTE_F32:
        {
          float a = f32(s[sp - 1]);
          s[sp - 1] = bits((double) a);
          return sp;
        }
      case Opcodes.I32_CLZ:
        {
          int a = (int) s[sp - 1];
          s[sp - 1] = Integer.numberOfLeadingZeros(a);
          return sp;
        }
      case Opcodes.I32_CTZ:
        {
          int a = (int) s[sp - 1];
          s[sp - 1] = Integer.numberOfTrailingZeros(a);
          return sp;
        }
      case Opcodes.I32_ROTL:
        {
          int b = (int) s[--sp];
          int a = (int) s[sp - 1];
          s[sp - 1] = Integer.rotateLeft(a, b);
          return sp;
        }
      case Opcodes.I32_ROTR:
        {
          int b = (int) s[--sp];
          int a = (int) s[sp - 1];
          s[sp - 1] = Integer.rotateRight(a, b);
          return sp;
        }
      case Opcodes.I64_DIV_S:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = Ops.i64DivS(a, b);
          return sp;
        }
      case Opcodes.I64_DIV_U:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = Ops.i64DivU(a, b);
          return sp;
        }
      case Opcodes.I64_REM_S:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = Ops.i64RemS(a, b);
          return sp;
        }
      case Opcodes.I64_REM_U:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = Ops.i64RemU(a, b);
          return sp;
        }
      case Opcodes.I64_GT_S:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = a > b ? 1 : 0;
          return sp;
        }
      case Opcodes.I64_LE_S:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = a <= b ? 1 : 0;
          return sp;
        }
      case Opcodes.I64_GE_S:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = a >= b ? 1 : 0;
          return sp;
        }
      case Opcodes.I32_GE_U:
        {
          int b = (int) s[--sp];
          int a = (int) s[sp - 1];
          s[sp - 1] = a + Integer.MIN_VALUE >= b + Integer.MIN_VALUE ? 1 : 0;
          return sp;
        }
      case Opcodes.I64_LT_U:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = a + Long.MIN_VALUE < b + Long.MIN_VALUE ? 1 : 0;
          return sp;
        }
      case Opcodes.F64_LT:
        {
          double b = Double.longBitsToDouble(s[--sp]);
          double a = Double.longBitsToDouble(s[sp - 1]);
          s[sp - 1] = a < b ? 1 : 0;
          return sp;
        }
      case Opcodes.F64_GT:
        {
          double b = Double.longBitsToDouble(s[--sp]);
          double a = Double.longBitsToDouble(s[sp - 1]);
          s[sp - 1] = a > b ? 1 : 0;
          return sp;
        }
      case Opcodes.I64_GT_U:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = a + Long.MIN_VALUE > b + Long.MIN_VALUE ? 1 : 0;
          return sp;
        }
      case Opcodes.I64_LE_U:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = a + Long.MIN_VALUE <= b + Long.MIN_VALUE ? 1 : 0;
          return sp;
        }
      case Opcodes.F64_EQ:
        {
          double b = Double.longBitsToDouble(s[--sp]);
          double a = Double.longBitsToDouble(s[sp - 1]);
          s[sp - 1] = a == b ? 1 : 0;
          return sp;
        }
      case Opcodes.F64_NE:
        {
          double b = Double.longBitsToDouble(s[--sp]);
          double a = Double.longBitsToDouble(s[sp - 1]);
          s[sp - 1] = a != b ? 1 : 0;
          return sp;
        }
      case Opcodes.F64_LE:
        {
          double b = Double.longBitsToDouble(s[--sp]);
          double a = Double.longBitsToDouble(s[sp - 1]);
          s[sp - 1] = a <= b ? 1 : 0;
          return sp;
        }
      case Opcodes.F64_GE:
        {
          double b = Double.longBitsToDouble(s[--sp]);
          double a = Double.longBitsToDouble(s[sp - 1]);
          s[sp - 1] = a >= b ? 1 : 0;
          return sp;
        }
      case Opcodes.I32_DIV_S:
        {
          int b = (int) s[--sp];
          int a = (int) s[sp - 1];
          s[sp - 1] = Ops.i32DivS(a, b);
          return sp;
        }
      case Opcodes.I32_REM_S:
        {
          int b = (int) s[--sp];
          int a = (int) s[sp - 1];
          s[sp - 1] = Ops.i32RemS(a, b);
          return sp;
        }
      case Opcodes.I32_EXTEND8_S:
        {
          s[sp - 1] = (byte) s[sp - 1];
          return sp;
        }
      case Opcodes.I32_EXTEND16_S:
        {
          s[sp - 1] = (short) s[sp - 1];
          return sp;
        }
      case Opcodes.F64_CONVERT_I64_S:
        {
          long a = s[sp - 1];
          s[sp - 1] = Double.doubleToRawLongBits((double) a);
          return sp;
        }
      case Opcodes.I64_SHR_S:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = a >> b;
          return sp;
        }
      case Opcodes.I32_DIV_U:
        {
          int b = (int) s[--sp];
          int a = (int) s[sp - 1];
          s[sp - 1] = Ops.i32DivU(a, b);
          return sp;
        }
      case Opcodes.I32_REM_U:
        {
          int b = (int) s[--sp];
          int a = (int) s[sp - 1];
          s[sp - 1] = Ops.i32RemU(a, b);
          return sp;
        }
      case Opcodes.F64_ABS:
        {
          s[sp - 1] &= 0x7FFFFFFFFFFFFFFFL;
          return sp;
        }
      case Opcodes.F64_NEG:
        {
          s[sp - 1] ^= 0x8000000000000000L;
          return sp;
        }
      case Opcodes.I64_EQ:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = a == b ? 1 : 0;
          return sp;
        }
      case Opcodes.I64_LT_S:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = a < b ? 1 : 0;
          return sp;
        }
      case Opcodes.I64_GE_U:
        {
          long b = s[--sp];
          long a = s[sp - 1];
          s[sp - 1] = a + Long.MIN_VALUE >= b + Long.MIN_VALUE ? 1 : 0;
          return sp;
        }
      case Opcodes.F64_CONVERT_I32_S:
        {
          int a = (int) s[sp - 1];
          s[sp - 1] = Double.doubleToRawLongBits((double) a);
          return sp;
        }
      default:
        throw new IllegalStateException(
            "opcode 0x" + Integer.toHexString(op) + " is not in the pre-decoded form");
    }
  }
}
