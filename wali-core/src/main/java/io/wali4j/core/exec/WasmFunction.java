package io.wali4j.core.exec;

import io.wali4j.core.wasm.FuncType;

/** A function defined by a module, bound to its instance. */
public final class WasmFunction implements Function {

  private WasmFunction() {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public FuncType type() {
    throw new UnsupportedOperationException("not written yet");
  }

  @Override
  public long[] call(long... args) {
    throw new UnsupportedOperationException("not written yet");
  }
}
