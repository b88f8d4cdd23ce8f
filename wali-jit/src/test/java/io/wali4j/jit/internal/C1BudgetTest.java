package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A function that fits one JVM method but whose method is longer than C1's budget ({@code
 * wali4j.jit.c1MethodBytes}) is compiled split into regions small enough for it, and computes what
 * the interpreter does; under the budget, or with no budget, it stays whole.
 */
class C1BudgetTest {

  /**
   * One long function (over {@link JitTier#PRECHECK_LENGTH} slots, under the split threshold): a
   * loop of mixing steps, then the probe's answer added to the sum.
   */
  static final String MODULE = module(300);

  /** The same, shorter than {@link JitTier#PRECHECK_LENGTH} slots (not generated alone first). */
  static final String SHORT = module(60);

  private static String module(int steps) {
    StringBuilder sb =
        new StringBuilder(
            "(module (import \"env\" \"probe\" (func $probe (result i32)))"
                + " (func (export \"long\") (param $n i32) (result i32)"
                + " (local $x i32) (local $y i32) (local $i i32)"
                + " (local.set $x (local.get $n))"
                + " (loop $l");
    for (int k = 0; k < steps; k++) {
      sb.append(" (local.set $y (i32.xor (local.get $y) (i32.mul (local.get $x) (i32.const ")
          .append(2 * k + 1)
          .append("))))")
          .append(" (local.set $x (i32.add (local.get $x) (i32.rotl (local.get $y) (i32.const ")
          .append(k % 31 + 1)
          .append("))))");
    }
    sb.append(" (local.set $i (i32.add (local.get $i) (i32.const 1)))")
        .append(" (br_if $l (i32.lt_u (local.get $i) (i32.const 3))))")
        .append(" (i32.add (i32.mul (i32.add (local.get $x) (local.get $y)) (i32.const 2))")
        .append(" (call $probe))))");
    return sb.toString();
  }

  /** What {@code long(n)} of {@code wat} returns compiled, with {@code budget} bytes for C1. */
  private static long run(String wat, int budget, long n) {
    int previous = JitTier.c1MethodBytes(budget);
    try {
      Instance compiled = Wat.instantiate(Jit.Mode.EAGER, wat, SplitFunctionTest.PROBE);
      return compiled.invoke("long", n)[0];
    } finally {
      JitTier.c1MethodBytes(previous);
    }
  }

  @Test
  void aMethodOverTheBudgetIsSplitAndComputesAsTheInterpreter() {
    overBudget(MODULE, true);
  }

  @Test
  void aShorterFunctionOverTheBudgetIsSplitToo() {
    overBudget(SHORT, false);
  }

  /** {@code wat}'s function over {@link JitTier#PRECHECK_LENGTH} slots ({@code long}) or under. */
  private static void overBudget(String wat, boolean longer) {
    ValidatedModule v = Wat.validated(wat);
    FunctionCode fc = v.code().get(0);
    assertEquals(longer, fc.code().length >= JitTier.PRECHECK_LENGTH, fc.code().length + " slots");
    int whole =
        BatchCompiler.longestCode(
            BatchCompiler.generate(v.module(), List.of(fc), MemoryKind.GENERIC));
    Instance interp = Wat.instantiate(Jit.Mode.OFF, wat, SplitFunctionTest.PROBE);
    for (long n : new long[] {0, 1, 12345, -7}) {
      long want = interp.invoke("long", n)[0];
      // Over the budget: regions (the probe adds 1 from inside a region), else whole.
      assertEquals((want + 1) & 0xFFFFFFFFL, run(wat, whole - 1, n) & 0xFFFFFFFFL, "split, n=" + n);
      assertEquals(want, run(wat, whole, n), "at the budget, n=" + n);
      assertEquals(want, run(wat, 0, n), "no budget, n=" + n);
    }
  }

  @Test
  void theLongestCodeIsTheLongestMethodsBytecodeLength() {
    ClassWriter cw = new ClassWriter(0);
    cw.visit(
        Opcodes.V17, Opcodes.ACC_PUBLIC, "p/C", null, "java/lang/Object", new String[] {"p/I"});
    cw.visitField(Opcodes.ACC_STATIC, "f", "I", null, 7).visitEnd();
    for (int n : new int[] {10, 3000, 200}) {
      MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "m" + n, "()V", null, null);
      mv.visitCode();
      for (int k = 0; k < n - 1; k++) {
        mv.visitInsn(Opcodes.NOP);
      }
      mv.visitInsn(Opcodes.RETURN);
      mv.visitMaxs(0, 0);
      mv.visitEnd();
    }
    cw.visitEnd();
    assertEquals(3000, BatchCompiler.longestCode(cw.toByteArray()));
  }
}
