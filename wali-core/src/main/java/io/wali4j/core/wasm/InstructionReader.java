package io.wali4j.core.wasm;

import java.util.List;

/**
 * Decodes the parts of instructions (spec 5.4) that {@link CodeValidator} and {@link BodyDecoder}
 * share: opcodes with their prefixes, block types, value and reference types, and reserved zero
 * bytes. Opcodes of proposals the engine does not implement are {@link Failure#UNSUPPORTED_FEATURE}
 * naming the proposal; bytes that are no opcode at all are {@link Failure#ILLEGAL_OPCODE}, as in
 * the spec interpreter.
 */
final class InstructionReader {

  private static final FuncType[] SINGLE = new FuncType[ValType.values().length];

  /** Value type ordinal by its binary code, -1 where the byte is no value type. */
  private static final int[] TYPE_BY_CODE = new int[256];

  static {
    java.util.Arrays.fill(TYPE_BY_CODE, -1);
    for (ValType t : ValType.values()) {
      SINGLE[t.ordinal()] = new FuncType(new ValType[0], new ValType[] {t});
      TYPE_BY_CODE[t.code()] = t.ordinal();
    }
  }

  private InstructionReader() {}

  /** Reads an opcode and returns its {@link Opcodes} id. */
  static int opcode(ByteReader r) {
    int at = r.position();
    int b = r.u8();
    if (b == 0xFC || b == 0xFE) {
      int sub = r.u32();
      int id = (b == 0xFC ? 0x100 : 0x200) | (sub & 0xFF);
      if (sub >>> 8 != 0 || !Opcodes.isKnown(id)) {
        throw fail(
            Failure.ILLEGAL_OPCODE,
            at,
            "0x" + Integer.toHexString(b) + " " + Integer.toUnsignedString(sub));
      }
      return id;
    }
    if (Opcodes.isKnown(b)) {
      return b;
    }
    String proposal = unsupportedProposal(b);
    if (proposal != null) {
      throw fail(Failure.UNSUPPORTED_FEATURE, at, proposal + " opcode 0x" + Integer.toHexString(b));
    }
    throw fail(Failure.ILLEGAL_OPCODE, at, "0x" + Integer.toHexString(b));
  }

  /** The proposal that defines opcode (or prefix) {@code b}, for those we decline. */
  private static String unsupportedProposal(int b) {
    if (b == 0xFD) {
      return "SIMD";
    } else if (b == 0xFB) {
      return "GC";
    } else if (b >= 0x06 && b <= 0x0A || b == 0x18 || b == 0x19 || b == 0x1F) {
      return "exception handling";
    } else if (b == 0x12 || b == 0x13) {
      return "tail call";
    } else if (b == 0x14 || b == 0x15 || b >= 0xD3 && b <= 0xD6) {
      return "typed function references";
    }
    return null;
  }

  /**
   * A block type (spec 5.4.1): empty, one value type, or a type index as an s33, as the function
   * type it stands for.
   */
  static FuncType blockType(ByteReader r, List<FuncType> types) {
    int at = r.position();
    if (r.atEnd()) {
      r.u8(); // throws the right "unexpected end"
    }
    int b = r.bytes()[at] & 0xFF;
    if (b == 0x40) {
      r.u8();
      return FuncType.VOID;
    }
    int t = TYPE_BY_CODE[b];
    if (t >= 0) {
      r.u8();
      if (t == ValType.V128.ordinal()) {
        throw fail(Failure.UNSUPPORTED_FEATURE, at, "v128 block type (SIMD)");
      }
      return SINGLE[t];
    }
    long x = r.s33();
    if (x < 0) {
      throw fail(Failure.MALFORMED_VALUE_TYPE, at, "block type " + x);
    }
    if (types == null) {
      return null;
    }
    if (x >= types.size()) {
      throw fail(Failure.UNKNOWN_TYPE, at, "block type " + x);
    }
    return types.get((int) x);
  }

  /** A value type's ordinal. */
  static int valType(ByteReader r) {
    int at = r.position();
    int t = TYPE_BY_CODE[r.u8()];
    if (t < 0) {
      throw fail(Failure.MALFORMED_VALUE_TYPE, at, null);
    }
    if (t == ValType.V128.ordinal()) {
      throw fail(Failure.UNSUPPORTED_FEATURE, at, "v128 (SIMD)");
    }
    return t;
  }

  /** A reference type's ordinal. */
  static int refType(ByteReader r) {
    int at = r.position();
    int b = r.u8();
    if (b == ValType.FUNCREF.code()) {
      return ValType.FUNCREF.ordinal();
    } else if (b == ValType.EXTERNREF.code()) {
      return ValType.EXTERNREF.ordinal();
    }
    throw fail(Failure.MALFORMED_REFERENCE_TYPE, at, "0x" + Integer.toHexString(b));
  }

  /** A reserved byte that must be zero (memory indices before multi-memory). */
  static void zeroByte(ByteReader r) {
    int at = r.position();
    if (r.u8() != 0) {
      throw fail(Failure.ZERO_BYTE_EXPECTED, at, null);
    }
  }

  private static WasmException fail(Failure f, int at, String detail) {
    return new WasmException(f, "at byte offset " + at + (detail == null ? "" : ": " + detail));
  }
}
