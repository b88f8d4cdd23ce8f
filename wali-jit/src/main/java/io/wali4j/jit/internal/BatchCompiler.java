package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.LALOAD;
import static org.objectweb.asm.Opcodes.LASTORE;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LRETURN;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ValType;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.LimitExceededException;
import org.objectweb.asm.MethodVisitor;

/**
 * Generates the class of one batch of functions of a module: a private static method per function
 * ({@link FunctionCompiler}), a bridge per function from the host-call convention ({@code long[]}
 * stack and base) to it, and {@link CompiledBatch#call} dispatching to the bridges.
 */
final class BatchCompiler {

  /** The generated classes live in this package: hidden classes of its lookup. */
  static final String CLASS_NAME = "io/wali4j/jit/internal/WasmBatch";

  private static final String BATCH = "io/wali4j/jit/internal/CompiledBatch";

  private static final int FRAME_MEMORY_LIMIT = 64 << 20;
  private static final long FRAME_OPERATIONS_LIMIT = 500_000_000L;

  private BatchCompiler() {}

  /** A function whose stack map frames are too costly to compute: it stays interpreted. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int funcidx;

    TooLarge(int funcidx, String why) {
      super("func " + funcidx + ": " + why, null, false, false);
      this.funcidx = funcidx;
    }
  }

  /**
   * The class file for {@code functions}, all of the module's defined functions (in this order:
   * batch index k is position k).
   */
  static byte[] generate(Module module, List<FunctionCode> functions, MemoryKind memoryKind) {
    return generate(module, functions, memoryKind, CaptureAnalysis.analyse(module, functions));
  }

  /**
   * The class file for {@code functions}, some of the module's, with {@code capture} the analysis
   * of all of them (in this order: batch index k is position k).
   */
  static byte[] generate(
      Module module,
      List<FunctionCode> functions,
      MemoryKind memoryKind,
      CaptureAnalysis.Result capture) {
    BitSet batch = new BitSet();
    for (FunctionCode fc : functions) {
      batch.set(fc.funcidx());
    }
    ClassWriter cw =
        new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
          @Override
          protected String getCommonSuperClass(String a, String b) {
            return "java/lang/Object";
          }
        };
    cw.visit(
        V17,
        ACC_PUBLIC | ACC_FINAL | ACC_SUPER,
        CLASS_NAME,
        null,
        "java/lang/Object",
        new String[] {BATCH});
    // Frame computation is quadratic-ish in locals times branch targets; ASM caps it per method.
    cw.setComputeLimits(FRAME_MEMORY_LIMIT, FRAME_OPERATIONS_LIMIT);
    constructor(cw);
    IndirectFallbacks fallbacks = new IndirectFallbacks();
    BitSet entries = new BitSet();
    for (int k = 0; k < functions.size(); k++) {
      FunctionCode fc = functions.get(k);
      try {
        entries.set(
            k,
            new FunctionCompiler(module, fc, CLASS_NAME, batch, memoryKind, capture, fallbacks)
                .emit(cw));
      } catch (LimitExceededException e) {
        throw new TooLarge(fc.funcidx(), e.getMessage());
      }
      bridge(cw, module.functionType(fc.funcidx()), fc.funcidx());
    }
    fallbacks.emit(cw);
    dispatch(cw, functions);
    entryDispatch(cw, functions, entries);
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** The length in bytes of the longest method's bytecode in {@code classFile}. */
  static int longestCode(byte[] classFile) {
    int longest = 0;
    for (int n : codeLengths(classFile).values()) {
      longest = Math.max(longest, n);
    }
    return longest;
  }

  /** The length in bytes of each method's bytecode in {@code classFile}, by method name. */
  static Map<String, Integer> codeLengths(byte[] classFile) {
    ClassReader r = new ClassReader(classFile);
    char[] buf = new char[r.getMaxStringLength()];
    int off = r.header + 6; // access, this, super
    off += 2 + 2 * r.readUnsignedShort(off); // interfaces
    int fields = r.readUnsignedShort(off);
    off += 2;
    for (int i = 0; i < fields; i++) {
      off = skipAttributes(r, off + 6);
    }
    int methods = r.readUnsignedShort(off);
    off += 2;
    Map<String, Integer> lengths = new HashMap<>();
    for (int i = 0; i < methods; i++) {
      String name = r.readUTF8(off + 2, buf);
      int attributes = r.readUnsignedShort(off + 6);
      int a = off + 8;
      for (int k = 0; k < attributes; k++) {
        if ("Code".equals(r.readUTF8(a, buf))) {
          // name, length, max_stack, max_locals, code_length
          lengths.merge(name, r.readInt(a + 10), Math::max);
        }
        a += 6 + r.readInt(a + 2);
      }
      off = a;
    }
    return lengths;
  }

  /** The offset after the attributes whose count is at {@code off}. */
  private static int skipAttributes(ClassReader r, int off) {
    int n = r.readUnsignedShort(off);
    off += 2;
    for (int k = 0; k < n; k++) {
      off += 6 + r.readInt(off + 2);
    }
    return off;
  }

