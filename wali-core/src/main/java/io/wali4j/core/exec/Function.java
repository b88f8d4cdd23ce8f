package io.wali4j.core.exec;

import io.wali4j.core.wasm.FuncType;

/** A function instance: defined by a module or provided by the host. */
public sealed interface Function extends Extern permits HostFunction, WasmFunction {

  FuncType type();

  /**
   * Calls this function on the current thread. Values are passed and returned as longs in the
   * encoding of {@link io.wali4j.core.wasm.FunctionCode} (f32/f64 as raw bits, references as ids,
   * -1 for null).
   *
   * @throws io.wali4j.core.wasm.WasmException a trap or stack exhaustion
   */
  long[] call(long... args);
}
