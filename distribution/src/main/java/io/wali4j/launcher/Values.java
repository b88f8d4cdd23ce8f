package io.wali4j.launcher;

import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import java.util.List;

/** Converts command-line text to and from Wasm values in the engine's long encoding. */
final class Values {

  private Values() {}

  static long[] parseArguments(FuncType type, List<String> args) {
    ValType[] params = type.params();
    if (args.size() != params.length) {
      throw new IllegalArgumentException(
          "the function takes " + params.length + " arguments " + type + ", got " + args.size());
    }
    long[] values = new long[params.length];
    for (int i = 0; i < params.length; i++) {
      values[i] = parse(params[i], args.get(i));
    }
    return values;
  }

  static long parse(ValType type, String text) {
    try {
      return switch (type) {
        case I32 -> (int) Long.decode(text).longValue();
        case I64 -> Long.decode(text);
        case F32 -> Float.floatToRawIntBits(Float.parseFloat(text));
        case F64 -> Double.doubleToRawLongBits(Double.parseDouble(text));
        default ->
            throw new IllegalArgumentException("cannot pass a " + type + " from the command line");
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid " + type, e);
    }
  }

  static String format(ValType type, long value) {
    return switch (type) {
      case I32 -> Integer.toString((int) value);
      case I64 -> Long.toString(value);
      case F32 -> Float.toString(Float.intBitsToFloat((int) value));
      case F64 -> Double.toString(Double.longBitsToDouble(value));
      case FUNCREF, EXTERNREF -> value == -1 ? "null" : type + ":" + value;
      case V128 -> "v128";
    };
  }
}
