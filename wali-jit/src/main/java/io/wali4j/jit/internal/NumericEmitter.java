package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.D2F;
import static org.objectweb.asm.Opcodes.DADD;
import static org.objectweb.asm.Opcodes.DCMPG;
import static org.objectweb.asm.Opcodes.DCMPL;
import static org.objectweb.asm.Opcodes.DDIV;
import static org.objectweb.asm.Opcodes.DMUL;
import static org.objectweb.asm.Opcodes.DSUB;
import static org.objectweb.asm.Opcodes.F2D;
import static org.objectweb.asm.Opcodes.FADD;
import static org.objectweb.asm.Opcodes.FCMPG;
import static org.objectweb.asm.Opcodes.FCMPL;
import static org.objectweb.asm.Opcodes.FDIV;
import static org.objectweb.asm.Opcodes.FMUL;
import static org.objectweb.asm.Opcodes.FSUB;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.I2B;
import static org.objectweb.asm.Opcodes.I2D;
import static org.objectweb.asm.Opcodes.I2F;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.I2S;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFGE;
import static org.objectweb.asm.Opcodes.IFGT;
import static org.objectweb.asm.Opcodes.IFLE;
import static org.objectweb.asm.Opcodes.IFLT;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.IF_ICMPEQ;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.IF_ICMPGT;
import static org.objectweb.asm.Opcodes.IF_ICMPLE;
import static org.objectweb.asm.Opcodes.IF_ICMPLT;
import static org.objectweb.asm.Opcodes.IF_ICMPNE;
import static org.objectweb.asm.Opcodes.IMUL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IOR;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.ISHR;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.IUSHR;
import static org.objectweb.asm.Opcodes.IXOR;
import static org.objectweb.asm.Opcodes.L2D;
import static org.objectweb.asm.Opcodes.L2F;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LMUL;
import static org.objectweb.asm.Opcodes.LOR;
import static org.objectweb.asm.Opcodes.LSHL;
import static org.objectweb.asm.Opcodes.LSHR;
import static org.objectweb.asm.Opcodes.LSUB;
import static org.objectweb.asm.Opcodes.LUSHR;
import static org.objectweb.asm.Opcodes.LXOR;

