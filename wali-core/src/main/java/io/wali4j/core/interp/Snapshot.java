package io.wali4j.core.interp;

import io.wali4j.core.exec.WasmFunction;
import java.util.function.UnaryOperator;

/**
 * A captured Wasm stack, stopped inside a host call: the value stack up to the call's arguments,
 * the frames, and the innermost frame's registers. Immutable in use: every {@link #resume} works on
 * its own copy, so one snapshot can be resumed many times (fork).
 *
 * @param stack value stack slots {@code [0, sp)} at the host call
 * @param stackLength the capacity the stack had, so resumed frames find the room they had
 * @param frames (return pc, fp) pairs of the callers, outermost first
 * @param callers the caller function of each frame, outermost first
 * @param function the function that made the host call
 * @param pc where that function continues after the call
 * @param fp that function's frame pointer
 * @param hostBase the stack index of the host call's first argument, where results go
 * @param hostResults how many results the host call returns
 */
public record Snapshot(
    long[] stack,
    int stackLength,
    int[] frames,
    WasmFunction[] callers,
    WasmFunction function,
    int pc,
    int fp,
    int hostBase,
    int hostResults) {

  /**
   * Finishes the host call with {@code hostResults} and runs the captured frames to completion on
   * the calling Java thread; returns the results of the outermost captured function.
   */
  public long[] resume(long... hostResults) {
    return ThreadState.resume(this, hostResults);
  }

  /**
   * The same stack with every function replaced by {@code map}'s answer: after fork, the child's
   * frames must run the child instance's functions (same funcidx, new instance).
   */
  public Snapshot withFunctions(UnaryOperator<WasmFunction> map) {
    WasmFunction[] mapped = new WasmFunction[callers.length];
    for (int i = 0; i < mapped.length; i++) {
      mapped[i] = map.apply(callers[i]);
    }
    return new Snapshot(
        stack, stackLength, frames, mapped, map.apply(function), pc, fp, hostBase, hostResults);
  }
}
