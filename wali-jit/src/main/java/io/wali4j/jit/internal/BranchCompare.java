package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFGE;
import static org.objectweb.asm.Opcodes.IFGT;
import static org.objectweb.asm.Opcodes.IFLE;
import static org.objectweb.asm.Opcodes.IFLT;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.IF_ICMPEQ;
import static org.objectweb.asm.Opcodes.IXOR;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LCONST_0;
import static org.objectweb.asm.Opcodes.LXOR;

import io.wali4j.core.wasm.Opcodes;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * An integer compare whose result only decides the {@code br_if} (or {@code if}) right after it,
 * emitted as one conditional jump instead of a 0 or 1 that the branch then tests. The value never
 * exists, so no JVM local holds it: HotSpot keeps every local a later deoptimization may read
 * alive, and in a loop such a flag took a register or a stack slot per iteration.
 *
 * <p>The conditions are the ones {@code NumericEmitter} and {@code InlineOps} give the compare (the
 * unsigned ones on operands with the sign bit flipped, {@code Ops}' rule); a branch taken on a
 * false compare ({@code JUMP_IF_ZERO}) jumps on the negated condition, which for integers is exact.
 */
final class BranchCompare {

  private static final int SIGN32 = 0x80000000;
  private static final long SIGN64 = 0x8000000000000000L;

  private BranchCompare() {}

  /** Whether {@code op} is a compare of i32s or i64s ({@code eqz} included). */
  static boolean fuses(int op) {
    return op >= Opcodes.I32_EQZ && op <= Opcodes.I64_GE_U;
  }

  /**
   * Pops the operands of compare {@code op} and jumps to {@code target} when the compare gives
   * {@code onTrue} (1 for {@code br_if}, 0 for the branch of an {@code if}'s false arm).
   */
  static void emit(Frame f, int op, boolean onTrue, Label target) {
    MethodVisitor mv = f.mv;
    boolean i64 = op >= Opcodes.I64_EQZ;
    int kind = op - (i64 ? Opcodes.I64_EQZ : Opcodes.I32_EQZ);
    boolean unsigned = kind == 4 || kind == 6 || kind == 8 || kind == 10;
    if (kind == 0) {
      f.peek(0);
      f.drop(1);
      if (i64) {
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
      }
      mv.visitJumpInsn(onTrue ? IFEQ : IFNE, target);
      return;
    }
    for (int k = 1; k >= 0; k--) {
      f.peek(k);
      if (unsigned) {
        if (i64) {
          mv.visitLdcInsn(SIGN64);
          mv.visitInsn(LXOR);
        } else {
          mv.visitLdcInsn(SIGN32);
          mv.visitInsn(IXOR);
        }
      }
    }
    f.drop(2);
    // eq, ne, lt_s, lt_u, gt_s, gt_u, le_s, le_u, ge_s, ge_u
    int[] whenTrue = {IFEQ, IFNE, IFLT, IFLT, IFGT, IFGT, IFLE, IFLE, IFGE, IFGE};
    int[] whenFalse = {IFNE, IFEQ, IFGE, IFGE, IFLE, IFLE, IFGT, IFGT, IFLT, IFLT};
    int cond = (onTrue ? whenTrue : whenFalse)[kind - 1];
    if (i64) {
      mv.visitInsn(LCMP);
      mv.visitJumpInsn(cond, target);
    } else {
      mv.visitJumpInsn(cond + (IF_ICMPEQ - IFEQ), target);
    }
  }
}
