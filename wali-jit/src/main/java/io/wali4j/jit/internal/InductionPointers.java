package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFGT;
import static org.objectweb.asm.Opcodes.IFLT;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LCONST_0;
import static org.objectweb.asm.Opcodes.LDIV;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LMUL;
import static org.objectweb.asm.Opcodes.LREM;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.LSUB;

import io.wali4j.core.wasm.Opcodes;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * i32 locals that a counted loop advances by a constant, kept also as a 64-bit JVM local (an
 * induction pointer) so that HotSpot sees a long induction variable and folds the constants of the
 * accesses into the addressing mode, instead of deriving each address from the loop counter and
 * sign-extending it per access (matmul's inner loop: two pointers stepped by 16); and loops that
 * run a few times from their entry, without a safe point at their head.
 *
 * <p>A loop qualifies when it has no loop inside it, its one back edge is {@code br_if} on {@code i
 * != n} (either order) right after {@code local.tee i (i32.add (local.get i) (i32.const s))} with
 * {@code s > 0}, nothing else branches to its head or into that sequence, {@code i} is written
 * nowhere else in the loop, and {@code n} is a constant or a local the loop does not write. A
 * pointer of it is an i32 local {@code p} (not {@code i} or {@code n}) written once in the loop, by
 * {@code local.set} or {@code local.tee p (i32.add (local.get p) (i32.const c))} with {@code c} in
 * {@code (0, 2^31)}, and read elsewhere in the loop.
 *
 * <p>The rule that keeps the semantics: at each entry of the loop (the fall-through into its head;
 * no other branch reaches it) the code computes whether every pointer stays in {@code [0, 2^31)}
 * for the whole run of the loop: when {@code i < n} and {@code n - i} is a multiple of {@code s},
 * the body runs at most {@code e = (n - i) / s} times (it leaves only when {@code i} reaches {@code
 * n}, or earlier through a branch out or a trap), and a pointer written at most once per iteration
 * (no inner loop) ends at most at {@code p + c * e}; so {@code p >= 0 && p + c * e <= 2^31 - 1}
 * proves that its i32 adds never wrap. Then the long copy {@code q}, set to {@code p} at the entry
 * and advanced by {@code c} with it, equals {@code (long) p} at every point of the loop, and an
 * access computes its offset from {@code q} (see {@link MemoryEmitter}); when the entry test fails,
 * from {@code p} as before. The flag is loop-invariant, so HotSpot keeps one version of the loop
 * (or unswitches it), not a test per access. The bounds checks are the same int compares on the
 * address operand as before: a trap happens where it did, with the same stores before it.
 *
 * <p>The same entry test bounds the loop's iterations: a qualifying loop without pointers is kept
 * for that alone. When it runs at most {@link ShortLoops#MAX_TRIPS} times from this entry, a second
 * flag skips its head's safe point (a stop requested meanwhile is taken at the next safe point
 * around it, as for {@link ShortLoops}, whose loops have a constant count where these have one
 * known at entry: matmul's inner loop, {@code n / 2} iterations).
 */
final class InductionPointers {

  /** The most pointers one loop keeps a long copy of. */
  static final int MAX_POINTERS = 8;

  /** One loop: its head and back edge, counter, limit and step, and its pointers. */
  static final class Loop {
    final int head;
    final int backEdge;
    final int counter;

    /** The limit's local, or -1 when the limit is the constant {@link #limitConst}. */
    final int limitLocal;

    final int limitConst;
    final int step;

    /** The pointer locals, their steps and the pcs of their one write. */
    final int[] pointers;

    final int[] strides;
    final int[] writes;

    /**
     * JVM locals, assigned when the loop's entry is emitted: the flags (the copies hold, the loop
     * runs at most {@link #MAX_TRIPS} times) and the long copies.
     */
    int okSlot = -1;

    int fewSlot = -1;

    int[] copySlots;

    Loop(
        int head,
        int backEdge,
        int counter,
        int limitLocal,
        int limitConst,
        int step,
        int[] pointers,
        int[] strides,
        int[] writes) {
      this.head = head;
      this.backEdge = backEdge;
      this.counter = counter;
      this.limitLocal = limitLocal;
      this.limitConst = limitConst;
      this.step = step;
      this.pointers = pointers;
      this.strides = strides;
      this.writes = writes;
    }

    /** The index of local {@code l} among the pointers, or -1. */
    int pointer(int l) {
      for (int k = 0; k < pointers.length; k++) {
        if (pointers[k] == l) {
          return k;
        }
      }
      return -1;
    }

    /** The index of the pointer written at {@code pc}, or -1. */
    int writtenAt(int pc) {
      for (int k = 0; k < writes.length; k++) {
        if (writes[k] == pc) {
          return k;
        }
      }
      return -1;
    }
  }

  private InductionPointers() {}

  /**
   * The qualifying loops of {@code code}. {@code starts} are the pcs where instructions start, in
   * order; {@code targets} the pcs branches go to; {@code branches} counts the branches to each pc;
   * {@code loopHeads} marks the targets of backward branches; {@code localTypes} gives each local's
   * JVM type ({@code 'I'} for i32).
   */
  static List<Loop> find(
      int[] code,
      int[] starts,
      boolean[] targets,
      int[] branches,
      boolean[] loopHeads,
      char[] localTypes) {
    List<Loop> loops = new ArrayList<>();
    for (int n = 0; n < starts.length; n++) {
      int pc = starts[n];
      if (code[pc] == Opcodes.JUMP_IF && code[pc + 1] <= pc && branches[code[pc + 1]] == 1) {
        Loop l = loop(code, starts, targets, loopHeads, localTypes, n);
        if (l != null) {
          loops.add(l);
        }
      }
    }
    return loops;
  }

  private static Loop loop(
      int[] code, int[] starts, boolean[] targets, boolean[] loopHeads, char[] localTypes, int n) {
    if (n < 7 || code[starts[n - 1]] != Opcodes.I32_NE) {
      return null;
    }
    int head = code[starts[n] + 1];
    int backEdge = starts[n];
    // local.get i; i32.const s; i32.add; local.tee i; and the limit before or after it.
    int tee;
    int limit;
    if (isLimit(code, starts[n - 2])) {
      tee = n - 3;
      limit = n - 2;
    } else if (isLimit(code, starts[n - 6])) {
      tee = n - 2;
      limit = n - 6;
    } else {
      return null;
    }
    if (code[starts[tee]] != Opcodes.LOCAL_TEE
        || code[starts[tee - 1]] != Opcodes.I32_ADD
        || code[starts[tee - 2]] != Opcodes.I32_CONST
        || code[starts[tee - 3]] != Opcodes.LOCAL_GET
        || starts[tee - 3] <= head) {
      return null;
    }
    int counter = code[starts[tee] + 1];
    int step = code[starts[tee - 2] + 1];
    if (code[starts[tee - 3] + 1] != counter || step <= 0 || localTypes[counter] != 'I') {
      return null;
    }
    int first = Math.min(tee - 3, limit);
    for (int k = first + 1; k <= n; k++) {
      if (targets[starts[k]]) {
        return null; // Another path could reach the back edge without the counter's step.
      }
    }
    int limitLocal = code[starts[limit]] == Opcodes.LOCAL_GET ? code[starts[limit] + 1] : -1;
    int limitConst = limitLocal < 0 ? code[starts[limit] + 1] : 0;
    if (limitLocal == counter) {
      return null;
    }
    int firstBody = first;
    while (firstBody > 0 && starts[firstBody - 1] >= head) {
      firstBody--;
    }
    // No inner loop, the counter and the limit written only where said.
    int[] writeCount = new int[localTypes.length];
    int[] writeAt = new int[localTypes.length];
    for (int k = firstBody; k < n; k++) {
      int pc = starts[k];
      if (pc > head && loopHeads[pc]) {
        return null;
      }
      if (code[pc] == Opcodes.LOCAL_SET || code[pc] == Opcodes.LOCAL_TEE) {
        int l = code[pc + 1];
        writeCount[l]++;
        writeAt[l] = k;
      }
    }
    if (writeCount[counter] != 1 || (limitLocal >= 0 && writeCount[limitLocal] != 0)) {
      return null;
    }
    List<int[]> found = new ArrayList<>();
    for (int l = 0; l < localTypes.length && found.size() < MAX_POINTERS; l++) {
      if (l == counter || l == limitLocal || writeCount[l] != 1 || localTypes[l] != 'I') {
        continue;
      }
      int k = writeAt[l];
      if (k - 3 < firstBody
          || code[starts[k - 1]] != Opcodes.I32_ADD
          || code[starts[k - 2]] != Opcodes.I32_CONST
          || code[starts[k - 3]] != Opcodes.LOCAL_GET
          || code[starts[k - 3] + 1] != l
          || code[starts[k - 2] + 1] <= 0
          || targets[starts[k - 2]]
          || targets[starts[k - 1]]
          || targets[starts[k]]
          || !readElsewhere(code, starts, firstBody, n, l, k - 3)) {
        continue;
      }
      found.add(new int[] {l, code[starts[k - 2] + 1], starts[k]});
    }
    int[] pointers = new int[found.size()];
    int[] strides = new int[found.size()];
    int[] writes = new int[found.size()];
    for (int k = 0; k < found.size(); k++) {
      pointers[k] = found.get(k)[0];
      strides[k] = found.get(k)[1];
      writes[k] = found.get(k)[2];
    }
    return new Loop(
        head, backEdge, counter, limitLocal, limitConst, step, pointers, strides, writes);
  }

  /**
   * Emits the entry of loop {@code l}, on the path falling into its head: the flag says whether
   * every pointer stays in {@code [0, 2^31)} for the whole run (see the class comment), and each
   * long copy starts as its pointer's value.
   */
  static void enter(Frame f, Loop l) {
    MethodVisitor mv = f.mv;
    if (l.okSlot < 0) {
      l.okSlot = f.newLocal(1);
      l.fewSlot = f.newLocal(1);
      l.copySlots = f.newLocals(l.pointers.length, 2);
    }
    int trips = f.newLocal(2);
    Label fail = new Label();
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, l.okSlot);
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, l.fewSlot);
    // i < n, and n - i a multiple of the step: then the body runs at most (n - i) / s times.
    f.loadLocal(l.counter);
    f.loadLocalOr(l.limitLocal, l.limitConst);
    mv.visitJumpInsn(IF_ICMPGE, fail);
    f.loadLocalOr(l.limitLocal, l.limitConst);
    mv.visitInsn(I2L);
    f.loadLocal(l.counter);
    mv.visitInsn(I2L);
    mv.visitInsn(LSUB);
    mv.visitVarInsn(LSTORE, trips);
    mv.visitVarInsn(LLOAD, trips);
    mv.visitLdcInsn((long) l.step);
    mv.visitInsn(LREM);
    mv.visitInsn(LCONST_0);
    mv.visitInsn(LCMP);
    mv.visitJumpInsn(IFNE, fail);
    mv.visitVarInsn(LLOAD, trips);
    mv.visitLdcInsn((long) l.step);
    mv.visitInsn(LDIV);
    mv.visitVarInsn(LSTORE, trips);
    // Few trips: the head needs no safe point of its own this time (see ShortLoops).
    Label many = new Label();
    mv.visitVarInsn(LLOAD, trips);
    mv.visitLdcInsn(ShortLoops.MAX_TRIPS);
    mv.visitInsn(LCMP);
    mv.visitJumpInsn(IFGT, many);
    mv.visitInsn(ICONST_1);
    mv.visitVarInsn(ISTORE, l.fewSlot);
    mv.visitLabel(many);
    // Each pointer: p >= 0 and p + c * trips <= 2^31 - 1.
    for (int k = 0; k < l.pointers.length; k++) {
      f.loadLocal(l.pointers[k]);
      mv.visitJumpInsn(IFLT, fail);
      f.loadLocal(l.pointers[k]);
      mv.visitInsn(I2L);
      mv.visitLdcInsn((long) l.strides[k]);
      mv.visitVarInsn(LLOAD, trips);
      mv.visitInsn(LMUL);
      mv.visitInsn(LADD);
      mv.visitLdcInsn((long) Integer.MAX_VALUE);
      mv.visitInsn(LCMP);
      mv.visitJumpInsn(IFGT, fail);
    }
    mv.visitInsn(ICONST_1);
    mv.visitVarInsn(ISTORE, l.okSlot);
    mv.visitLabel(fail);
    for (int k = 0; k < l.pointers.length; k++) {
      f.loadLocal(l.pointers[k]);
      mv.visitInsn(I2L);
      mv.visitVarInsn(LSTORE, l.copySlots[k]);
    }
  }

  /**
   * The safe point at the head of loop {@code l}, skipped when its entry found that it runs at most
   * {@link ShortLoops#MAX_TRIPS} times: a stop requested meanwhile is taken at the next safe point
   * around it, as for {@link ShortLoops}. The flag does not change in the loop, so HotSpot keeps
   * one version of it.
   */
  static void safePoint(Frame f, Loop l, Runnable safePoint) {
    Label skip = new Label();
    f.mv.visitVarInsn(ILOAD, l.fewSlot);
    f.mv.visitJumpInsn(IFNE, skip);
    safePoint.run();
    f.mv.visitLabel(skip);
  }

  /** Advances the long copy of pointer {@code k} of {@code l} with it (after its one write). */
  static void advance(Frame f, Loop l, int k) {
    if (l.okSlot < 0) {
      return; // The loop's entry is unreachable: so is this.
    }
    f.mv.visitVarInsn(LLOAD, l.copySlots[k]);
    f.mv.visitLdcInsn((long) l.strides[k]);
    f.mv.visitInsn(LADD);
    f.mv.visitVarInsn(LSTORE, l.copySlots[k]);
  }

  /**
   * Pushes {@code (long) p} for pointer {@code k} of {@code l}: its long copy when the entry test
   * passed, else {@code p} sign-extended. The test is of a flag the loop does not change.
   */
  static void load(Frame f, Loop l, int k) {
    MethodVisitor mv = f.mv;
    Label plain = new Label();
    Label join = new Label();
    mv.visitVarInsn(ILOAD, l.okSlot);
    mv.visitJumpInsn(IFEQ, plain);
    mv.visitVarInsn(LLOAD, l.copySlots[k]);
    mv.visitJumpInsn(GOTO, join);
    mv.visitLabel(plain);
    f.loadLocal(l.pointers[k]);
    mv.visitInsn(I2L);
    mv.visitLabel(join);
  }

  private static boolean isLimit(int[] code, int pc) {
    return code[pc] == Opcodes.I32_CONST || code[pc] == Opcodes.LOCAL_GET;
  }

  /**
   * Whether local {@code l} is read in instructions {@code [from, to)} other than at {@code not}.
   */
  private static boolean readElsewhere(int[] code, int[] starts, int from, int to, int l, int not) {
    for (int k = from; k < to; k++) {
      int pc = starts[k];
      if (k != not && code[pc] == Opcodes.LOCAL_GET && code[pc + 1] == l) {
        return true;
      }
    }
    return false;
  }
}
