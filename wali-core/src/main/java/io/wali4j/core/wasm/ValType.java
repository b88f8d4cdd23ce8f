package io.wali4j.core.wasm;

/** A WebAssembly value type (spec 2.3.1, 2.3.2) with its binary encoding (spec 5.3.1). */
public enum ValType {
  I32(0x7F),
  I64(0x7E),
  F32(0x7D),
  F64(0x7C),
  V128(0x7B),
  FUNCREF(0x70),
  EXTERNREF(0x6F);

  private final int code;

  ValType(int code) {
    this.code = code;
  }

  /** The byte that encodes this type in the binary format. */
  public int code() {
    return code;
  }

  public boolean isReference() {
    return this == FUNCREF || this == EXTERNREF;
  }

  public boolean isNumeric() {
    return this == I32 || this == I64 || this == F32 || this == F64;
  }

  /** The type encoded by {@code code}, or null when the byte encodes no value type. */
  public static ValType fromCode(int code) {
    for (ValType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** The text-format name, as in {@code i32} or {@code funcref}. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
