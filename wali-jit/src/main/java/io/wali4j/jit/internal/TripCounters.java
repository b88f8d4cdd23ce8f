package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.DUP2;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.IFGE;
import static org.objectweb.asm.Opcodes.IFLE;
import static org.objectweb.asm.Opcodes.IFLT;
import static org.objectweb.asm.Opcodes.IF_ICMPGE;
import static org.objectweb.asm.Opcodes.IF_ICMPLT;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LCONST_0;
import static org.objectweb.asm.Opcodes.LCONST_1;
import static org.objectweb.asm.Opcodes.LDIV;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LMUL;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.LSUB;
import static org.objectweb.asm.Opcodes.POP2;
import static org.objectweb.asm.Opcodes.SWAP;

import io.wali4j.core.wasm.Opcodes;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Loops counted on an i64 (sieve's {@code for (long long j = i * i; j < limit; j += i)}), given an
 * int trip counter that HotSpot counts: C2 17 counts (unrolls, drops its own poll in, orders the
 * checks of) only loops whose exit test compares an int that changes by a constant, so such a loop
 * kept HotSpot's poll and ours at its head, and an unsigned 64-bit compare, every iteration.
 *
 * <p>A loop qualifies when its one back edge is {@code br_if} right after {@code local.tee j
 * (i64.add (local.get j) s)} (either order) and a compare with the limit {@code L}: {@code j < L}
 * ({@code lt_s} or {@code lt_u}; or {@code L > j}), or {@code j != L} (either order), where the
 * stride {@code s} is an i64 constant above 0 or an i64 local, {@code L} an i64 constant or local;
 * nothing else branches to the loop head or into that sequence; {@code j} is written nowhere else
 * in the loop, and {@code s} and {@code L} nowhere in it. Loops inside it are allowed.
 *
 * <p>The rule that keeps the semantics: at the loop head, after its safe point, the code computes
 * from {@code j}'s value there ({@code j0}) how many of the next back edges are sure to be taken.
 * When {@code s > 0} and {@code d = L - j0} (mod 2^64) is in {@code (0, 2^63]}, the t-th back edge
 * with {@code t <= (d - 1) / s} compares {@code j0 + t * s} where {@code 0 < t * s < d}: for {@code
 * !=}, that is not {@code L} (mod 2^64), so it is taken; for {@code <}, when also {@code 0 <= j0 <
 * L} (then {@code d} did not wrap), it is below {@code L}, so did not wrap either, and lies in
 * {@code [0, 2^63)}, where {@code lt_u} and {@code lt_s} agree: it is taken. From the first back
 * edge not proved on (one that wraps included) the loop's own compare decides, as before. The int
 * limit {@code n} is the count proved plus one, capped at {@link ShortLoops#MAX_TRIPS}, or {@code
 * Integer.MIN_VALUE} when nothing is proved. The back edge then counts {@code k} (0 at the head)
 * and jumps, while {@code ++k < n}, straight past the head's safe point and computation into the
 * body; when not, the loop's own compare decides as before, and when it is taken it goes to the
 * head, whose safe point and computation run again. So a branch the loop would not take is never
 * taken, the compare the loop would take is taken whatever the counter says (a failed proof costs
 * only a counter), and the safe point runs at least every {@code MAX_TRIPS} iterations. HotSpot
 * sees an inner loop on {@code k < n} (a counted loop, without a poll of its own and with an int
 * compare) inside an outer one that runs once per {@code MAX_TRIPS} iterations.
 */
final class TripCounters {

  /** One loop: head, back edge, counter, stride, limit and compare. */
  static final class Loop {
    final int head;

    /** The pc of the compare before the back edge. */
    final int compare;

    final int counter;

    /** The stride's local, or -1 when the stride is {@link #strideConst}. */
    final int strideLocal;

    final long strideConst;

    /** The limit's local, or -1 when the limit is {@link #limitConst}. */
    final int limitLocal;

    final long limitConst;

    /** Whether the loop goes on while {@code j != L} (else while {@code j < L}). */
    final boolean notEqual;

    /** JVM locals, assigned when the head is emitted: the counter and its limit. */
    int countSlot = -1;

    int limitSlot = -1;

    /** Where the body starts, past the head's safe point and computation. */
    final Label body = new Label();

    /** The end of the loop's code (the back edge's pc). */
    int end;

    /**
     * The loop's pointers (see {@link #pointer}): i32 locals written once in the loop, by {@code p
     * += q}, and read by a load or store; their step's local, or -1 for the constant in {@link
     * #pointerConsts}.
     */
    int[] pointers = new int[0];

    int[] pointerSteps = new int[0];

    int[] pointerConsts = new int[0];

    /** JVM locals, assigned when the head is emitted: per pointer, the room left (see enter). */
    int[] roomSlots;

    /** The index of local {@code l} among the pointers, or -1. */
    int pointer(int l) {
      for (int k = 0; k < pointers.length; k++) {
        if (pointers[k] == l) {
          return k;
        }
      }
      return -1;
    }

    Loop(
        int head,
        int compare,
        int counter,
        int strideLocal,
        long strideConst,
        int limitLocal,
        long limitConst,
        boolean notEqual) {
      this.head = head;
      this.compare = compare;
      this.counter = counter;
      this.strideLocal = strideLocal;
      this.strideConst = strideConst;
      this.limitLocal = limitLocal;
      this.limitConst = limitConst;
      this.notEqual = notEqual;
    }
  }

  private TripCounters() {}

  /**
   * The qualifying loops of {@code code}. {@code starts} are the pcs where instructions start, in
   * order; {@code targets} the pcs branches go to; {@code branches} counts the branches to each pc;
   * {@code localTypes} gives each local's JVM type ({@code 'J'} for i64).
   */
  static List<Loop> find(
      int[] code,
      int[] starts,
      boolean[] targets,
      int[] branches,
      boolean[] loopHeads,
      char[] localTypes) {
    List<Loop> loops = new ArrayList<>();
    for (int n = 7; n < starts.length; n++) {
      int pc = starts[n];
      if (code[pc] == Opcodes.JUMP_IF && code[pc + 1] <= pc && branches[code[pc + 1]] == 1) {
        Loop l = loop(code, starts, targets, localTypes, n);
        if (l != null) {
          l.end = pc;
          pointers(l, code, starts, targets, loopHeads, localTypes, n);
          loops.add(l);
        }
      }
    }
    return loops;
  }

  private static Loop loop(int[] code, int[] starts, boolean[] targets, char[] localTypes, int n) {
    int head = code[starts[n] + 1];
    int cmp = code[starts[n - 1]];
    // add; local.tee j; then the limit and `<` (or `!=`), or the limit before and `>` (or `!=`).
    int tee;
    int limit;
    boolean notEqual = cmp == Opcodes.I64_NE;
    if (code[starts[n - 3]] == Opcodes.LOCAL_TEE
        && (notEqual || cmp == Opcodes.I64_LT_S || cmp == Opcodes.I64_LT_U)) {
      tee = n - 3;
      limit = n - 2;
    } else if (code[starts[n - 2]] == Opcodes.LOCAL_TEE
        && (notEqual || cmp == Opcodes.I64_GT_S || cmp == Opcodes.I64_GT_U)) {
      tee = n - 2;
      limit = n - 6;
    } else {
      return null;
    }
    int counter = code[starts[tee] + 1];
    if (code[starts[tee - 1]] != Opcodes.I64_ADD || localTypes[counter] != 'J') {
      return null;
    }
    int a = starts[tee - 3];
    int b = starts[tee - 2];
    int stride;
    if (isGet(code, a, counter)) {
      stride = b;
    } else if (isGet(code, b, counter)) {
      stride = a;
    } else {
      return null;
    }
    int strideLocal = -1;
    long strideConst = 0;
    if (code[stride] == Opcodes.LOCAL_GET) {
      strideLocal = code[stride + 1];
    } else if (code[stride] == Opcodes.I64_CONST) {
      strideConst = constant(code, stride);
      if (strideConst <= 0) {
        return null;
      }
    } else {
      return null;
    }
    int limitPc = starts[limit];
    int limitLocal = -1;
    long limitConst = 0;
    if (code[limitPc] == Opcodes.LOCAL_GET) {
      limitLocal = code[limitPc + 1];
    } else if (code[limitPc] == Opcodes.I64_CONST) {
      limitConst = constant(code, limitPc);
    } else {
      return null;
    }
    if (strideLocal == counter
        || limitLocal == counter
        || (strideLocal >= 0 && localTypes[strideLocal] != 'J')
        || (limitLocal >= 0 && localTypes[limitLocal] != 'J')) {
      return null;
    }
    int first = Math.min(tee - 3, limit);
    if (starts[first] <= head) {
      return null;
    }
    for (int k = first + 1; k <= n; k++) {
      if (targets[starts[k]]) {
        return null; // Another path could reach the back edge without the counter's add.
      }
    }
    // The counter written only by the tee, the stride and the limit not at all.
    for (int k = 0; k < n; k++) {
      int pc = starts[k];
      if (pc < head || k == tee) {
        continue;
      }
      if (code[pc] == Opcodes.LOCAL_SET || code[pc] == Opcodes.LOCAL_TEE) {
        int l = code[pc + 1];
        if (l == counter || l == strideLocal || l == limitLocal) {
          return null;
        }
      }
    }
    return new Loop(
        head, starts[n - 1], counter, strideLocal, strideConst, limitLocal, limitConst, notEqual);
  }

  /**
   * Finds the pointers of loop {@code l}, whose back edge is instruction {@code n}: when the loop
   * has no loop inside it (so each instruction runs at most once per iteration), an i32 local
   * {@code p} (not a local of the counter) written once in it, by {@code local.set} or {@code
   * local.tee p (i32.add (local.get p) q)} with {@code q} an i32 local the loop does not write or a
   * constant in {@code [0, 2^31)}, and read elsewhere in a loop with loads or stores.
   */
  private static void pointers(
      Loop l,
      int[] code,
      int[] starts,
      boolean[] targets,
      boolean[] loopHeads,
      char[] localTypes,
      int n) {
    int first = 0;
    while (starts[first] < l.head) {
      first++;
    }
    int[] writes = new int[localTypes.length];
    int[] writeAt = new int[localTypes.length];
    for (int k = first; k < n; k++) {
      int pc = starts[k];
      if (pc > l.head && loopHeads[pc]) {
        return;
      }
      if (code[pc] == Opcodes.LOCAL_SET || code[pc] == Opcodes.LOCAL_TEE) {
        writes[code[pc + 1]]++;
        writeAt[code[pc + 1]] = k;
      }
    }
    List<int[]> found = new ArrayList<>();
    for (int p = 0; p < localTypes.length; p++) {
      int k = writeAt[p];
      if (writes[p] != 1
          || localTypes[p] != 'I'
          || k - 3 < first
          || code[starts[k - 1]] != Opcodes.I32_ADD
          || !isGet(code, starts[k - 3], p)
          || targets[starts[k - 2]]
          || targets[starts[k - 1]]
          || targets[starts[k]]) {
        continue;
      }
      int step = starts[k - 2];
      int stepLocal = -1;
      int stepConst = 0;
      if (code[step] == Opcodes.LOCAL_GET
          && code[step + 1] != p
          && localTypes[code[step + 1]] == 'I'
          && writes[code[step + 1]] == 0) {
        stepLocal = code[step + 1];
      } else if (code[step] == Opcodes.I32_CONST && code[step + 1] >= 0) {
        stepConst = code[step + 1];
      } else {
        continue;
      }
      if (!accessed(code, starts, first, n, p, k)) {
        continue;
      }
      found.add(new int[] {p, stepLocal, stepConst});
    }
    l.pointers = new int[found.size()];
    l.pointerSteps = new int[found.size()];
    l.pointerConsts = new int[found.size()];
    for (int k = 0; k < found.size(); k++) {
      l.pointers[k] = found.get(k)[0];
      l.pointerSteps[k] = found.get(k)[1];
      l.pointerConsts[k] = found.get(k)[2];
    }
  }

  /**
   * Whether instructions {@code [from, to)} hold a plain load or store (so the function keeps the
   * memory's size in a local) and read {@code p} other than in its write.
   */
  private static boolean accessed(int[] code, int[] starts, int from, int to, int p, int write) {
    boolean access = false;
    boolean read = false;
    for (int k = from; k < to; k++) {
      int op = code[starts[k]];
      access |= op >= Opcodes.I32_LOAD && op <= Opcodes.I64_STORE32;
      read |= k != write - 3 && isGet(code, starts[k], p);
    }
    return access && read;
  }

  /**
   * Emits, at the head of loop {@code l} (after its safe point), the count of back edges that are
   * sure to be taken from here (see the class comment), and labels the body's start.
   */
  static void enter(Frame f, Loop l) {
    MethodVisitor mv = f.mv;
    if (l.countSlot < 0) {
      l.countSlot = f.newLocal(1);
      l.limitSlot = f.newLocal(1);
      l.roomSlots = f.newLocals(l.pointers.length, 1);
    }
    int d = f.newLocal(2);
    Label fail = new Label();
    Label done = new Label();
    mv.visitInsn(ICONST_0);
    mv.visitVarInsn(ISTORE, l.countSlot);
    if (l.strideLocal >= 0) {
      f.loadLocal(l.strideLocal);
      mv.visitInsn(LCONST_0);
      mv.visitInsn(LCMP);
      mv.visitJumpInsn(IFLE, fail);
    }
    if (!l.notEqual) {
      // 0 <= j0 < L: then d = L - j0 is positive and did not wrap.
      f.loadLocal(l.counter);
      mv.visitInsn(LCONST_0);
      mv.visitInsn(LCMP);
      mv.visitJumpInsn(IFLT, fail);
      f.loadLocal(l.counter);
      f.loadLocalOr(l.limitLocal, l.limitConst);
      mv.visitInsn(LCMP);
      mv.visitJumpInsn(IFGE, fail);
    }
    // d - 1 = L - j0 - 1, with d (mod 2^64) in (0, 2^63).
    f.loadLocalOr(l.limitLocal, l.limitConst);
    f.loadLocal(l.counter);
    mv.visitInsn(LSUB);
    mv.visitInsn(LCONST_1);
    mv.visitInsn(LSUB);
    mv.visitVarInsn(LSTORE, d);
    mv.visitVarInsn(LLOAD, d);
    mv.visitInsn(LCONST_0);
    mv.visitInsn(LCMP);
    mv.visitJumpInsn(IFLT, fail);
    // n = (d - 1) / s + 1, capped: (d - 1) / (MAX_TRIPS - 1) >= s when (d - 1) / s >= MAX_TRIPS -
    // 1.
    Label few = new Label();
    mv.visitVarInsn(LLOAD, d);
    mv.visitLdcInsn(ShortLoops.MAX_TRIPS - 1);
    mv.visitInsn(LDIV);
    f.loadLocalOr(l.strideLocal, l.strideConst);
    mv.visitInsn(LCMP);
    mv.visitJumpInsn(IFLT, few);
    Values.pushInt(mv, (int) ShortLoops.MAX_TRIPS);
    mv.visitVarInsn(ISTORE, l.limitSlot);
    mv.visitJumpInsn(GOTO, done);
    mv.visitLabel(few);
    mv.visitVarInsn(LLOAD, d);
    f.loadLocalOr(l.strideLocal, l.strideConst);
    mv.visitInsn(LDIV);
    mv.visitInsn(L2I);
    mv.visitInsn(ICONST_1);
    mv.visitInsn(IADD);
    mv.visitVarInsn(ISTORE, l.limitSlot);
    mv.visitJumpInsn(GOTO, done);
    mv.visitLabel(fail);
    Values.pushInt(mv, Integer.MIN_VALUE);
    mv.visitVarInsn(ISTORE, l.limitSlot);
    mv.visitLabel(done);
    for (int k = 0; k < l.pointers.length; k++) {
      room(f, l, k);
    }
    mv.visitLabel(l.body);
  }

  /**
   * Sets the room of pointer {@code k} of {@code l} for this chunk: the body runs at most {@code n}
   * times before the head runs again, and {@code p}, written at most once per run, takes values
   * {@code p0 + m * q} with {@code 0 <= m <= n}; when {@code n > 0}, {@code p0 >= 0}, {@code q >=
   * 0} and {@code pMax = p0 + n * q <= 2^31 - 1}, each is {@code u32(p)} without a wrap, at most
   * {@code pMax}, and an access of extent {@code e} (offset plus size) from it is inside when
   * {@code pMax + e <= size}: the room is {@code size - pMax} (the memory never shrinks, so it
   * stays true), else {@code Integer.MIN_VALUE}.
   */
  private static void room(Frame f, Loop l, int k) {
    MethodVisitor mv = f.mv;
    Label none = new Label();
    Label set = new Label();
    mv.visitVarInsn(ILOAD, l.limitSlot);
    mv.visitJumpInsn(IFLE, none);
    f.loadLocal(l.pointers[k]);
    mv.visitJumpInsn(IFLT, none);
    if (l.pointerSteps[k] >= 0) {
      f.loadLocal(l.pointerSteps[k]);
      mv.visitJumpInsn(IFLT, none);
    }
    f.loadLocal(l.pointers[k]);
    mv.visitInsn(I2L);
    mv.visitVarInsn(ILOAD, l.limitSlot);
    mv.visitInsn(I2L);
    f.loadLocalOr(l.pointerSteps[k], l.pointerConsts[k]);
    mv.visitInsn(I2L);
    mv.visitInsn(LMUL);
    mv.visitInsn(LADD);
    mv.visitInsn(DUP2);
    mv.visitLdcInsn((long) Integer.MAX_VALUE);
    mv.visitInsn(LCMP);
    Label fits = new Label();
    mv.visitJumpInsn(IFLE, fits);
    mv.visitInsn(POP2);
    mv.visitJumpInsn(GOTO, none);
    mv.visitLabel(fits);
    mv.visitInsn(L2I);
    mv.visitVarInsn(ILOAD, f.sizeSlot);
    mv.visitInsn(SWAP);
    mv.visitInsn(ISUB);
    mv.visitJumpInsn(GOTO, set);
    mv.visitLabel(none);
    Values.pushInt(mv, Integer.MIN_VALUE);
    mv.visitLabel(set);
    mv.visitVarInsn(ISTORE, l.roomSlots[k]);
  }

  /**
   * For a load or store whose address operand is {@code local.get p} of pointer {@code p} of the
   * loop being emitted, extent {@code e}: jumps to {@code inside} when this chunk's room holds it.
   */
  static void skipCheck(Frame f, Loop l, int local, long extent, Label inside) {
    int k = l == null || l.roomSlots == null ? -1 : l.pointer(local);
    if (k < 0 || extent > Integer.MAX_VALUE) {
      return;
    }
    f.mv.visitVarInsn(ILOAD, l.roomSlots[k]);
    Values.pushInt(f.mv, (int) extent);
    f.mv.visitJumpInsn(IF_ICMPGE, inside);
  }

  /**
   * Emits, before the compare of the back edge of {@code l}, the counted back edge: {@code ++k < n}
   * jumps to the body, past the head. Nothing when the head was not emitted (unreachable).
   */
  static void backEdge(Frame f, Loop l) {
    if (l.countSlot < 0) {
      return;
    }
    MethodVisitor mv = f.mv;
    mv.visitIincInsn(l.countSlot, 1);
    mv.visitVarInsn(ILOAD, l.countSlot);
    mv.visitVarInsn(ILOAD, l.limitSlot);
    mv.visitJumpInsn(IF_ICMPLT, l.body);
  }

  private static boolean isGet(int[] code, int pc, int local) {
    return code[pc] == Opcodes.LOCAL_GET && code[pc + 1] == local;
  }

  private static long constant(int[] code, int pc) {
    return (code[pc + 1] & 0xFFFFFFFFL) | ((long) code[pc + 2] << 32);
  }
}
