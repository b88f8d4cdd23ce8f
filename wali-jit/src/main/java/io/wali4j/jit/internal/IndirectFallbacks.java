package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.IFNULL;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.LASTORE;
import static org.objectweb.asm.Opcodes.NEWARRAY;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.T_LONG;

import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * The fallbacks of a batch's {@code call_indirect} sites ({@link IndirectSite}): one {@code private
 * static} method per type, table and kind of site that the batch's sites use, {@code (params...,
 * int i, Instance, int budget) -> result}, with the lookup and calls compiled code made inline
 * before the sites existed: {@code JitRuntime.indirectHandle} (checks and traps) and the compiled
 * callee's bound method invoked exactly, else {@code JitRuntime.callIndirect} (or {@code
 * callIndirectOrUnwind}) with the arguments in a {@code long[]}. Plain bytecode, so a site's
 * fallback costs what the inline code cost, in the JVM's interpreter and C1 as in C2; the site's
 * {@code invokedynamic} is named after its method, which the bootstrap finds in the batch.
 */
final class IndirectFallbacks {

  private record Fallback(FuncType type, int typeidx, int tableidx, boolean unwind) {}

  private final Map<String, Fallback> methods = new LinkedHashMap<>();

  /**
   * The name of the fallback of a {@code call_indirect typeidx tableidx} of type {@code t}, at a
   * capture site or not ({@code unwind}); it is emitted with the batch.
   */
  String name(FuncType t, int typeidx, int tableidx, boolean unwind) {
    String name = "ci" + typeidx + "_" + tableidx + (unwind ? "u" : "");
    methods.putIfAbsent(name, new Fallback(t, typeidx, tableidx, unwind));
    return name;
  }

  /** The site's descriptor: the function's with the table index before the instance. */
  static String descriptor(FuncType t) {
    return FunctionCompiler.descriptor(t)
        .replace("L" + FunctionCompiler.INSTANCE + ";I)", "IL" + FunctionCompiler.INSTANCE + ";I)");
  }

  /** Emits every fallback named so far into {@code cv}. */
  void emit(ClassVisitor cv) {
    for (Map.Entry<String, Fallback> e : methods.entrySet()) {
      emit(cv, e.getKey(), e.getValue());
    }
  }

  private static void emit(ClassVisitor cv, String name, Fallback fb) {
    String desc = descriptor(fb.type());
    MethodVisitor mv = cv.visitMethod(ACC_PRIVATE | ACC_STATIC, name, desc, null, null);
    mv.visitCode();
    ValType[] params = fb.type().params();
    int[] slots = new int[params.length];
    int slot = 0;
    for (int k = 0; k < params.length; k++) {
      slots[k] = slot;
      slot += Type.getType(String.valueOf(Frame.type(params[k]))).getSize();
    }
    int iSlot = slot;
    int instSlot = slot + 1;
    int budgetSlot = slot + 2;
    Type ret = Type.getReturnType(desc);
    Label slow = new Label();
    lookupOperands(mv, fb, instSlot, iSlot);
    mv.visitMethodInsn(
        INVOKESTATIC,
        FunctionCompiler.RUNTIME,
        "indirectHandle",
        "(L" + FunctionCompiler.INSTANCE + ";III)Ljava/lang/invoke/MethodHandle;",
        false);
    mv.visitInsn(DUP);
    mv.visitJumpInsn(IFNULL, slow);
    for (int k = 0; k < params.length; k++) {
      mv.visitVarInsn(load(params[k]), slots[k]);
    }
    mv.visitVarInsn(ILOAD, budgetSlot);
    String exact =
        FunctionCompiler.descriptor(fb.type())
            .replace("L" + FunctionCompiler.INSTANCE + ";I)", "I)");
    mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeExact", exact, false);
    mv.visitInsn(ret.getOpcode(org.objectweb.asm.Opcodes.IRETURN));
    mv.visitLabel(slow);
    mv.visitInsn(POP);
    lookupOperands(mv, fb, instSlot, iSlot);
    Values.pushInt(mv, params.length);
    mv.visitIntInsn(NEWARRAY, T_LONG);
    for (int k = 0; k < params.length; k++) {
      mv.visitInsn(DUP);
      Values.pushInt(mv, k);
      mv.visitVarInsn(load(params[k]), slots[k]);
      Values.encode(mv, Frame.type(params[k]));
      mv.visitInsn(LASTORE);
    }
    mv.visitVarInsn(ILOAD, budgetSlot);
    mv.visitMethodInsn(
        INVOKESTATIC,
        FunctionCompiler.RUNTIME,
        fb.unwind() ? "callIndirectOrUnwind" : "callIndirect",
        "(L" + FunctionCompiler.INSTANCE + ";III[JI)[J",
        false);
    Values.returnResults(mv, fb.type().results());
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  private static void lookupOperands(MethodVisitor mv, Fallback fb, int instSlot, int iSlot) {
    mv.visitVarInsn(ALOAD, instSlot);
    Values.pushInt(mv, fb.typeidx());
    Values.pushInt(mv, fb.tableidx());
    mv.visitVarInsn(ILOAD, iSlot);
  }

  private static int load(ValType t) {
    return Type.getType(String.valueOf(Frame.type(t))).getOpcode(ILOAD);
  }
}
