package io.wali4j.core.wasm;

/** The spec's taxonomy of failures (spec appendix on the script format, and 4.5). */
public enum ErrorKind {
  /** The bytes are not a module (decoding failed). */
  MALFORMED,
  /** The module decodes but breaks a validation rule. */
  INVALID,
  /** An import cannot be satisfied. */
  UNLINKABLE,
  /** Instantiation failed after linking (a segment out of bounds, a trap in start). */
  UNINSTANTIABLE,
  /** Execution trapped. */
  TRAP,
  /** A resource ran out (call stack). */
  EXHAUSTION
}
