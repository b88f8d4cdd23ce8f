package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.LAND;

import io.wali4j.core.wasm.Opcodes;
import org.objectweb.asm.MethodVisitor;

/**
 * References and table instructions, through {@code Instance} and {@code Table} as the interpreter.
 */
final class TableEmitter {

  private static final String INSTANCE = FunctionCompiler.INSTANCE;
  private static final String TABLE = "io/wali4j/core/exec/Table";

  private TableEmitter() {}

  static boolean emit(Frame f, int op, int[] code, int pc) {
    MethodVisitor mv = f.mv;
    switch (op) {
      case Opcodes.REF_NULL:
        mv.visitLdcInsn(-1L);
        f.push('J');
        return true;
      case Opcodes.REF_FUNC:
        inst(f);
        Values.pushInt(mv, code[pc + 1]);
        mv.visitMethodInsn(INVOKEVIRTUAL, INSTANCE, "functionId", "(I)I", false);
        mv.visitInsn(I2L);
        f.push('J');
        return true;
      case Opcodes.TABLE_GET:
        table(f, code[pc + 1]);
        f.peek(0);
        f.drop(1);
        mv.visitMethodInsn(INVOKEVIRTUAL, TABLE, "get", "(I)J", false);
        f.push('J');
        return true;
      case Opcodes.TABLE_SET:
        table(f, code[pc + 1]);
        f.peek(1);
        f.peek(0);
        f.drop(2);
        mv.visitMethodInsn(INVOKEVIRTUAL, TABLE, "set", "(IJ)V", false);
        return true;
      case Opcodes.TABLE_SIZE:
        table(f, code[pc + 1]);
        mv.visitMethodInsn(INVOKEVIRTUAL, TABLE, "size", "()I", false);
        f.push('I');
        return true;
      case Opcodes.TABLE_GROW:
        table(f, code[pc + 1]);
        f.peek(0);
        mv.visitInsn(I2L);
        mv.visitLdcInsn(0xFFFFFFFFL);
        mv.visitInsn(LAND);
        f.peek(1);
        f.drop(2);
        mv.visitMethodInsn(INVOKEVIRTUAL, TABLE, "grow", "(JJ)I", false);
        f.push('I');
        return true;
      case Opcodes.TABLE_FILL:
        table(f, code[pc + 1]);
        f.peek(2);
        f.peek(1);
        f.peek(0);
        f.drop(3);
        mv.visitMethodInsn(INVOKEVIRTUAL, TABLE, "fill", "(IJI)V", false);
        return true;
      case Opcodes.TABLE_INIT:
        table(f, code[pc + 2]);
        f.peek(2);
        inst(f);
        Values.pushInt(mv, code[pc + 1]);
        mv.visitMethodInsn(INVOKEVIRTUAL, INSTANCE, "elem", "(I)[J", false);
        f.peek(1);
        f.peek(0);
        f.drop(3);
        mv.visitMethodInsn(INVOKEVIRTUAL, TABLE, "init", "(I[JII)V", false);
        return true;
      case Opcodes.ELEM_DROP:
        inst(f);
        Values.pushInt(mv, code[pc + 1]);
        mv.visitMethodInsn(INVOKEVIRTUAL, INSTANCE, "dropElem", "(I)V", false);
        return true;
      case Opcodes.TABLE_COPY:
        table(f, code[pc + 1]);
        table(f, code[pc + 2]);
        f.peek(1);
        f.peek(2);
        f.peek(0);
        f.drop(3);
        mv.visitMethodInsn(INVOKEVIRTUAL, TABLE, "copyFrom", "(L" + TABLE + ";III)V", false);
        return true;
      default:
        return false;
    }
  }

  private static void inst(Frame f) {
    f.mv.visitVarInsn(ALOAD, f.instSlot);
  }

  private static void table(Frame f, int x) {
    inst(f);
    Values.pushInt(f.mv, x);
    f.mv.visitMethodInsn(INVOKEVIRTUAL, INSTANCE, "table", "(I)L" + TABLE + ";", false);
  }
}
