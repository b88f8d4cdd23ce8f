package io.wali4j.jit.internal;

import io.wali4j.core.exec.Global;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Table;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.WasmException;
import java.util.Arrays;
import java.util.List;

/**
 * What the differential fuzz target compares between the interpreter and compiled code, and what it
 * may not.
 *
 * <p>Bit for bit: integer and reference values, memory bytes, trap kinds and messages. Floats too,
 * with one exception the spec makes (4.3.3, NaN propagation): an arithmetic operation whose result
 * is NaN returns some <em>arithmetic</em> NaN (quiet bit set) whose sign and payload are only
 * constrained, not fixed; HotSpot may order the operands of a commutative operation differently in
 * the two tiers, so two quiet NaNs in a float result or global are accepted as equal. A signalling
 * NaN, or a NaN against a number, is a difference: those bits are fixed (const, load, reinterpret,
 * neg, abs, copysign never change a payload). The same freedom reaches memory through a store of
 * such a result: bytes that differ are accepted when an f32 or f64 window of memory covering them
 * holds a quiet NaN on both sides. The fuzz input {@code nan-payload-of-a-commuted-add-in-memory}
 * stores an {@code f64.add} of two NaNs: x86 returns the first operand's NaN, and one tier's code
 * returned the other's (HotSpot may swap the operands of a commutative operation), both arithmetic
 * NaNs as the spec allows. NaN bits that reach an integer through a reinterpretation are compared
 * exactly; no input has produced a difference there yet.
 */
final class TierComparison {