  private static void constructor(ClassWriter cw) {
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    mv.visitCode();
    mv.visitVarInsn(ALOAD, 0);
    mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  static String bridgeName(int funcidx) {
    return "b" + funcidx;
  }

  private static final String BRIDGE_DESC = "(L" + FunctionCompiler.INSTANCE + ";[JII)V";

  /** {@code b<funcidx>(inst, stack, base, budget)}: decode arguments, call, encode results. */
  private static void bridge(ClassWriter cw, FuncType t, int funcidx) {
    MethodVisitor mv =
        cw.visitMethod(ACC_PRIVATE | ACC_STATIC, bridgeName(funcidx), BRIDGE_DESC, null, null);
    mv.visitCode();
    ValType[] params = t.params();
    for (int k = 0; k < params.length; k++) {
      element(mv, k);
      mv.visitInsn(LALOAD);
      Values.decode(mv, Frame.type(params[k]));
    }
    mv.visitVarInsn(ALOAD, 0);
    mv.visitVarInsn(ILOAD, 3);
    mv.visitMethodInsn(
        INVOKESTATIC,
        CLASS_NAME,
        FunctionCompiler.methodName(funcidx),
        FunctionCompiler.descriptor(t),
        false);
    ValType[] results = t.results();
    if (results.length == 1) {
      Values.encode(mv, Frame.type(results[0]));
      mv.visitVarInsn(LSTORE, 4);
      element(mv, 0);
      mv.visitVarInsn(LLOAD, 4);
      mv.visitInsn(LASTORE);
    } else if (results.length > 1) {
      mv.visitVarInsn(ASTORE, 4);
      mv.visitVarInsn(ALOAD, 4);
      Values.pushInt(mv, 0);
      mv.visitVarInsn(ALOAD, 1);
      mv.visitVarInsn(ILOAD, 2);
      Values.pushInt(mv, results.length);
      mv.visitMethodInsn(
          INVOKESTATIC,
          "java/lang/System",
          "arraycopy",
          "(Ljava/lang/Object;ILjava/lang/Object;II)V",
          false);
    }
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /** Pushes {@code stack, base + k}. */
  private static void element(MethodVisitor mv, int k) {
    mv.visitVarInsn(ALOAD, 1);
    mv.visitVarInsn(ILOAD, 2);
    if (k != 0) {
      Values.pushInt(mv, k);
      mv.visitInsn(IADD);
    }
  }

  /**
   * {@link CompiledBatch#entryAt} and {@link CompiledBatch#enter}: to the {@code f<funcidx>_entry}
   * and {@code f<funcidx>_osr} of the functions at the batch indexes {@code entries}, the split
   * ones and those with an entry-only copy ({@link RegionEmitter}); the others have no entry.
   */
  private static void entryDispatch(ClassWriter cw, List<FunctionCode> functions, BitSet entries) {
    int n = functions.size();
    MethodVisitor at = cw.visitMethod(ACC_PUBLIC, "entryAt", "(II)J", null, null);
    at.visitCode();
    MethodVisitor enter =
        cw.visitMethod(
            ACC_PUBLIC, "enter", "(IL" + FunctionCompiler.INSTANCE + ";[JII)V", null, null);
    enter.visitCode();
    Label noEntry = new Label();
    Label noEnter = new Label();
    Label[] atCases = new Label[n];
    Label[] enterCases = new Label[n];
    for (int k = 0; k < n; k++) {
      boolean split = entries.get(k);
      atCases[k] = split ? new Label() : noEntry;
      enterCases[k] = split ? new Label() : noEnter;
    }
    if (!entries.isEmpty()) {
      at.visitVarInsn(ILOAD, 1);
      at.visitTableSwitchInsn(0, n - 1, noEntry, atCases);
      enter.visitVarInsn(ILOAD, 1);
      enter.visitTableSwitchInsn(0, n - 1, noEnter, enterCases);
    }
    for (int k = 0; k < n; k++) {
      if (atCases[k] == noEntry) {
        continue;
      }
      int funcidx = functions.get(k).funcidx();
      at.visitLabel(atCases[k]);
      at.visitVarInsn(ILOAD, 2);
      at.visitMethodInsn(
          INVOKESTATIC,
          CLASS_NAME,
          RegionEmitter.entryTableName(funcidx),
          RegionEmitter.ENTRY_TABLE_DESC,
          false);
      at.visitInsn(LRETURN);
      enter.visitLabel(enterCases[k]);
      enter.visitVarInsn(ALOAD, 2);
      enter.visitVarInsn(ILOAD, 5);
      enter.visitVarInsn(ALOAD, 3);
      enter.visitVarInsn(ILOAD, 4);
      enter.visitMethodInsn(
          INVOKESTATIC,
          CLASS_NAME,
          RegionEmitter.entryMethodName(funcidx),
          RegionEmitter.ENTRY_DESC,
          false);
      enter.visitInsn(RETURN);
    }
    at.visitLabel(noEntry);
    at.visitLdcInsn(-1L);
    at.visitInsn(LRETURN);
    at.visitMaxs(0, 0);
    at.visitEnd();
    enter.visitLabel(noEnter);
    InlineOps.trap(enter, "UNREACHABLE");
    enter.visitMaxs(0, 0);
    enter.visitEnd();
  }

  private static void dispatch(ClassWriter cw, List<FunctionCode> functions) {
    MethodVisitor mv =
        cw.visitMethod(
            ACC_PUBLIC, "call", "(IL" + FunctionCompiler.INSTANCE + ";[JII)V", null, null);
    mv.visitCode();
    int n = functions.size();
    Label[] cases = new Label[n];
    for (int k = 0; k < n; k++) {
      cases[k] = new Label();
    }
    Label none = new Label();
    mv.visitVarInsn(ILOAD, 1);
    mv.visitTableSwitchInsn(0, n - 1, none, cases);
    for (int k = 0; k < n; k++) {
      mv.visitLabel(cases[k]);
      mv.visitVarInsn(ALOAD, 2);
      mv.visitVarInsn(ALOAD, 3);
      mv.visitVarInsn(ILOAD, 4);
      mv.visitVarInsn(ILOAD, 5);
      mv.visitMethodInsn(
          INVOKESTATIC, CLASS_NAME, bridgeName(functions.get(k).funcidx()), BRIDGE_DESC, false);
      mv.visitInsn(RETURN);
    }
    mv.visitLabel(none);
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }
}
