package io.wali4j.core.wasm;

/** The kinds of importable and exportable entities, with their binary codes (spec 5.5.5). */
public enum ExternKind {
  FUNC,
  TABLE,
  MEMORY,
  GLOBAL;

  public static ExternKind fromCode(int code) {
    return code >= 0 && code < 4 ? values()[code] : null;
  }
}
