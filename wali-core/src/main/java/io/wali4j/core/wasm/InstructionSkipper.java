package io.wali4j.core.wasm;

/**
 * Steps over encoded instructions without interpreting them, driven by the immediate kinds of
 * {@link Opcodes}. The parser uses it to find where a constant expression ends (spec 5.4.9: {@code
 * expr ::= instr* 0x0B}); what the instructions mean, and whether they are constant, is the
 * validator's business. Bytes that do not decode as instructions are malformed.
 */
final class InstructionSkipper {

  private InstructionSkipper() {}

  /**
   * Skips an expression starting at the reader's position, up to and including the {@code end} that
   * closes it (nested blocks included), and returns the position after that {@code end}.
   */
  static int skipExpression(ByteReader r) {
    int depth = 0;
    while (true) {
      int id = readOpcode(r);
      if (id == Opcodes.END) {
        if (depth == 0) {
          return r.position();
        }
        depth--;
      } else if (id == Opcodes.BLOCK || id == Opcodes.LOOP || id == Opcodes.IF) {
        depth++;
      }
      skipImmediates(r, id);
    }
  }

  /** Reads an opcode, prefixed or not, and returns its {@link Opcodes} id. */
  static int readOpcode(ByteReader r) {
    int start = r.position();
    int b = r.u8();
    int id;
    if (b == 0xFC || b == 0xFE) {
      long sub = r.u32() & 0xFFFFFFFFL;
      if (sub >= 0x100) {
        throw ByteReader.fail(Failure.ILLEGAL_OPCODE, start);
      }
      id = (b == 0xFC ? 0x100 : 0x200) + (int) sub;
    } else {
      id = b;
    }
    if (!Opcodes.isKnown(id) || Opcodes.imm(id) == Opcodes.Imm.INTERNAL) {
      throw ByteReader.fail(Failure.ILLEGAL_OPCODE, start);
    }
    return id;
  }

  /** Skips the immediates of instruction {@code id}, whose opcode has just been read. */
  static void skipImmediates(ByteReader r, int id) {
    switch (Opcodes.imm(id)) {
      case NONE -> {}
      case BLOCKTYPE -> r.s33();
      case LABEL, FUNC, LOCAL, GLOBAL, TABLE, DATA, ELEM -> r.u32();
      case BR_TABLE -> {
        int n = r.vecLength();
        for (int i = 0; i <= n; i++) {
          r.u32();
        }
      }
      case CALL_INDIRECT, TABLE_INIT, TABLE_COPY, MEMARG -> {
        r.u32();
        r.u32();
      }
      case MEMORY, MEMORY_FILL, ATOMIC_FENCE -> zeroByte(r);
      case MEMORY_INIT -> {
        r.u32();
        zeroByte(r);
      }
      case MEMORY_COPY -> {
        zeroByte(r);
        zeroByte(r);
      }
      case I32 -> r.s32();
      case I64 -> r.s64();
      case F32 -> r.skip(4);
      case F64 -> r.skip(8);
      case SELECT_T -> {
        int n = r.vecLength();
        for (int i = 0; i < n; i++) {
          Types.valType(r);
        }
      }
      case REF_NULL -> Types.refType(r);
      case INTERNAL -> throw r.fail(Failure.ILLEGAL_OPCODE);
    }
  }

  private static void zeroByte(ByteReader r) {
    int at = r.position();
    if (r.u8() != 0) {
      throw ByteReader.fail(Failure.ZERO_BYTE_EXPECTED, at);
    }
  }
}
