package io.wali4j.core.exec;

import io.wali4j.core.interp.Fusion;
import io.wali4j.core.interp.ThreadState;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.FunctionCode;

/**
 * A function defined by a module, bound to its instance. The frame figures the interpreter needs at
 * every call are copied out of the {@link FunctionCode} into fields.
 */
public final class WasmFunction implements Function {

  private final Instance instance;
  private final FuncType type;
  private final FunctionCode code;
  private final int[] ops;
  private final int numParams;
  private final int numLocals;
  private final int numResults;
  private final int frameSize;

  WasmFunction(Instance instance, FuncType type, FunctionCode code) {
    this(instance, type, code, Fusion.fuse(code.code()));
  }

  /** A function of {@code instance} that runs {@code ops}, already fused (a copy of a function). */
  WasmFunction(Instance instance, FuncType type, FunctionCode code, int[] ops) {
    this.instance = instance;
    this.type = type;
    this.code = code;
    this.ops = ops;
    this.numParams = code.numParams();
    this.numLocals = code.numLocals();
    this.numResults = code.numResults();
    this.frameSize = code.numLocals() + code.maxStackHeight();
  }

  @Override
  public FuncType type() {
    return type;
  }

  public Instance instance() {
    return instance;
  }

  public FunctionCode code() {
    return code;
  }

  /** The pre-decoded instruction stream as the interpreter runs it (with {@link Fusion}). */
  public int[] ops() {
    return ops;
  }

  public int numParams() {
    return numParams;
  }

  public int numLocals() {
    return numLocals;
  }

  public int numResults() {
    return numResults;
  }

  /** Stack slots a frame of this function needs: locals plus the most operands. */
  public int frameSize() {
    return frameSize;
  }

  /** The function's index in its module's function index space. */
  public int funcidx() {
    return code.funcidx();
  }

  /** The name for messages: the name section's, or {@code func[i]}. */
  public String name() {
    return instance.module().functionName(code.funcidx());
  }

  @Override
  public long[] call(long... args) {
    return ThreadState.current().invoke(this, args);
  }

  @Override
  public String toString() {
    return name() + type;
  }
}
