package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.ICONST_M1;
import static org.objectweb.asm.Opcodes.IDIV;
import static org.objectweb.asm.Opcodes.IFGE;
import static org.objectweb.asm.Opcodes.IFGT;
import static org.objectweb.asm.Opcodes.IFLE;
import static org.objectweb.asm.Opcodes.IFLT;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.IF_ICMPGT;
import static org.objectweb.asm.Opcodes.IF_ICMPLE;
import static org.objectweb.asm.Opcodes.IF_ICMPLT;
import static org.objectweb.asm.Opcodes.IF_ICMPNE;
import static org.objectweb.asm.Opcodes.INEG;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IOR;
import static org.objectweb.asm.Opcodes.IREM;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.IUSHR;
import static org.objectweb.asm.Opcodes.IXOR;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LCONST_0;
import static org.objectweb.asm.Opcodes.LDIV;
import static org.objectweb.asm.Opcodes.LOR;
import static org.objectweb.asm.Opcodes.LREM;
import static org.objectweb.asm.Opcodes.LSHL;
import static org.objectweb.asm.Opcodes.LUSHR;
import static org.objectweb.asm.Opcodes.LXOR;

import io.wali4j.core.wasm.Opcodes;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Numeric operations of {@code Ops} written out as bytecode instead of called: unsigned
 * comparisons, integer division and remainder with their traps, and the sign-bit operations of
 * f32/f64 on raw bits. HotSpot inlines no ordinary call into a method of 8000 bytes of bytecode or
 * more (and fewer and fewer as a method nears it), while the intrinsics used here ({@code
 * Float.floatToRawIntBits} and its kin) are always expanded. Each sequence is the same rule as the
 * {@code Ops} method it stands for, named beside it; the trap itself is {@code Ops.trap}.
 */
final class InlineOps {

  private static final String FAILURE = "io/wali4j/core/wasm/Failure";
  private static final long SIGN64 = 0x8000000000000000L;
  private static final int SIGN32 = 0x80000000;

  private InlineOps() {}

