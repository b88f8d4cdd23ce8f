package io.wali4j.core.spec;

import io.wali4j.core.spec.SpecCommand.Value;

/**
 * Converts script values to and from the engine's long encoding ({@link
 * io.wali4j.core.wasm.FunctionCode}): i32 as its sign-extended int, i64 as itself, f32/f64 as raw
 * bits, references as ids with -1 for null. Floats compare bit-exactly; the two NaN patterns of the
 * spec's script format ({@code nan:canonical}, {@code nan:arithmetic}) compare by class.
 */
final class SpecValues {

  private static final int F32_EXPONENT = 0x7f80_0000;
  private static final int F32_QUIET = 0x0040_0000;
  private static final long F64_EXPONENT = 0x7ff0_0000_0000_0000L;
  private static final long F64_QUIET = 0x0008_0000_0000_0000L;

  private SpecValues() {}

  /** The engine encoding of an argument. */
  static long encode(Value v) {
    return switch (v.type()) {
      case "i32", "f32" -> (int) Long.parseUnsignedLong(v.value());
      case "i64", "f64" -> Long.parseUnsignedLong(v.value());
      case "funcref", "externref" -> isNull(v) ? -1 : Long.parseLong(v.value());
      default -> throw new UnsupportedValueException(v.type());
    };
  }

  /** Whether {@code actual} (engine encoding) is a value that {@code expected} accepts. */
  static boolean matches(Value expected, long actual) {
    String value = expected.value();
    return switch (expected.type()) {
      case "i32" -> (int) actual == (int) Long.parseUnsignedLong(value);
      case "i64" -> actual == Long.parseUnsignedLong(value);
      case "f32" -> matchesF32(value, (int) actual);
      case "f64" -> matchesF64(value, actual);
      // A non-null funcref result names a function the script cannot name: any non-null matches.
      case "funcref" -> isNull(expected) ? actual == -1 : actual != -1;
      case "externref" -> isNull(expected) ? actual == -1 : actual == Long.parseLong(value);
      default -> throw new UnsupportedValueException(expected.type());
    };
  }

  /** {@code actual} printed in the script's notation for {@code type}, for failure messages. */
  static String describe(String type, long actual) {
    return switch (type) {
      case "i32" -> "i32:" + (int) actual;
      case "i64" -> "i64:" + actual;
      case "f32" ->
          "f32:"
              + Float.intBitsToFloat((int) actual)
              + " (0x"
              + Integer.toHexString((int) actual)
              + ")";
      case "f64" ->
          "f64:" + Double.longBitsToDouble(actual) + " (0x" + Long.toHexString(actual) + ")";
      default -> type + ":" + (actual == -1 ? "null" : Long.toString(actual));
    };
  }

  private static boolean matchesF32(String value, int bits) {
    return switch (value) {
      // spec 4.3.2: canonical NaN has only the most significant payload bit set
      case "nan:canonical" -> (bits & 0x7fff_ffff) == (F32_EXPONENT | F32_QUIET);
      case "nan:arithmetic" -> (bits & (F32_EXPONENT | F32_QUIET)) == (F32_EXPONENT | F32_QUIET);
      default -> bits == (int) Long.parseUnsignedLong(value);
    };
  }

  private static boolean matchesF64(String value, long bits) {
    return switch (value) {
      case "nan:canonical" -> (bits & Long.MAX_VALUE) == (F64_EXPONENT | F64_QUIET);
      case "nan:arithmetic" -> (bits & (F64_EXPONENT | F64_QUIET)) == (F64_EXPONENT | F64_QUIET);
      default -> bits == Long.parseUnsignedLong(value);
    };
  }

  private static boolean isNull(Value v) {
    return "null".equals(v.value());
  }

  /** A value of a type the engine does not support yet (v128). */
  static final class UnsupportedValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedValueException(String type) {
      super("value type " + type + " is not supported");
    }
  }
}
