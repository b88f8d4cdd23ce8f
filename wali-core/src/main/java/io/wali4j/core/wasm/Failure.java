package io.wali4j.core.wasm;

/**
 * Every failure the engine reports, with its kind and the exact message of the spec's reference
 * interpreter, so spec-test assertions compare messages. Parser, validator, linker and both
 * execution tiers use this one table.
 */
public enum Failure {
  // ---- malformed (binary decoding, spec 5) ----
  UNEXPECTED_END(ErrorKind.MALFORMED, "unexpected end"),
  UNEXPECTED_END_OF_SECTION(ErrorKind.MALFORMED, "unexpected end of section or function"),
  MAGIC_HEADER(ErrorKind.MALFORMED, "magic header not detected"),
  UNKNOWN_VERSION(ErrorKind.MALFORMED, "unknown binary version"),
  MALFORMED_SECTION_ID(ErrorKind.MALFORMED, "malformed section id"),
  SECTION_SIZE_MISMATCH(ErrorKind.MALFORMED, "section size mismatch"),
  INTEGER_TOO_LONG(ErrorKind.MALFORMED, "integer representation too long"),
  INTEGER_TOO_LARGE(ErrorKind.MALFORMED, "integer too large"),
  LENGTH_OUT_OF_BOUNDS(ErrorKind.MALFORMED, "length out of bounds"),
  MALFORMED_UTF8(ErrorKind.MALFORMED, "malformed UTF-8 encoding"),
  TOO_MANY_LOCALS(ErrorKind.MALFORMED, "too many locals"),
  FUNCTION_CODE_MISMATCH(
      ErrorKind.MALFORMED, "function and code section have inconsistent lengths"),
  DATA_COUNT_MISMATCH(ErrorKind.MALFORMED, "data count and data section have inconsistent lengths"),
  DATA_COUNT_REQUIRED(ErrorKind.MALFORMED, "data count section required"),
  ILLEGAL_OPCODE(ErrorKind.MALFORMED, "illegal opcode"),
  MALFORMED_REFERENCE_TYPE(ErrorKind.MALFORMED, "malformed reference type"),
  MALFORMED_VALUE_TYPE(ErrorKind.MALFORMED, "malformed value type"),
  MALFORMED_MUTABILITY(ErrorKind.MALFORMED, "malformed mutability"),
  MALFORMED_IMPORT_KIND(ErrorKind.MALFORMED, "malformed import kind"),
  MALFORMED_EXPORT_KIND(ErrorKind.MALFORMED, "malformed export kind"),
  MALFORMED_ELEMENTS_KIND(ErrorKind.MALFORMED, "malformed elements segment kind"),
  MALFORMED_DATA_KIND(ErrorKind.MALFORMED, "malformed data segment kind"),
  MALFORMED_FUNCTION_TYPE(ErrorKind.MALFORMED, "malformed function type"),
  MALFORMED_LIMITS_FLAGS(ErrorKind.MALFORMED, "malformed limits flags"),
  ZERO_BYTE_EXPECTED(ErrorKind.MALFORMED, "zero byte expected"),
  JUNK_AFTER_LAST_SECTION(ErrorKind.MALFORMED, "junk after last section"),
  END_OPCODE_EXPECTED(ErrorKind.MALFORMED, "END opcode expected"),

