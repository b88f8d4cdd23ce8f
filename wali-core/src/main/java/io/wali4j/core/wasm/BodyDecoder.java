package io.wali4j.core.wasm;

/**
 * Decodes function bodies without typing them. The spec interpreter decodes a whole module before
 * it validates any of it, so a module that is both malformed (in some body) and invalid must be
 * reported as malformed; {@link Validator} runs this scan only when it found a module invalid, to
 * keep that precedence without a second pass over valid modules.
 */
final class BodyDecoder {

  private static final int IF_FRAME = 1;
  private static final int OTHER_FRAME = 0;

  private final Module module;
  private final ByteReader r;
  private int[] frames = new int[16];

  private BodyDecoder(Module module) {
    this.module = module;
    this.r = new ByteReader(module.bytes(), 0, 0);
  }

  /** Throws the first decoding ({@link ErrorKind#MALFORMED}) failure of any body, if any. */
  static void requireWellFormed(Module module) {
    BodyDecoder d = new BodyDecoder(module);
    int first = module.importedFunctionCount();
    for (int i = 0; i < module.bodies().size(); i++) {
      FunctionBody body = module.bodies().get(i);
      try {
        d.decode(body);
      } catch (WasmException e) {
        if (e.kind() == ErrorKind.MALFORMED) {
          throw new WasmException(
              e.failure(),
              "in function "
                  + (first + i)
                  + " ("
                  + module.functionName(first + i)
                  + "), "
                  + e.getMessage());
        }
        // An unsupported proposal stops the scan of this body; it is not malformed.
      }
    }
  }

  private void decode(FunctionBody body) {
    r.limit(body.end());
    r.position(body.start());
    int depth = 1;
    frames[0] = OTHER_FRAME;
    while (depth > 0) {
      int op = InstructionReader.opcode(r);
      switch (op) {
        case Opcodes.BLOCK, Opcodes.LOOP, Opcodes.IF -> {
          InstructionReader.blockType(r, null);
          if (depth == frames.length) {
            frames = java.util.Arrays.copyOf(frames, depth * 2);
          }
          frames[depth++] = op == Opcodes.IF ? IF_FRAME : OTHER_FRAME;
        }
        case Opcodes.ELSE -> {
          if (frames[depth - 1] != IF_FRAME) {
            throw r.fail(Failure.END_OPCODE_EXPECTED);
          }
          frames[depth - 1] = OTHER_FRAME;
        }
        case Opcodes.END -> depth--;
        default -> immediates(op);
      }
    }
    if (!r.atEnd()) {
      throw r.fail(Failure.SECTION_SIZE_MISMATCH);
    }
  }

  private void immediates(int op) {
    switch (Opcodes.imm(op)) {
      case LABEL, FUNC, LOCAL, GLOBAL, TABLE, ELEM -> r.u32();
      case CALL_INDIRECT, MEMARG, TABLE_INIT, TABLE_COPY -> {
        r.u32();
        r.u32();
      }
      case BR_TABLE -> {
        int n = r.vecLength();
        for (int i = 0; i <= n; i++) {
          r.u32();
        }
      }
      case MEMORY, MEMORY_FILL, ATOMIC_FENCE -> zeroByte();
      case MEMORY_COPY -> {
        zeroByte();
        zeroByte();
      }
      case I32 -> r.s32();
      case I64 -> r.s64();
      case F32 -> r.f32Bits();
      case F64 -> r.f64Bits();
      case SELECT_T -> {
        int n = r.vecLength();
        for (int i = 0; i < n; i++) {
          InstructionReader.valType(r);
        }
      }
      case REF_NULL -> InstructionReader.refType(r);
      case MEMORY_INIT, DATA -> {
        r.u32();
        if (op == Opcodes.MEMORY_INIT) {
          zeroByte();
        }
        if (module.dataCount() < 0) {
          throw r.fail(Failure.DATA_COUNT_REQUIRED);
        }
      }
      default -> {
        // NONE: no immediates
      }
    }
  }

  private void zeroByte() {
    InstructionReader.zeroByte(r);
  }
}