  private static final long[] I32 = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 65_536, 7};
  private static final long[] I64 = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 7};
  private static final long[] F32 = {
    Float.floatToRawIntBits(1.5f),
    Float.floatToRawIntBits(-0.0f),
    0x7FC0_0000L, // canonical NaN
    0x7FA0_0001L, // signalling NaN with a payload
    Float.floatToRawIntBits(Float.POSITIVE_INFINITY),
    Float.floatToRawIntBits(Float.MIN_VALUE),
    Float.floatToRawIntBits(-2.147483648E9f)
  };
  private static final long[] F64 = {
    Double.doubleToRawLongBits(1.5),
    Double.doubleToRawLongBits(-0.0),
    0x7FF8_0000_0000_0000L,
    0x7FF4_0000_0000_0001L,
    Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
    Double.doubleToRawLongBits(Double.MIN_VALUE),
    Double.doubleToRawLongBits(9.223372036854775807E18)
  };

  private TierComparison() {}

  /**
   * The argument vectors every export is called with: all zeros, then two vectors of edge values
   * (extremes, signed zero, NaNs with and without payload, infinities, subnormals), rotated so that
   * parameters of one type differ.
   */
  static List<long[]> arguments(FuncType type) {
    ValType[] params = type.params();
    long[] zeros = new long[params.length];
    long[] a = new long[params.length];
    long[] b = new long[params.length];
    for (int j = 0; j < params.length; j++) {
      a[j] = edge(params[j], j + 1);
      b[j] = edge(params[j], 3 * j + 2);
    }
    return List.of(zeros, a, b);
  }

  private static long edge(ValType t, int k) {
    return switch (t) {
      case I32 -> I32[k % I32.length];
      case I64 -> I64[k % I64.length];
      case F32 -> F32[k % F32.length];
      case F64 -> F64[k % F64.length];
      default -> Table.NULL;
    };
  }

  /**
   * Instantiation on both tiers: both succeed, or both fail the same way. False when the comparison
   * must stop without a verdict (a stack ran out).
   */
  static boolean agree(String what, WasmException want, WasmException got) {
    if (stackExhausted(want) || stackExhausted(got)) {
      return false;
    }
    Failure w = want == null ? null : want.failure();
    Failure g = got == null ? null : got.failure();
    if (w != g) {
      throw new AssertionError(
          what + ": interpreter " + describe(want) + ", compiled " + describe(got));
    }
    return true;
  }

  /**
   * One call on both tiers: the same trap, or results that agree. False when the comparison must
   * stop without a verdict (a stack ran out).
   */
  static boolean agree(
      String export,
      FuncType type,
      long[] args,
      JitDifferentialFuzzTest.Outcome want,
      JitDifferentialFuzzTest.Outcome got) {
    String call = export + Arrays.toString(args);
    if (!agree(call, want.trap(), got.trap())) {
      return false;
    }
    if (want.trap() != null) {
      return true;
    }
    ValType[] results = type.results();
    for (int j = 0; j < results.length; j++) {
      if (!same(results[j], want.results()[j], got.results()[j])) {
        throw new AssertionError(
            call
                + ": result "
                + j
                + " ("
                + results[j]
                + ") interpreter 0x"
                + Long.toHexString(want.results()[j])
                + ", compiled 0x"
                + Long.toHexString(got.results()[j]));
      }
    }
    return true;
  }

  /** Memory, globals and tables of the two instances after the calls. */
  static void sameState(Instance interp, Instance compiled) {
    sameMemory(interp.memory(), compiled.memory());
    int globals = interp.module().allGlobals().size();
    for (int i = 0; i < globals; i++) {
      Global a = interp.global(i);
      Global b = compiled.global(i);
      if (!same(a.type().type(), a.get(), b.get())) {
        throw new AssertionError(
            "global "
                + i
                + ": interpreter 0x"
                + Long.toHexString(a.get())
                + ", compiled 0x"
                + Long.toHexString(b.get()));
      }
    }
    int tables = interp.module().allTables().size();
    for (int i = 0; i < tables; i++) {
      Table a = interp.table(i);
      Table b = compiled.table(i);
      if (a.size() != b.size()) {
        throw new AssertionError("table " + i + " size " + a.size() + " against " + b.size());
      }
      for (int k = 0; k < a.size(); k++) {
        if (a.get(k) != b.get(k)) {
          throw new AssertionError(
              "table " + i + " element " + k + ": " + a.get(k) + " " + b.get(k));
        }
      }
    }
  }

  private static void sameMemory(Memory a, Memory b) {
    if (a == null || b == null) {
      if (a != b) {
        throw new AssertionError("memory on one tier only");
      }
      return;
    }
    if (a.size() != b.size()) {
      throw new AssertionError("memory size " + a.size() + " against " + b.size());
    }
    // The fuzz target's memories are small (64 pages at most): compared whole, so that a NaN's
    // window may straddle any boundary.
    byte[] x = new byte[Math.toIntExact(a.size())];
    byte[] y = new byte[x.length];
    a.read(0, x, 0, x.length);
    b.read(0, y, 0, y.length);
    int k = unexplainedDifference(x, y);
    if (k >= 0) {
      throw new AssertionError("memory at " + k + ": interpreter " + x[k] + ", compiled " + y[k]);
    }
  }

  /**
   * The first byte where {@code x} and {@code y} differ that no f32 or f64 window holding a quiet
   * NaN on both sides covers (the class comment), or -1.
   */
  static int unexplainedDifference(byte[] x, byte[] y) {
    int n = x.length;
    for (int i = Arrays.mismatch(x, y); i >= 0; ) {
      if (!inNanWindow(x, y, i)) {
        return i;
      }
      int next = Arrays.mismatch(x, i + 1, n, y, i + 1, n);
      i = next < 0 ? -1 : i + 1 + next;
    }
    return -1;
  }

  private static boolean inNanWindow(byte[] x, byte[] y, int i) {
    for (int s = Math.max(0, i - 7); s <= i && s + 8 <= x.length; s++) {
      if (quietNan64(littleEndian(x, s, 8)) && quietNan64(littleEndian(y, s, 8))) {
        return true;
      }
    }
    for (int s = Math.max(0, i - 3); s <= i && s + 4 <= x.length; s++) {
      if (quietNan32((int) littleEndian(x, s, 4)) && quietNan32((int) littleEndian(y, s, 4))) {
        return true;
      }
    }
    return false;
  }

  private static long littleEndian(byte[] b, int at, int width) {
    long v = 0;
    for (int k = width - 1; k >= 0; k--) {
      v = (v << 8) | (b[at + k] & 0xFF);
    }
    return v;
  }

  /** Whether two values of type {@code t} agree (see the class comment for NaNs). */
  static boolean same(ValType t, long a, long b) {
    if (a == b) {
      return true;
    }
    if (t == ValType.F32) {
      int x = (int) a;
      int y = (int) b;
      return x == y || (quietNan32(x) && quietNan32(y));
    }
    if (t == ValType.F64) {
      return quietNan64(a) && quietNan64(b);
    }
    return false;
  }

  private static boolean quietNan32(int bits) {
    return Float.isNaN(Float.intBitsToFloat(bits)) && (bits & 0x0040_0000) != 0;
  }

  private static boolean quietNan64(long bits) {
    return Double.isNaN(Double.longBitsToDouble(bits)) && (bits & 0x0008_0000_0000_0000L) != 0;
  }

  private static boolean stackExhausted(WasmException e) {
    return e != null && e.failure() == Failure.CALL_STACK_EXHAUSTED;
  }

  private static String describe(WasmException e) {
    return e == null ? "no trap" : e.failure() + " (" + e.getMessage() + ")";
  }
}