  // ---- invalid (validation, spec 3) ----
  TYPE_MISMATCH(ErrorKind.INVALID, "type mismatch"),
  UNKNOWN_LOCAL(ErrorKind.INVALID, "unknown local"),
  UNKNOWN_GLOBAL(ErrorKind.INVALID, "unknown global"),
  UNKNOWN_FUNCTION(ErrorKind.INVALID, "unknown function"),
  UNKNOWN_TABLE(ErrorKind.INVALID, "unknown table"),
  UNKNOWN_MEMORY(ErrorKind.INVALID, "unknown memory"),
  UNKNOWN_TYPE(ErrorKind.INVALID, "unknown type"),
  UNKNOWN_LABEL(ErrorKind.INVALID, "unknown label"),
  UNKNOWN_ELEM_SEGMENT(ErrorKind.INVALID, "unknown elem segment"),
  UNKNOWN_DATA_SEGMENT(ErrorKind.INVALID, "unknown data segment"),
  IMMUTABLE_GLOBAL(ErrorKind.INVALID, "global is immutable"),
  ALIGNMENT_TOO_LARGE(ErrorKind.INVALID, "alignment must not be larger than natural"),
  ATOMIC_ALIGNMENT(ErrorKind.INVALID, "alignment must be exactly natural"),
  CONSTANT_EXPRESSION_REQUIRED(ErrorKind.INVALID, "constant expression required"),
  DUPLICATE_EXPORT(ErrorKind.INVALID, "duplicate export name"),
  MULTIPLE_MEMORIES(ErrorKind.INVALID, "multiple memories"),
  MEMORY_SIZE_LIMIT(ErrorKind.INVALID, "memory size must be at most 65536 pages (4GiB)"),
  TABLE_SIZE_LIMIT(ErrorKind.INVALID, "table size must be at most 2^32-1"),
  LIMITS_MIN_GREATER_THAN_MAX(ErrorKind.INVALID, "size minimum must not be greater than maximum"),
  SHARED_MEMORY_NEEDS_MAX(ErrorKind.INVALID, "shared memory must have maximum"),
  START_FUNCTION(ErrorKind.INVALID, "start function"),
  UNDECLARED_FUNCTION_REFERENCE(ErrorKind.INVALID, "undeclared function reference"),
  INVALID_RESULT_ARITY(ErrorKind.INVALID, "invalid result arity"),
  UNSUPPORTED_FEATURE(ErrorKind.INVALID, "unsupported feature"),

  // ---- unlinkable / uninstantiable ----
  UNKNOWN_IMPORT(ErrorKind.UNLINKABLE, "unknown import"),
  INCOMPATIBLE_IMPORT(ErrorKind.UNLINKABLE, "incompatible import type"),

  // ---- traps (spec 4.4) ----
  UNREACHABLE(ErrorKind.TRAP, "unreachable"),
  INTEGER_DIVIDE_BY_ZERO(ErrorKind.TRAP, "integer divide by zero"),
  INTEGER_OVERFLOW(ErrorKind.TRAP, "integer overflow"),
  INVALID_CONVERSION(ErrorKind.TRAP, "invalid conversion to integer"),
  OUT_OF_BOUNDS_MEMORY(ErrorKind.TRAP, "out of bounds memory access"),
  OUT_OF_BOUNDS_TABLE(ErrorKind.TRAP, "out of bounds table access"),
  UNDEFINED_ELEMENT(ErrorKind.TRAP, "undefined element"),
  UNINITIALIZED_ELEMENT(ErrorKind.TRAP, "uninitialized element"),
  INDIRECT_CALL_TYPE_MISMATCH(ErrorKind.TRAP, "indirect call type mismatch"),
  UNALIGNED_ATOMIC(ErrorKind.TRAP, "unaligned atomic"),
  EXPECTED_SHARED_MEMORY(ErrorKind.TRAP, "expected shared memory"),
  /** WALI longjmp to a buffer no live setjmp of this thread filled (C leaves it undefined). */
  INVALID_LONGJMP(ErrorKind.TRAP, "invalid longjmp"),

  // ---- exhaustion ----
  CALL_STACK_EXHAUSTED(ErrorKind.EXHAUSTION, "call stack exhausted"),
  FUEL_EXHAUSTED(ErrorKind.EXHAUSTION, "fuel exhausted"),
  // ---- the host's limits (not in the spec: an embedder's resource limits) ----
  MEMORY_LIMIT(ErrorKind.UNINSTANTIABLE, "memory minimum exceeds the memory limit"),
  TABLE_LIMIT(ErrorKind.UNINSTANTIABLE, "table minimum exceeds the table limit");

  private final ErrorKind kind;
  private final String message;

  Failure(ErrorKind kind, String message) {
    this.kind = kind;
    this.message = message;
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The spec's message for this failure. */
  public String message() {
    return message;
  }
}
