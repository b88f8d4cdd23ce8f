package io.wali4j.jit.internal;

import io.wali4j.core.exec.Instance;

/**
 * Implemented by every generated class: runs its {@code k}-th function with the arguments at {@code
 * stack[base ...]} in the engine's long encoding, leaving the results there (the calling convention
 * of a host function), with {@code budget} slots of Wasm stack to spend ({@code Jit.stackLeft}).
 * Functions split into regions ({@link RegionEmitter}) can also be entered at a loop head with
 * their frame array given ({@code OnStackEntry}).
 */
interface CompiledBatch {

  void call(int k, Instance inst, long[] stack, int base, int budget);

  /**
   * The entry of the {@code k}-th function at loop head {@code pc}, with the operand height there
   * in the high 32 bits; -1 when it has none there (always, for a function not split).
   */
  long entryAt(int k, int pc);

  /**
   * Runs the {@code k}-th function, split, from {@code entry} with {@code frame} its frame (locals
   * and operands); leaves the results at the frame's start.
   */
  void enter(int k, Instance inst, long[] frame, int entry, int budget);
}