  /** Emits {@code op} when it is one of these, operands taken from and result pushed on f. */
  static boolean emit(Frame f, int op) {
    switch (op) {
      // Ops.i32/i64 unsigned compares: x <u y exactly when (x ^ MIN) < (y ^ MIN).
      case Opcodes.I32_LT_U -> unsigned32(f, IF_ICMPLT);
      case Opcodes.I32_GT_U -> unsigned32(f, IF_ICMPGT);
      case Opcodes.I32_LE_U -> unsigned32(f, IF_ICMPLE);
      case Opcodes.I32_GE_U -> unsigned32(f, IF_ICMPGE);
      case Opcodes.I64_LT_U -> unsigned64(f, IFLT);
      case Opcodes.I64_GT_U -> unsigned64(f, IFGT);
      case Opcodes.I64_LE_U -> unsigned64(f, IFLE);
      case Opcodes.I64_GE_U -> unsigned64(f, IFGE);
      case Opcodes.I32_DIV_S -> i32DivS(f);
      case Opcodes.I32_REM_S -> i32RemS(f);
      case Opcodes.I32_DIV_U -> i32Unsigned(f, LDIV);
      case Opcodes.I32_REM_U -> i32Unsigned(f, LREM);
      case Opcodes.I64_DIV_S -> i64DivS(f);
      case Opcodes.I64_REM_S -> i64RemS(f);
      case Opcodes.F32_ABS -> f32Bits(f, SIGN32 ^ -1, 0);
      case Opcodes.F32_NEG -> f32Bits(f, -1, SIGN32);
      case Opcodes.F32_COPYSIGN -> f32Copysign(f);
      case Opcodes.F64_ABS -> f64Bits(f, ~SIGN64, 0);
      case Opcodes.F64_NEG -> f64Bits(f, -1L, SIGN64);
      case Opcodes.F64_COPYSIGN -> f64Copysign(f);
      case Opcodes.F32_SQRT -> f32Sqrt(f);
      case Opcodes.I32_ROTL -> rotate32(f, ISHL, IUSHR);
      case Opcodes.I32_ROTR -> rotate32(f, IUSHR, ISHL);
      case Opcodes.I64_ROTL -> rotate64(f, LSHL, LUSHR);
      case Opcodes.I64_ROTR -> rotate64(f, LUSHR, LSHL);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** {@code throw Ops.trap(Failure.<name>)}. */
  static void trap(MethodVisitor mv, String name) {
    mv.visitFieldInsn(GETSTATIC, FAILURE, name, "L" + FAILURE + ";");
    mv.visitMethodInsn(
        INVOKESTATIC,
        FunctionCompiler.OPS,
        "trap",
        "(L" + FAILURE + ";)Lio/wali4j/core/wasm/WasmException;",
        false);
    mv.visitInsn(ATHROW);
  }

  /** With the JVM stack holding an int, leaves 1 when {@code ifOp} jumps on it, else 0. */
  private static void bool(MethodVisitor mv, int ifOp) {
    Label yes = new Label();
    Label end = new Label();
    mv.visitJumpInsn(ifOp, yes);
    mv.visitInsn(ICONST_0);
    mv.visitJumpInsn(GOTO, end);
    mv.visitLabel(yes);
    mv.visitInsn(ICONST_1);
    mv.visitLabel(end);
  }

  private static void unsigned32(Frame f, int ifOp) {
    MethodVisitor mv = f.mv;
    for (int k = 1; k >= 0; k--) {
      f.peek(k);
      mv.visitLdcInsn(SIGN32);
      mv.visitInsn(IXOR);
    }
    f.drop(2);
    bool(mv, ifOp);
    f.push('I');
  }

  private static void unsigned64(Frame f, int ifOp) {
    MethodVisitor mv = f.mv;
    for (int k = 1; k >= 0; k--) {
      f.peek(k);
      mv.visitLdcInsn(SIGN64);
      mv.visitInsn(LXOR);
    }
    f.drop(2);
    mv.visitInsn(LCMP);
    bool(mv, ifOp);
    f.push('I');
  }

  /** Traps with integer divide by zero when the divisor (the top operand) is 0. */
  private static void divisorNotZero(Frame f) {
    MethodVisitor mv = f.mv;
    Label ok = new Label();
    f.peek(0);
    if (f.typeAt(f.height - 1) == 'J') {
      mv.visitInsn(LCONST_0);
      mv.visitInsn(LCMP);
    }
    mv.visitJumpInsn(IFNE, ok);
    trap(mv, "INTEGER_DIVIDE_BY_ZERO");
    mv.visitLabel(ok);
  }

  /** Ops.i32DivS: traps on 0 and on MIN_VALUE / -1 (the one quotient that does not fit). */
  private static void i32DivS(Frame f) {
    MethodVisitor mv = f.mv;
    divisorNotZero(f);
    Label ok = new Label();
    f.peek(0);
    mv.visitInsn(ICONST_M1);
    mv.visitJumpInsn(IF_ICMPNE, ok);
    f.peek(1);
    mv.visitLdcInsn(Integer.MIN_VALUE);
    mv.visitJumpInsn(IF_ICMPNE, ok);
    trap(mv, "INTEGER_OVERFLOW");
    mv.visitLabel(ok);
    binary(f, IDIV);
  }

  /** Ops.i32RemS: traps on 0; the JVM's irem already gives MIN_VALUE % -1 = 0. */
  private static void i32RemS(Frame f) {
    divisorNotZero(f);
    binary(f, IREM);
  }

  /** Ops.i32DivU/i32RemU: traps on 0, then divides the operands zero-extended to i64. */
  private static void i32Unsigned(Frame f, int longOp) {
    MethodVisitor mv = f.mv;
    divisorNotZero(f);
    for (int k = 1; k >= 0; k--) {
      f.peek(k);
      mv.visitInsn(I2L);
      mv.visitLdcInsn(0xFFFFFFFFL);
      mv.visitInsn(LAND);
    }
    f.drop(2);
    mv.visitInsn(longOp);
    mv.visitInsn(L2I);
    f.push('I');
  }

  /** Ops.i64DivS: traps on 0 and on MIN_VALUE / -1. */
  private static void i64DivS(Frame f) {
    MethodVisitor mv = f.mv;
    divisorNotZero(f);
    Label ok = new Label();
    f.peek(0);
    mv.visitLdcInsn(-1L);
    mv.visitInsn(LCMP);
    mv.visitJumpInsn(IFNE, ok);
    f.peek(1);
    mv.visitLdcInsn(Long.MIN_VALUE);
    mv.visitInsn(LCMP);
    mv.visitJumpInsn(IFNE, ok);
    trap(mv, "INTEGER_OVERFLOW");
    mv.visitLabel(ok);
    binary(f, LDIV);
  }

  /** Ops.i64RemS: traps on 0; lrem gives MIN_VALUE % -1 = 0. */
  private static void i64RemS(Frame f) {
    divisorNotZero(f);
    binary(f, LREM);
  }

  /** Both operands, {@code op}, the result (of the operands' type) pushed. */
  private static void binary(Frame f, int op) {
    char t = f.typeAt(f.height - 1);
    f.peek(1);
    f.peek(0);
    f.drop(2);
    f.mv.visitInsn(op);
    f.push(t);
  }

  private static void toBits32(MethodVisitor mv) {
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
  }

  private static void fromBits32(MethodVisitor mv) {
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
  }

  private static void toBits64(MethodVisitor mv) {
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
  }

  private static void fromBits64(MethodVisitor mv) {
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
  }

  /** Ops.f32Abs/f32Neg: {@code (bits & and) ^ xor} on the raw bits, so NaN payloads survive. */
  private static void f32Bits(Frame f, int and, int xor) {
    MethodVisitor mv = f.mv;
    f.peek(0);
    f.drop(1);
    toBits32(mv);
    if (and != -1) {
      mv.visitLdcInsn(and);
      mv.visitInsn(IAND);
    }
    if (xor != 0) {
      mv.visitLdcInsn(xor);
      mv.visitInsn(IXOR);
    }
    fromBits32(mv);
    f.push('F');
  }

  /** Ops.f64Abs/f64Neg on the raw bits. */
  private static void f64Bits(Frame f, long and, long xor) {
    MethodVisitor mv = f.mv;
    f.peek(0);
    f.drop(1);
    toBits64(mv);
    if (and != -1L) {
      mv.visitLdcInsn(and);
      mv.visitInsn(LAND);
    }
    if (xor != 0) {
      mv.visitLdcInsn(xor);
      mv.visitInsn(LXOR);
    }
    fromBits64(mv);
    f.push('D');
  }

  /** Ops.f32Copysign: the magnitude bits of a, the sign bit of b. */
  private static void f32Copysign(Frame f) {
    MethodVisitor mv = f.mv;
    f.peek(1);
    toBits32(mv);
    mv.visitLdcInsn(~SIGN32);
    mv.visitInsn(IAND);
    f.peek(0);
    toBits32(mv);
    mv.visitLdcInsn(SIGN32);
    mv.visitInsn(IAND);
    mv.visitInsn(IOR);
    f.drop(2);
    fromBits32(mv);
    f.push('F');
  }

  /** Ops.f64Copysign. */
  private static void f64Copysign(Frame f) {
    MethodVisitor mv = f.mv;
    f.peek(1);
    toBits64(mv);
    mv.visitLdcInsn(~SIGN64);
    mv.visitInsn(LAND);
    f.peek(0);
    toBits64(mv);
    mv.visitLdcInsn(SIGN64);
    mv.visitInsn(LAND);
    mv.visitInsn(LOR);
    f.drop(2);
    fromBits64(mv);
    f.push('D');
  }

  /**
   * i32.rotl/rotr as {@code Integer.rotateLeft/Right} compute them, {@code (x << d) | (x >>> -d)}
   * (shift counts are taken mod 32, as Wasm takes them): the JDK methods are plain Java, not
   * intrinsics, so they would be calls in a large method.
   */
  private static void rotate32(Frame f, int first, int second) {
    MethodVisitor mv = f.mv;
    f.peek(1);
    f.peek(0);
    mv.visitInsn(first);
    f.peek(1);
    f.peek(0);
    mv.visitInsn(INEG);
    mv.visitInsn(second);
    mv.visitInsn(IOR);
    f.drop(2);
    f.push('I');
  }

  /** i64.rotl/rotr: the count is an i64 operand, taken mod 64 as the JVM's long shifts do. */
  private static void rotate64(Frame f, int first, int second) {
    MethodVisitor mv = f.mv;
    f.peek(1);
    f.peek(0);
    mv.visitInsn(L2I);
    mv.visitInsn(first);
    f.peek(1);
    f.peek(0);
    mv.visitInsn(L2I);
    mv.visitInsn(INEG);
    mv.visitInsn(second);
    mv.visitInsn(LOR);
    f.drop(2);
    f.push('J');
  }

  /** Ops.f32Sqrt: the double square root rounded to float is the correctly rounded f32 one. */
  private static void f32Sqrt(Frame f) {
    MethodVisitor mv = f.mv;
    f.peek(0);
    f.drop(1);
    mv.visitInsn(org.objectweb.asm.Opcodes.F2D);
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "sqrt", "(D)D", false);
    mv.visitInsn(org.objectweb.asm.Opcodes.D2F);
    f.push('F');
  }
}
