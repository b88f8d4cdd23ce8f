package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Counts, per function of a module compiled in one batch, the calls of one method or the reads of
 * one field in the function's generated method (tests that pin what the code generator leaves out:
 * bounds checks, safe points).
 */
final class GeneratedCounts {

  private GeneratedCounts() {}

  /** The exports of {@code with} and then those of {@code without}, in one list. */
  static List<String> both(List<String> with, List<String> without) {
    List<String> all = new ArrayList<>(with);
    all.addAll(without);
    return all;
  }

  /**
   * Asserts that {@code counts} has {@code n} for each export of {@code with} and 0 for each of
   * {@code without}.
   */
  static void assertCounts(
      Map<String, Integer> counts, List<String> with, int n, List<String> without) {
    for (String name : with) {
      assertEquals(n, counts.get(name), name);
    }
    for (String name : without) {
      assertEquals(0, counts.get(name), name);
    }
  }

  /**
   * Calls of a method named {@code method} in each function, by the names in {@code exports}
   * ({@code invokedynamic}s of that name, or whose bootstrap method has it, too).
   */
  static Map<String, Integer> calls(String wat, List<String> exports, String method) {
    return count(wat, exports, method, true);
  }

  /** The same for the code specialised for memory of {@code kind}. */
  static Map<String, Integer> calls(
      String wat, List<String> exports, String method, MemoryKind kind) {
    return count(wat, exports, method, true, -1, kind);
  }

  /** Accesses of a field named {@code field} in each function, by the names in {@code exports}. */
  static Map<String, Integer> fieldAccesses(String wat, List<String> exports, String field) {
    return count(wat, exports, field, false);
  }

  /**
   * Safe points (loop heads, entries) in each function, in either form: the inline poll of {@code
   * SafePoint.OUTSTANDING} or a call of {@code JitRuntime.safePoint} ({@link
   * FunctionCompiler#SHARED_RARE_PATHS}).
   */
  static Map<String, Integer> safePoints(String wat, List<String> exports) {
    return sum(fieldAccesses(wat, exports, "OUTSTANDING"), calls(wat, exports, "safePoint"));
  }

  /**
   * Bounds checks in each function, in either form: the inline compares with their call of {@code
   * JitRuntime.boundsSlow} or a call of {@code JitRuntime.inside}.
   */
  static Map<String, Integer> boundsChecks(String wat, List<String> exports) {
    return sum(calls(wat, exports, "boundsSlow"), calls(wat, exports, "inside"));
  }

  private static Map<String, Integer> sum(Map<String, Integer> a, Map<String, Integer> b) {
    Map<String, Integer> s = new HashMap<>();
    a.forEach((k, v) -> s.put(k, v + b.get(k)));
    return s;
  }

  /** Instructions with opcode {@code opcode} (no operand) in each function, by export name. */
  static Map<String, Integer> insns(String wat, List<String> exports, int opcode) {
    return count(wat, exports, null, false, opcode);
  }

  /** {@code iinc} instructions in each function, by export name. */
  static Map<String, Integer> iincs(String wat, List<String> exports) {
    return count(wat, exports, null, false, Opcodes.IINC);
  }

  /** The same for the code specialised for memory of {@code kind}. */
  static Map<String, Integer> iincs(String wat, List<String> exports, MemoryKind kind) {
    return count(wat, exports, null, false, Opcodes.IINC, kind);
  }

  private static Map<String, Integer> count(
      String wat, List<String> exports, String member, boolean calls) {
    return count(wat, exports, member, calls, -1);
  }

  /** {@code exports} names functions 0, 1, ... of the module, in order. */
  private static Map<String, Integer> count(
      String wat, List<String> exports, String member, boolean calls, int opcode) {
    return count(wat, exports, member, calls, opcode, MemoryKind.HEAP);
  }

  private static Map<String, Integer> count(
      String wat, List<String> exports, String member, boolean calls, int opcode, MemoryKind kind) {
    ValidatedModule v = Wat.validated(wat);
    byte[] bytes = BatchCompiler.generate(v.module(), v.code(), kind);
    Map<String, Integer> byMethod = new HashMap<>();
    new ClassReader(bytes)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String desc, String sig, String[] exceptions) {
                byMethod.put(name, 0);
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitMethodInsn(
                      int op, String owner, String m, String d, boolean itf) {
                    if (calls && member != null && m.equals(member)) {
                      byMethod.merge(name, 1, Integer::sum);
                    }
                  }

                  @Override
                  public void visitInvokeDynamicInsn(
                      String m, String d, org.objectweb.asm.Handle bsm, Object... args) {
                    if (calls
                        && member != null
                        && (m.equals(member) || bsm.getName().equals(member))) {
                      byMethod.merge(name, 1, Integer::sum);
                    }
                  }

                  @Override
                  public void visitIincInsn(int var, int increment) {
                    if (opcode == Opcodes.IINC) {
                      byMethod.merge(name, 1, Integer::sum);
                    }
                  }

                  @Override
                  public void visitInsn(int op) {
                    if (op == opcode) {
                      byMethod.merge(name, 1, Integer::sum);
                    }
                  }

                  @Override
                  public void visitFieldInsn(int op, String owner, String field, String d) {
                    if (!calls && member != null && field.equals(member)) {
                      byMethod.merge(name, 1, Integer::sum);
                    }
                  }
                };
              }
            },
            0);
    Map<String, Integer> byExport = new HashMap<>();
    for (int i = 0; i < exports.size(); i++) {
      byExport.put(exports.get(i), byMethod.get(FunctionCompiler.methodName(i)));
    }
    return byExport;
  }
}
