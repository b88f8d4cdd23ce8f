package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.BIPUSH;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LALOAD;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.SIPUSH;

import io.wali4j.core.wasm.ValType;
import org.objectweb.asm.MethodVisitor;

/**
 * Conversions between JVM-typed values and the engine's long encoding (i32 and f32 bits
 * sign-extended, f64 as raw bits, references as ids), used where compiled code meets the host or
 * the interpreter: arguments of slow calls, globals, results of several values.
 */
final class Values {

  private Values() {}

  /** Turns the JVM stack top of type {@code t} into its long encoding. */
  static void encode(MethodVisitor mv, char t) {
    switch (t) {
      case 'I':
        mv.visitInsn(I2L);
        break;
      case 'F':
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
        mv.visitInsn(I2L);
        break;
      case 'D':
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
        break;
      default:
        break;
    }
  }

  /** Turns a long encoding on the JVM stack into a value of type {@code t}. */
  static void decode(MethodVisitor mv, char t) {
    switch (t) {
      case 'I':
        mv.visitInsn(L2I);
        break;
      case 'F':
        mv.visitInsn(L2I);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
        break;
      case 'D':
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
        break;
      default:
        break;
    }
  }

  /**
   * Returns what a runtime call left on the JVM stack, a {@code long[]} of {@code results}, as a
   * method of those results returns them: nothing, the one value decoded, or the array itself.
   */
  static void returnResults(MethodVisitor mv, ValType[] results) {
    if (results.length == 0) {
      mv.visitInsn(POP);
      mv.visitInsn(RETURN);
    } else if (results.length == 1) {
      pushInt(mv, 0);
      mv.visitInsn(LALOAD);
      char c = Frame.type(results[0]);
      decode(mv, c);
      mv.visitInsn(Frame.returnOp(c));
    } else {
      mv.visitInsn(ARETURN);
    }
  }

  static void pushInt(MethodVisitor mv, int v) {
    if (v >= -1 && v <= 5) {
      mv.visitInsn(ICONST_0 + v);
    } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      mv.visitIntInsn(BIPUSH, v);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      mv.visitIntInsn(SIPUSH, v);
    } else {
      mv.visitLdcInsn(v);
    }
  }
}
