package io.wali4j.core.exec;

import io.wali4j.core.wasm.FuncType;

/** A function provided by the host. */
public final class HostFunction implements Function {

  private final FuncType type;
  private final HostCode code;
  private final int numParams;
  private final int numResults;

  public HostFunction(FuncType type, HostCode code) {
    this.type = type;
    this.code = code;
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
