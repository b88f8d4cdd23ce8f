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

  // The compiler tier's hook: compiled code, called like a host function (see CompilerTier).
  private HostFunction compiled;
  private int callsUntilHot = Jit.HOT_CALLS;
  private int samples;
  private int samplesHot = Jit.HOT_LOOP_SAMPLES;
  private boolean hotAgain;
  private int slowCalls;

  WasmFunction(Instance instance, FuncType type, FunctionCode code) {
    this(instance, type, code, Fusion.shared(code.code()));
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

  /**
   * This function's compiled code as a host function over the interpreter's value stack (arguments
   * at {@code base}, results written there), or null while it is interpreted.
   */
  public HostFunction compiled() {
    return compiled;
  }

  /** Installs compiled code for this function; from then on calls run it. */
  public void install(HostCode code) {
    this.compiled = new HostFunction(type, code);
  }

  /** Counts one interpreted call; true exactly once, on the call that makes the function hot. */
  public boolean countCall() {
    return --callsUntilHot == 0;
  }

  /**
   * Counts one sample of the interpreter running this function ({@link Jit#LOOP_SAMPLE} branches of
   * its thread); true exactly once, on the sample that makes it hot, unless its calls made it hot
   * before. So a function whose loops run long gets hot without being called again (compiled for
   * its next call; a split function's running invocation also continues in its compiled code at a
   * loop head, see {@link OnStackEntry}). After {@link #hotAgainAtSamples}, true once more, on that
   * sample.
   */
  public boolean countLoopSample() {
    if (++samples < samplesHot) {
      return false;
    }
    if (hotAgain) {
      // Also when the tier asked for a count this thread had passed already: never lost.
      hotAgain = false;
      return true;
    }
    return samples == samplesHot && callsUntilHot > 0;
  }

  /**
   * Samples counted so far: the interpreter's work in this function's own code (not its callees'),
   * in units of {@link Jit#LOOP_SAMPLE} branches and entries of its thread.
   */
  public int samplesCounted() {
    return samples;
  }

  /**
   * Makes this function hot again ({@link Jit#hot}) when {@link #samplesCounted} reaches {@code
   * total} (at the next sample when it is there already), once: the compiler tier defers a function
   * whose compilation would not pay yet until the interpreter has done that much work in it.
   */
  public void hotAgainAtSamples(int total) {
    samplesHot = total;
    hotAgain = true;
  }

  /**
   * Counts one call of this interpreted function from compiled code (a slow path: the arguments
   * boxed, a run of its own), as work the interpreter's samples do not see: every {@link
   * Jit#SLOW_CALLS_PER_SAMPLE} such calls count one sample ({@link #countLoopSample}, whose result
   * this returns).
   */
  public boolean countSlowCall() {
    if (++slowCalls < Jit.SLOW_CALLS_PER_SAMPLE) {
      return false;
    }
    slowCalls = 0;
    return countLoopSample();
  }

  /** Interpreted calls counted so far (up to {@link Jit#HOT_CALLS}, then more). */
  public int callsCounted() {
    return Jit.HOT_CALLS - callsUntilHot;
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
