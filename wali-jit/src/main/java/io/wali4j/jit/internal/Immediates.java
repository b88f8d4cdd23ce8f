package io.wali4j.jit.internal;

import io.wali4j.core.wasm.Opcodes;

/** Lengths of instructions in the pre-decoded form (see {@code FunctionCode}'s encoding). */
final class Immediates {

  private static final int[] COUNT = new int[Opcodes.ID_LIMIT];

  static {
    for (int op = 0; op < Opcodes.ID_LIMIT; op++) {
      if (!Opcodes.isKnown(op)) {
        continue;
      }
      switch (Opcodes.imm(op)) {
        case MEMARG:
        case LOCAL:
        case GLOBAL:
        case FUNC:
        case I32:
        case F32:
        case TABLE:
        case ELEM:
        case DATA:
        case MEMORY_INIT:
          COUNT[op] = 1;
          break;
        case I64:
        case F64:
        case CALL_INDIRECT:
        case TABLE_COPY:
        case TABLE_INIT:
          COUNT[op] = 2;
          break;
        default:
          break;
      }
    }
    COUNT[Opcodes.JUMP] = 1;
    COUNT[Opcodes.JUMP_IF] = 1;
    COUNT[Opcodes.JUMP_IF_ZERO] = 1;
    COUNT[Opcodes.BR_DROP] = 3;
    COUNT[Opcodes.BR_IF_DROP] = 3;
  }

  private Immediates() {}

  /** The number of ints the instruction at {@code pc} occupies, opcode included. */
  static int length(int[] code, int pc) {
    int op = code[pc];
    if (op == Opcodes.BR_TABLE) {
      return 2 + 3 * (code[pc + 1] + 1);
    }
    return 1 + COUNT[op];
  }
}
