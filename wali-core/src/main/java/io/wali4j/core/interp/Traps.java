package io.wali4j.core.interp;

import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.WasmException;

/** Adds the Wasm location (function name, byte offset in the module) to a trap. */
final class Traps {

  private Traps() {}

  /**
   * {@code e} with "in FUNCTION at 0xOFFSET" added, where {@code pc} is past the start of the
   * trapping instruction in {@code f}'s code. A trap that already names its place (one raised in a
   * deeper run and passing through a host call) is returned as it is.
   */
  static WasmException locate(WasmException e, WasmFunction f, int pc) {
    if (!e.getMessage().equals(e.failure().message())) {
      return e;
    }
    int[] offsets = f.code().offsets();
    int i = Math.min(pc - 1, offsets.length - 1);
    while (i > 0 && offsets[i] == 0) {
      i--;
    }
    int offset = i >= 0 ? offsets[i] : 0;
    WasmException located =
        new WasmException(e.failure(), "in " + f.name() + " at 0x" + Integer.toHexString(offset));
    located.initCause(e.getCause());
    located.setStackTrace(e.getStackTrace());
    return located;
  }
}
