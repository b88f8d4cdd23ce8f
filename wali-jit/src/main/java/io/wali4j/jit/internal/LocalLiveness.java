package io.wali4j.jit.internal;

import io.wali4j.core.wasm.Opcodes;
import java.util.ArrayDeque;
import java.util.BitSet;

/**
 * Which Wasm locals are live (may be read before they are written) at given points of a function's
 * pre-decoded code: the usual backward data flow over basic blocks. A split function's regions load
 * only the locals live where they are entered and store only those live where they exit to ({@link
 * RegionEmitter}), so a crossing between regions moves a handful of values, not every local the
 * region touches.
 */
final class LocalLiveness {

  private LocalLiveness() {}

  /** The locals live at each of {@code points} (pcs where an instruction starts), in order. */
  static BitSet[] liveAt(int[] code, int[] points) {
    int n = code.length;
    boolean[] leader = new boolean[n + 1];
    leader[0] = true;
    for (int p : points) {
      leader[p] = true;
    }
    for (int pc = 0; pc < n; ) {
      int op = code[pc];
      int next = pc + Immediates.length(code, pc);
      switch (op) {
        case Opcodes.JUMP:
        case Opcodes.JUMP_IF:
        case Opcodes.JUMP_IF_ZERO:
        case Opcodes.BR_DROP:
        case Opcodes.BR_IF_DROP:
          leader[code[pc + 1]] = true;
          leader[next] = true;
          break;
        case Opcodes.BR_TABLE:
          for (int i = 0; i <= code[pc + 1]; i++) {
            leader[code[pc + 2 + 3 * i]] = true;
          }
          leader[next] = true;
          break;
        case Opcodes.RETURN:
        case Opcodes.UNREACHABLE:
          leader[next] = true;
          break;
        default:
          break;
      }
      pc = next;
    }
    // Blocks: starts in order; blockOf maps a leader pc to its block.
    int[] blockOf = new int[n + 1];
    int count = 0;
    for (int pc = 0; pc < n; pc += Immediates.length(code, pc)) {
      if (leader[pc]) {
        count++;
      }
    }
    int[] start = new int[count];
    int b = 0;
    for (int pc = 0; pc < n; pc += Immediates.length(code, pc)) {
      if (leader[pc]) {
        start[b] = pc;
        blockOf[pc] = b++;
      }
    }
    BitSet[] gen = new BitSet[count];
    BitSet[] kill = new BitSet[count];
    int[][] succ = new int[count][];
    for (b = 0; b < count; b++) {
      gen[b] = new BitSet();
      kill[b] = new BitSet();
      int end = b + 1 < count ? start[b + 1] : n;
      int last = start[b];
      for (int pc = start[b]; pc < end; pc += Immediates.length(code, pc)) {
        last = pc;
        int op = code[pc];
        if (op == Opcodes.LOCAL_GET) {
          if (!kill[b].get(code[pc + 1])) {
            gen[b].set(code[pc + 1]);
          }
        } else if (op == Opcodes.LOCAL_SET || op == Opcodes.LOCAL_TEE) {
          kill[b].set(code[pc + 1]);
        }
      }
      succ[b] = successors(code, last, end, blockOf, n);
    }
    // Predecessors, for the work list.
    int[] predCount = new int[count];
    for (b = 0; b < count; b++) {
      for (int s : succ[b]) {
        predCount[s]++;
      }
    }
    int[][] pred = new int[count][];
    for (b = 0; b < count; b++) {
      pred[b] = new int[predCount[b]];
      predCount[b] = 0;
    }
    for (b = 0; b < count; b++) {
      for (int s : succ[b]) {
        pred[s][predCount[s]++] = b;
      }
    }
    BitSet[] in = new BitSet[count];
    for (b = 0; b < count; b++) {
      in[b] = (BitSet) gen[b].clone();
    }
    ArrayDeque<Integer> work = new ArrayDeque<>();
    boolean[] queued = new boolean[count];
    for (b = count - 1; b >= 0; b--) {
      work.add(b);
      queued[b] = true;
    }
    while (!work.isEmpty()) {
      b = work.poll();
      queued[b] = false;
      BitSet out = new BitSet();
      for (int s : succ[b]) {
        out.or(in[s]);
      }
      out.andNot(kill[b]);
      out.or(gen[b]);
      if (!out.equals(in[b])) {
        in[b] = out;
        for (int p : pred[b]) {
          if (!queued[p]) {
            queued[p] = true;
            work.add(p);
          }
        }
      }
    }
    BitSet[] result = new BitSet[points.length];
    for (int i = 0; i < points.length; i++) {
      result[i] = points[i] < n ? in[blockOf[points[i]]] : new BitSet();
    }
    return result;
  }

  /** The blocks control goes to after the block whose last instruction is at {@code last}. */
  private static int[] successors(int[] code, int last, int end, int[] blockOf, int n) {
    int op = code[last];
    switch (op) {
      case Opcodes.JUMP:
      case Opcodes.BR_DROP:
        return new int[] {blockOf[code[last + 1]]};
      case Opcodes.JUMP_IF:
      case Opcodes.JUMP_IF_ZERO:
      case Opcodes.BR_IF_DROP:
        return end < n
            ? new int[] {blockOf[code[last + 1]], blockOf[end]}
            : new int[] {blockOf[code[last + 1]]};
      case Opcodes.BR_TABLE:
        {
          int k = code[last + 1] + 1;
          int[] s = new int[k];
          for (int i = 0; i < k; i++) {
            s[i] = blockOf[code[last + 2 + 3 * i]];
          }
          return s;
        }
      case Opcodes.RETURN:
      case Opcodes.UNREACHABLE:
        return new int[0];
      default:
        return end < n ? new int[] {blockOf[end]} : new int[0];
    }
  }
}
