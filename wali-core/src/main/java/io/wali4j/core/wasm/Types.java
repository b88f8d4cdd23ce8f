package io.wali4j.core.wasm;

/** Decoding of the type encodings shared by several sections (spec 5.3). */
final class Types {

  private Types() {}

  /** A value type (spec 5.3.1, 5.3.2, 5.3.3). */
  static ValType valType(ByteReader r) {
    int at = r.position();
    ValType t = ValType.fromCode(r.u8());
    if (t == null) {
      throw ByteReader.fail(Failure.MALFORMED_VALUE_TYPE, at);
    }
    return t;
  }

  /** A reference type (spec 5.3.3). */
  static ValType refType(ByteReader r) {
    int at = r.position();
    int code = r.u8();
    if (code == ValType.FUNCREF.code()) {
      return ValType.FUNCREF;
    } else if (code == ValType.EXTERNREF.code()) {
      return ValType.EXTERNREF;
    }
    throw ByteReader.fail(Failure.MALFORMED_REFERENCE_TYPE, at);
  }

  /** A function type (spec 5.3.6): {@code 0x60} then parameter and result vectors. */
  static FuncType funcType(ByteReader r) {
    int at = r.position();
    if (r.u8() != 0x60) {
      throw ByteReader.fail(Failure.MALFORMED_FUNCTION_TYPE, at);
    }
    ValType[] params = valTypes(r);
    ValType[] results = valTypes(r);
    if (params.length == 0 && results.length == 0) {
      return FuncType.VOID;
    }
    return new FuncType(params, results);
  }

  private static ValType[] valTypes(ByteReader r) {
    int n = r.vecLength();
    ValType[] out = new ValType[n];
    for (int i = 0; i < n; i++) {
      out[i] = valType(r);
    }
    return out;
  }

  /**
   * Limits (spec 5.3.7). Memories accept the threads proposal's shared flag (bit 1); tables do not.
   */
  static Limits limits(ByteReader r, boolean memory) {
    int at = r.position();
    int flags = r.u8();
    int allowed = memory ? 0x03 : 0x01;
    if ((flags & ~allowed) != 0) {
      throw ByteReader.fail(Failure.MALFORMED_LIMITS_FLAGS, at);
    }
    long min = r.u32() & 0xFFFFFFFFL;
    long max = (flags & 0x01) != 0 ? r.u32() & 0xFFFFFFFFL : Limits.NO_MAX;
    return new Limits(min, max, (flags & 0x02) != 0);
  }

  static TableType tableType(ByteReader r) {
    ValType elem = refType(r);
    return new TableType(elem, limits(r, false));
  }

  static MemoryType memoryType(ByteReader r) {
    return new MemoryType(limits(r, true));
  }

  /** A global type (spec 5.3.10): value type and a mutability byte 0 or 1. */
  static GlobalType globalType(ByteReader r) {
    ValType t = valType(r);
    int at = r.position();
    int mut = r.u8();
    if (mut > 1) {
      throw ByteReader.fail(Failure.MALFORMED_MUTABILITY, at);
    }
    return new GlobalType(t, mut == 1);
  }
}