import io.wali4j.core.wasm.Opcodes;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Numeric instructions (those with a fixed {@link Opcodes#signature}) other than memory ones: the
 * plain ones as JVM instructions with the same meaning, the rest as calls to {@code Ops}, the
 * engine's one place for trapping and special-rule operations, exactly as the interpreter calls it.
 */
final class NumericEmitter {

  private static final String OPS = FunctionCompiler.OPS;

  private NumericEmitter() {}

  /** Emits {@code op} if it is numeric; false otherwise. */
  static boolean emit(Frame f, int op, int[] code, int pc) {
    String sig = Opcodes.signature(op);
    if (sig == null || Opcodes.accessSize(op) != 0 || op >= Opcodes.MEMORY_INIT) {
      return op == Opcodes.REF_IS_NULL && refIsNull(f);
    }
    if (op == Opcodes.MEMORY_SIZE || op == Opcodes.MEMORY_GROW) {
      return false;
    }
    MethodVisitor mv = f.mv;
    int colon = sig.indexOf(':');
    int nparams = colon;
    switch (op) {
      case Opcodes.I32_CONST:
      case Opcodes.F32_CONST:
        if (op == Opcodes.F32_CONST && !Float.isNaN(Float.intBitsToFloat(code[pc + 1]))) {
          mv.visitLdcInsn(Float.intBitsToFloat(code[pc + 1]));
        } else {
          Values.pushInt(mv, code[pc + 1]);
          if (op == Opcodes.F32_CONST) {
            // A NaN from its bits: the payload is kept exactly.
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
          }
        }
        f.push(sig.charAt(colon + 1) == 'i' ? 'I' : 'F');
        if (op == Opcodes.I32_CONST) {
          f.markConstant(code[pc + 1]);
        }
        return true;
      case Opcodes.I64_CONST:
      case Opcodes.F64_CONST:
        long bits = (code[pc + 1] & 0xFFFFFFFFL) | ((long) code[pc + 2] << 32);
        if (op == Opcodes.F64_CONST && !Double.isNaN(Double.longBitsToDouble(bits))) {
          mv.visitLdcInsn(Double.longBitsToDouble(bits));
        } else {
          mv.visitLdcInsn(bits);
          if (op == Opcodes.F64_CONST) {
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
          }
        }
        f.push(op == Opcodes.F64_CONST ? 'D' : 'J');
        return true;
      default:
        break;
    }
    if (InlineOps.emit(f, op)) {
      return true;
    }
    for (int k = nparams - 1; k >= 0; k--) {
      f.peek(k);
    }
    f.drop(nparams);
    body(mv, op);
    f.push(jvmType(sig.charAt(colon + 1)));
    return true;
  }

  private static boolean refIsNull(Frame f) {
    MethodVisitor mv = f.mv;
    f.peek(0);
    f.drop(1);
    mv.visitLdcInsn(-1L);
    mv.visitInsn(LCMP);
    bool(mv, IFEQ);
    f.push('I');
    return true;
  }

  static char jvmType(char sigType) {
    switch (sigType) {
      case 'i':
        return 'I';
      case 'l':
        return 'J';
      case 'f':
        return 'F';
      default:
        return 'D';
    }
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

  private static void ops(MethodVisitor mv, String name, String desc) {
    mv.visitMethodInsn(INVOKESTATIC, OPS, name, desc, false);
  }

  private static void jdk(MethodVisitor mv, String owner, String name, String desc) {
    mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
  }

  private static void body(MethodVisitor mv, int op) {
    switch (op) {
      case Opcodes.I32_EQZ -> bool(mv, IFEQ);
      case Opcodes.I32_EQ -> bool(mv, IF_ICMPEQ);
      case Opcodes.I32_NE -> bool(mv, IF_ICMPNE);
      case Opcodes.I32_LT_S -> bool(mv, IF_ICMPLT);
      case Opcodes.I32_GT_S -> bool(mv, IF_ICMPGT);
      case Opcodes.I32_LE_S -> bool(mv, IF_ICMPLE);
      case Opcodes.I32_GE_S -> bool(mv, IF_ICMPGE);
      case Opcodes.I64_EQZ -> {
        mv.visitInsn(org.objectweb.asm.Opcodes.LCONST_0);
        mv.visitInsn(LCMP);
        bool(mv, IFEQ);
      }
      case Opcodes.I64_EQ -> lcmp(mv, IFEQ);
      case Opcodes.I64_NE -> lcmp(mv, IFNE);
      case Opcodes.I64_LT_S -> lcmp(mv, IFLT);
      case Opcodes.I64_GT_S -> lcmp(mv, IFGT);
      case Opcodes.I64_LE_S -> lcmp(mv, IFLE);
      case Opcodes.I64_GE_S -> lcmp(mv, IFGE);
      // NaN: FCMPL gives -1 and FCMPG 1, chosen so that every comparison with NaN is false
      // except ne.
      case Opcodes.F32_EQ -> cmp(mv, FCMPL, IFEQ);
      case Opcodes.F32_NE -> cmp(mv, FCMPL, IFNE);
      case Opcodes.F32_LT -> cmp(mv, FCMPG, IFLT);
      case Opcodes.F32_GT -> cmp(mv, FCMPL, IFGT);
      case Opcodes.F32_LE -> cmp(mv, FCMPG, IFLE);
      case Opcodes.F32_GE -> cmp(mv, FCMPL, IFGE);
      case Opcodes.F64_EQ -> cmp(mv, DCMPL, IFEQ);
      case Opcodes.F64_NE -> cmp(mv, DCMPL, IFNE);
      case Opcodes.F64_LT -> cmp(mv, DCMPG, IFLT);
      case Opcodes.F64_GT -> cmp(mv, DCMPL, IFGT);
      case Opcodes.F64_LE -> cmp(mv, DCMPG, IFLE);
      case Opcodes.F64_GE -> cmp(mv, DCMPL, IFGE);
      case Opcodes.I32_CLZ -> jdk(mv, "java/lang/Integer", "numberOfLeadingZeros", "(I)I");
      case Opcodes.I32_CTZ -> jdk(mv, "java/lang/Integer", "numberOfTrailingZeros", "(I)I");
      case Opcodes.I32_POPCNT -> jdk(mv, "java/lang/Integer", "bitCount", "(I)I");
      case Opcodes.I32_ADD -> mv.visitInsn(IADD);
      case Opcodes.I32_SUB -> mv.visitInsn(ISUB);
      case Opcodes.I32_MUL -> mv.visitInsn(IMUL);
      case Opcodes.I32_AND -> mv.visitInsn(IAND);
      case Opcodes.I32_OR -> mv.visitInsn(IOR);
      case Opcodes.I32_XOR -> mv.visitInsn(IXOR);
      case Opcodes.I32_SHL -> mv.visitInsn(ISHL);
      case Opcodes.I32_SHR_S -> mv.visitInsn(ISHR);
      case Opcodes.I32_SHR_U -> mv.visitInsn(IUSHR);
      case Opcodes.I64_CLZ -> {
        jdk(mv, "java/lang/Long", "numberOfLeadingZeros", "(J)I");
        mv.visitInsn(I2L);
      }
      case Opcodes.I64_CTZ -> {
        jdk(mv, "java/lang/Long", "numberOfTrailingZeros", "(J)I");
        mv.visitInsn(I2L);
      }
      case Opcodes.I64_POPCNT -> {
        jdk(mv, "java/lang/Long", "bitCount", "(J)I");
        mv.visitInsn(I2L);
      }
      case Opcodes.I64_ADD -> mv.visitInsn(LADD);
      case Opcodes.I64_SUB -> mv.visitInsn(LSUB);
      case Opcodes.I64_MUL -> mv.visitInsn(LMUL);
      case Opcodes.I64_DIV_U -> ops(mv, "i64DivU", "(JJ)J");
      case Opcodes.I64_REM_U -> ops(mv, "i64RemU", "(JJ)J");
      case Opcodes.I64_AND -> mv.visitInsn(LAND);
      case Opcodes.I64_OR -> mv.visitInsn(LOR);
      case Opcodes.I64_XOR -> mv.visitInsn(LXOR);
      case Opcodes.I64_SHL -> shift(mv, LSHL);
      case Opcodes.I64_SHR_S -> shift(mv, LSHR);
      case Opcodes.I64_SHR_U -> shift(mv, LUSHR);
      case Opcodes.F32_CEIL -> ops(mv, "f32Ceil", "(F)F");
      case Opcodes.F32_FLOOR -> ops(mv, "f32Floor", "(F)F");
      case Opcodes.F32_TRUNC -> ops(mv, "f32Trunc", "(F)F");
      case Opcodes.F32_NEAREST -> ops(mv, "f32Nearest", "(F)F");
      case Opcodes.F32_ADD -> mv.visitInsn(FADD);
      case Opcodes.F32_SUB -> mv.visitInsn(FSUB);
      case Opcodes.F32_MUL -> mv.visitInsn(FMUL);
      case Opcodes.F32_DIV -> mv.visitInsn(FDIV);
      case Opcodes.F32_MIN -> ops(mv, "f32Min", "(FF)F");
      case Opcodes.F32_MAX -> ops(mv, "f32Max", "(FF)F");
      case Opcodes.F64_CEIL -> ops(mv, "f64Ceil", "(D)D");
      case Opcodes.F64_FLOOR -> ops(mv, "f64Floor", "(D)D");
      case Opcodes.F64_TRUNC -> ops(mv, "f64Trunc", "(D)D");
      case Opcodes.F64_NEAREST -> ops(mv, "f64Nearest", "(D)D");
      case Opcodes.F64_SQRT -> jdk(mv, "java/lang/Math", "sqrt", "(D)D");
      case Opcodes.F64_ADD -> mv.visitInsn(DADD);
      case Opcodes.F64_SUB -> mv.visitInsn(DSUB);
      case Opcodes.F64_MUL -> mv.visitInsn(DMUL);
      case Opcodes.F64_DIV -> mv.visitInsn(DDIV);
      case Opcodes.F64_MIN -> ops(mv, "f64Min", "(DD)D");
      case Opcodes.F64_MAX -> ops(mv, "f64Max", "(DD)D");
      case Opcodes.I32_WRAP_I64 -> mv.visitInsn(L2I);
      case Opcodes.I32_TRUNC_F32_S -> f2d(mv, "i32TruncS", "(D)I");
      case Opcodes.I32_TRUNC_F32_U -> f2d(mv, "i32TruncU", "(D)I");
      case Opcodes.I32_TRUNC_F64_S -> ops(mv, "i32TruncS", "(D)I");
      case Opcodes.I32_TRUNC_F64_U -> ops(mv, "i32TruncU", "(D)I");
      case Opcodes.I64_EXTEND_I32_S -> mv.visitInsn(I2L);
      case Opcodes.I64_EXTEND_I32_U -> {
        mv.visitInsn(I2L);
        mv.visitLdcInsn(0xFFFFFFFFL);
        mv.visitInsn(LAND);
      }
      case Opcodes.I64_TRUNC_F32_S -> f2d(mv, "i64TruncS", "(D)J");
      case Opcodes.I64_TRUNC_F32_U -> f2d(mv, "i64TruncU", "(D)J");
      case Opcodes.I64_TRUNC_F64_S -> ops(mv, "i64TruncS", "(D)J");
      case Opcodes.I64_TRUNC_F64_U -> ops(mv, "i64TruncU", "(D)J");
      case Opcodes.F32_CONVERT_I32_S -> mv.visitInsn(I2F);
      case Opcodes.F32_CONVERT_I32_U -> ops(mv, "f32ConvertU32", "(I)F");
      case Opcodes.F32_CONVERT_I64_S -> mv.visitInsn(L2F);
      case Opcodes.F32_CONVERT_I64_U -> ops(mv, "f32ConvertU64", "(J)F");
      case Opcodes.F32_DEMOTE_F64 -> mv.visitInsn(D2F);
      case Opcodes.F64_CONVERT_I32_S -> mv.visitInsn(I2D);
      case Opcodes.F64_CONVERT_I32_U -> ops(mv, "f64ConvertU32", "(I)D");
      case Opcodes.F64_CONVERT_I64_S -> mv.visitInsn(L2D);
      case Opcodes.F64_CONVERT_I64_U -> ops(mv, "f64ConvertU64", "(J)D");
      case Opcodes.F64_PROMOTE_F32 -> mv.visitInsn(F2D);
      case Opcodes.I32_REINTERPRET_F32 -> jdk(mv, "java/lang/Float", "floatToRawIntBits", "(F)I");
      case Opcodes.I64_REINTERPRET_F64 ->
          jdk(mv, "java/lang/Double", "doubleToRawLongBits", "(D)J");
      case Opcodes.F32_REINTERPRET_I32 -> jdk(mv, "java/lang/Float", "intBitsToFloat", "(I)F");
      case Opcodes.F64_REINTERPRET_I64 -> jdk(mv, "java/lang/Double", "longBitsToDouble", "(J)D");
      case Opcodes.I32_EXTEND8_S -> mv.visitInsn(I2B);
      case Opcodes.I32_EXTEND16_S -> mv.visitInsn(I2S);
      case Opcodes.I64_EXTEND8_S -> {
        mv.visitInsn(L2I);
        mv.visitInsn(I2B);
        mv.visitInsn(I2L);
      }
      case Opcodes.I64_EXTEND16_S -> {
        mv.visitInsn(L2I);
        mv.visitInsn(I2S);
        mv.visitInsn(I2L);
      }
      case Opcodes.I64_EXTEND32_S -> {
        mv.visitInsn(L2I);
        mv.visitInsn(I2L);
      }
      case Opcodes.I32_TRUNC_SAT_F32_S -> f2d(mv, "i32TruncSatS", "(D)I");
      case Opcodes.I32_TRUNC_SAT_F32_U -> f2d(mv, "i32TruncSatU", "(D)I");
      case Opcodes.I32_TRUNC_SAT_F64_S -> ops(mv, "i32TruncSatS", "(D)I");
      case Opcodes.I32_TRUNC_SAT_F64_U -> ops(mv, "i32TruncSatU", "(D)I");
      case Opcodes.I64_TRUNC_SAT_F32_S -> f2d(mv, "i64TruncSatS", "(D)J");
      case Opcodes.I64_TRUNC_SAT_F32_U -> f2d(mv, "i64TruncSatU", "(D)J");
      case Opcodes.I64_TRUNC_SAT_F64_S -> ops(mv, "i64TruncSatS", "(D)J");
      case Opcodes.I64_TRUNC_SAT_F64_U -> ops(mv, "i64TruncSatU", "(D)J");
      default -> throw new IllegalStateException("no compilation for " + Opcodes.name(op));
    }
  }

  private static void f2d(MethodVisitor mv, String name, String desc) {
    mv.visitInsn(F2D);
    ops(mv, name, desc);
  }

  private static void lcmp(MethodVisitor mv, int ifOp) {
    mv.visitInsn(LCMP);
    bool(mv, ifOp);
  }

  private static void cmp(MethodVisitor mv, int cmpOp, int ifOp) {
    mv.visitInsn(cmpOp);
    bool(mv, ifOp);
  }

  private static void shift(MethodVisitor mv, int op) {
    mv.visitInsn(L2I);
    mv.visitInsn(op);
  }
}
