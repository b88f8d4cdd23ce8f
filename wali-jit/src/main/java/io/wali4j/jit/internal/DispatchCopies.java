package io.wali4j.jit.internal;

import io.wali4j.core.wasm.Opcodes;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Which code a region of a split function copies instead of leaving for it ({@link RegionPlanner},
 * {@link RegionEmitter}): an interpreter's dispatch. A case of {@code luaV_execute} or {@code
 * sqlite3VdbeExec} ends with a branch to the code that fetches the next instruction ({@code pc++}
 * and a jump back to the loop head, whose {@code br_table} picks the next case); when that code is
 * in another region, every opcode crosses twice (to the dispatch's region, then to the next
 * case's). A region that copies the dispatch runs it itself, jumps straight to the next case when
 * that case is in the region, and otherwise leaves once, for the case's own entry.
 *
 * <p>The code copied from a branch target {@code x} outside the region is a trace: straight-line
 * instructions that cannot call, branch conditionally or return, joined by unconditional jumps
 * ({@code JUMP}, no value moved) that lead outside the region, and ending at a {@code br_table} or
 * at a jump into the region. At most {@link #MAX_INSTRUCTIONS} instructions ({@code
 * wali4j.jit.dispatchCopy}; 0, the default, copies nothing); a trace that would run into the region
 * without a jump, or loop, is not copied. The copy computes what the original computes from the
 * same values, traps where it traps, and passes a safe point where the original passes a loop head.
 */
final class DispatchCopies {

  /**
   * The most instructions a copy holds; 0, the default, turns copying off: on lua's and sqlite3's
   * workloads the copies were level with none (benchmarks/RESULTS.md), and they make the split
   * functions' code 14-22% larger for HotSpot to compile. 32 copies every dispatch of both.
   */
  static final int MAX_INSTRUCTIONS = Integer.getInteger("wali4j.jit.dispatchCopy", 0);

  private static volatile int maxInstructions = MAX_INSTRUCTIONS;

  private DispatchCopies() {}

  /** Sets the most instructions a copy holds (tests; 0 copies nothing); returns the previous. */
  static int maxInstructions(int n) {
    int previous = maxInstructions;
    maxInstructions = n;
    return previous;
  }

  /**
   * The instructions a region {@code [from, to)} copies for a branch to {@code x} outside it, in
   * order (a {@code JUMP} followed by its target's instructions), or null when it leaves for {@code
   * x} instead.
   */
  static int[] trace(int[] code, int x, int from, int to) {
    int limit = maxInstructions;
    int[] pcs = new int[Math.max(0, limit)];
    int n = 0;
    BitSet seen = new BitSet();
    int pc = x;
    while (n < limit) {
      if (pc >= code.length || (pc >= from && pc < to) || seen.get(pc)) {
        return null;
      }
      seen.set(pc);
      pcs[n++] = pc;
      int op = code[pc];
      if (op == Opcodes.BR_TABLE) {
        return Arrays.copyOf(pcs, n);
      }
      if (op == Opcodes.JUMP) {
        int y = code[pc + 1];
        if (y >= from && y < to) {
          return Arrays.copyOf(pcs, n);
        }
        pc = y;
        continue;
      }
      if (!copyable(op)) {
        return null;
      }
      pc += Immediates.length(code, pc);
    }
    return null;
  }

  /**
   * Whether {@code op} may be copied: locals, globals, plain loads and stores, constants, numeric
   * operations, {@code drop} and {@code select}. Not a branch, call, return or anything else whose
   * emission reads per-pc state of the original (capture sites, labels, memory reloads).
   */
  private static boolean copyable(int op) {
    return (op >= Opcodes.LOCAL_GET && op <= Opcodes.GLOBAL_SET)
        || (op >= Opcodes.I32_LOAD && op <= Opcodes.I64_STORE32)
        || (op >= Opcodes.I32_CONST && op <= Opcodes.I64_EXTEND32_S)
        || op == Opcodes.DROP
        || op == Opcodes.SELECT;
  }
}
