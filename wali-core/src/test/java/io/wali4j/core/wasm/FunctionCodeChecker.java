package io.wali4j.core.wasm;

import java.util.BitSet;

/**
 * Walks a {@link FunctionCode} by the immediate counts of its javadoc contract and checks what the
 * interpreter relies on: the stream ends with RETURN, every instruction id is known, every branch
 * target is an instruction start, every keep + arity stays within the frame, and offsets are 0 on
 * immediates.
 */
final class FunctionCodeChecker {

  private FunctionCodeChecker() {}

  /** Number of immediates following instruction {@code id} at {@code pc}. */
  static int immediates(int[] code, int pc) {
    int id = code[pc];
    switch (id) {
      case Opcodes.JUMP, Opcodes.JUMP_IF_ZERO, Opcodes.JUMP_IF:
        return 1;
      case Opcodes.BR_DROP, Opcodes.BR_IF_DROP:
        return 3;
      case Opcodes.BR_TABLE:
        return 1 + 3 * (code[pc + 1] + 1);
      case Opcodes.CALL_INDIRECT, Opcodes.TABLE_COPY, Opcodes.TABLE_INIT:
        return 2;
      case Opcodes.REF_NULL, Opcodes.SELECT, Opcodes.SELECT_T:
        return 0;
      default:
        break;
    }
    return switch (Opcodes.imm(id)) {
      case FUNC, LOCAL, GLOBAL, TABLE, MEMARG, I32, F32, MEMORY_INIT, DATA, ELEM -> 1;
      case I64, F64 -> 2;
      case NONE, MEMORY, MEMORY_COPY, MEMORY_FILL, ATOMIC_FENCE -> 0;
      default -> throw new AssertionError("id " + id + " must not be emitted");
    };
  }

  static void check(FunctionCode fc) {
    int[] code = fc.code();
    BitSet starts = new BitSet();
    int pc = 0;
    int last = -1;
    while (pc < code.length) {
      if (!Opcodes.isKnown(code[pc])) {
        throw new AssertionError("unknown id " + code[pc] + " at " + pc);
      }
      starts.set(pc);
      last = pc;
      int n = immediates(code, pc);
      for (int i = 1; i <= n; i++) {
        if (fc.offsets()[pc + i] != 0) {
          throw new AssertionError("offset on an immediate at " + (pc + i));
        }
      }
      pc += 1 + n;
    }
    if (pc != code.length || last < 0 || code[last] != Opcodes.RETURN) {
      throw new AssertionError("code must end with RETURN");
    }
    int limit = fc.numLocals() + fc.maxStackHeight();
    for (pc = 0; pc < code.length; pc += 1 + immediates(code, pc)) {
      switch (code[pc]) {
        case Opcodes.JUMP, Opcodes.JUMP_IF_ZERO, Opcodes.JUMP_IF ->
            target(starts, code[pc + 1], pc);
        case Opcodes.BR_DROP, Opcodes.BR_IF_DROP -> {
          target(starts, code[pc + 1], pc);
          frame(code[pc + 2], code[pc + 3], limit, pc);
        }
        case Opcodes.BR_TABLE -> {
          for (int i = 0; i <= code[pc + 1]; i++) {
            int t = pc + 2 + 3 * i;
            target(starts, code[t], pc);
            frame(code[t + 1], code[t + 2], limit, pc);
          }
        }
        default -> {
          // no target
        }
      }
    }
  }

  private static void target(BitSet starts, int target, int pc) {
    if (!starts.get(target)) {
      throw new AssertionError("branch at " + pc + " to " + target + ", not an instruction");
    }
  }

  private static void frame(int arity, int keep, int limit, int pc) {
    if (arity < 0 || keep < 0 || keep + arity > limit) {
      throw new AssertionError(
          "branch at " + pc + " keeps " + keep + "+" + arity + " beyond the frame of " + limit);
    }
  }
}
