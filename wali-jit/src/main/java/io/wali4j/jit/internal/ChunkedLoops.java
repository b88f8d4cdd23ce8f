package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.IF_ICMPLT;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.ISTORE;

import io.wali4j.core.wasm.Opcodes;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Loops of a known, large trip count that HotSpot cannot count, given a chunk counter that it can:
 * clang writes a loop over a constant count as an index running from {@code -count} up to 0, {@code
 * i += t; br_if i} (crc32's inner loop), which has no compare HotSpot orders, so C2 kept its poll
 * and our loop-head safe point in every iteration. (Given the counted back edge of {@code i != n},
 * {@code i < 0} then {@code i != 0}, crc32 was slower: benchmarks/RESULTS.md.)
 *
 * <p>A loop qualifies when {@link ShortLoops#trips} knows its trip count and it is above {@link
 * ShortLoops#MAX_TRIPS} (below, ShortLoops drops the head's safe point altogether), nothing else
 * branches to its head, no branch target lies inside it and no branch leaves it but forward ones
 * (its body is straight-line code: no loop inside), and no other shape took it ({@link
 * TripCounters}, the counted {@code i != n} back edge). Its head, after the safe point, sets a
 * count {@code k} to 0; the back edge, when the loop's own test is taken, does {@code ++k <
 * MAX_TRIPS} and jumps past the head into the body, and only when that fails goes through the head
 * (its safe point, a new chunk). So the loop's test decides everything as before, and a stop
 * requested meanwhile is taken at most {@link ShortLoops#MAX_TRIPS} iterations later, as for the
 * other shapes. HotSpot sees a counted loop on {@code k} (no poll, an int trip counter) with the
 * loop's test as a second exit; its bounds checks use the two int compares that HotSpot's range
 * check elimination works on ({@link Frame#rangeCheckable}).
 *
 * <p>Only in code for heap memory (and for none): over a native reservation, a WALI process's
 * memory, the unrolled chunk of crc32's loop kept the memory's address and size and the CRC in
 * stack slots, reloaded for every byte (an off-heap address and an index shared by two accesses are
 * added into a register of their own, where a heap access uses {@code [base + index + disp]}), and
 * crc32 took 18% more time than with the loop left uncounted (240 against 285 ms, steady state),
 * where on heap memory it took 13% less (265 against 230).
 *
 * <p>Not for every loop HotSpot cannot count: with the chunk on every straight-line loop, the
 * short, data-dependent ones (quicksort's partition scans, nbody's loops of 1 to 4 iterations) took
 * 20-50% more time, C2's set-up of a counted loop costing more than it saves
 * (benchmarks/RESULTS.md).
 */
final class ChunkedLoops {

  /** One loop: its head and the pc of its back edge's branch. */
  static final class Loop {
    final int head;
    final int backEdge;

    /** The count, assigned when the head is emitted (-1: not emitted, unreachable). */
    int countSlot = -1;

    /** Where the body starts, past the head's safe point. */
    final Label body = new Label();

    Loop(int head, int backEdge) {
      this.head = head;
      this.backEdge = backEdge;
    }
  }

  private ChunkedLoops() {}

  /**
   * The qualifying loops of {@code code}. {@code starts} are the pcs where instructions start, in
   * order; {@code targets} the pcs branches go to; {@code branches} counts the branches to each pc;
   * {@code taken} marks loop heads another shape has taken (or whose body is counted).
   */
  static List<Loop> find(
      int[] code, int[] starts, boolean[] targets, int[] branches, boolean[] taken) {
    List<Loop> loops = new ArrayList<>();
    for (int n = 0; n < starts.length; n++) {
      int pc = starts[n];
      int op = code[pc];
      if (op != Opcodes.JUMP_IF
          || code[pc + 1] > pc
          || branches[code[pc + 1]] != 1
          || taken[code[pc + 1]]) {
        continue;
      }
      int head = code[pc + 1];
      if (ShortLoops.trips(code, starts, targets, n) > ShortLoops.MAX_TRIPS
          && straight(code, starts, targets, head, n)) {
        loops.add(new Loop(head, pc));
      }
    }
    return loops;
  }

  /**
   * Whether the instructions after {@code head} up to the back edge (instruction {@code n}) are
   * straight-line: no branch target among them, and no branch but forward ones out of the loop (so
   * no loop inside either).
   */
  private static boolean straight(int[] code, int[] starts, boolean[] targets, int head, int n) {
    int k = n;
    while (k > 0 && starts[k - 1] >= head) {
      k--;
    }
    // k: the head's instruction.
    for (int i = k; i <= n; i++) {
      int pc = starts[i];
      if (i > k && targets[pc]) {
        return false;
      }
      if (i == n) {
        break;
      }
      int op = code[pc];
      switch (op) {
        case Opcodes.JUMP_IF, Opcodes.JUMP_IF_ZERO, Opcodes.BR_IF_DROP -> {
          if (code[pc + 1] <= starts[n]) {
            return false;
          }
        }
        case Opcodes.JUMP, Opcodes.BR_DROP, Opcodes.BR_TABLE -> {
          return false;
        }
        default -> {}
      }
    }
    return true;
  }

  /** Emits, at the head of {@code l} after its safe point, {@code k = 0} and the body's label. */
  static void enter(Frame f, Loop l) {
    if (l.countSlot < 0) {
      l.countSlot = f.newLocal(1);
    }
    f.mv.visitInsn(ICONST_0);
    f.mv.visitVarInsn(ISTORE, l.countSlot);
    f.mv.visitLabel(l.body);
  }

  /**
   * Emits the taken back edge of {@code l} (the loop's test held): {@code ++k < MAX_TRIPS} jumps
   * into the body, otherwise to {@code head} (a new chunk after the head's safe point).
   */
  static void backEdge(Frame f, Loop l, Label head) {
    MethodVisitor mv = f.mv;
    if (l.countSlot >= 0) {
      mv.visitIincInsn(l.countSlot, 1);
      mv.visitVarInsn(ILOAD, l.countSlot);
      Values.pushInt(mv, (int) ShortLoops.MAX_TRIPS);
      mv.visitJumpInsn(IF_ICMPLT, l.body);
    }
    mv.visitJumpInsn(GOTO, head);
  }
}
