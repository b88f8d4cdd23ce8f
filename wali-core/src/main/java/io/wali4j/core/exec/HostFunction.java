package io.wali4j.core.exec;

import io.wali4j.core.wasm.FuncType;
import java.lang.invoke.MethodHandle;

/** A function provided by the host. */
public final class HostFunction implements Function {

  /**
   * The typed entry of a host function for compiled callers, which then need no {@code long[]}:
   * {@code handle} is {@code (context, Instance caller, params...) -> result} with each Wasm type
   * as its Java type (i32 {@code int}, i64 {@code long}, f32 {@code float}, f64 {@code double};
   * {@code void} for no result), and does what {@link #code()} does. The handle is one object for
   * every function made alike (compiled code, shared by a module's instances, calls it when the
   * instance's function has that very handle); {@code context} is this function's own.
   */
  public record Direct(MethodHandle handle, Object context) {}

  private final FuncType type;
  private final HostCode code;
  private final Direct direct;
  private final int numParams;
  private final int numResults;

  public HostFunction(FuncType type, HostCode code) {
    this(type, code, null);
  }

  /** A host function that compiled code may also call through {@code direct} (null: it may not). */
  public HostFunction(FuncType type, HostCode code, Direct direct) {
    this.type = type;
    this.code = code;
    this.direct = direct;
    this.numParams = type.params().length;
    this.numResults = type.results().length;
  }

  @Override
  public FuncType type() {
    return type;
  }

  public HostCode code() {
    return code;
  }

  /** The typed entry for compiled callers, or null when calls go through {@link #code()} only. */
  public Direct direct() {
    return direct;
  }

  public int numParams() {
    return numParams;
  }

  public int numResults() {
    return numResults;
  }

  @Override
  public long[] call(long... args) {
    long[] stack = new long[Math.max(args.length, numResults)];
    System.arraycopy(args, 0, stack, 0, args.length);
    code.call(null, stack, 0);
    long[] results = new long[numResults];
    System.arraycopy(stack, 0, results, 0, results.length);
    return results;
  }
}
