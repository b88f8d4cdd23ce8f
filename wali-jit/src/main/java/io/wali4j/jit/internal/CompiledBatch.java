package io.wali4j.jit.internal;

import io.wali4j.core.exec.Instance;

/**
 * Implemented by every generated class: runs its {@code k}-th function with the arguments at {@code
 * stack[base ...]} in the engine's long encoding, leaving the results there (the calling convention
 * of a host function), with {@code budget} slots of Wasm stack to spend ({@code Jit.stackLeft}).
 */
interface CompiledBatch {

  void call(int k, Instance inst, long[] stack, int base, int budget);
}
