package io.wali4j.core.fuzz;

import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.WasmException;
import java.util.Arrays;

/** The checks shared by the fuzz targets: which rejections are expected. */
final class Outcomes {

  private Outcomes() {}

  /** Rethrows {@code e} as a finding unless its kind is one of {@code allowed}. */
  static void expectKind(WasmException e, ErrorKind... allowed) {
    for (ErrorKind k : allowed) {
      if (e.kind() == k) {
        return;
      }
    }
    throw new AssertionError(
        "unexpected " + e.kind() + " (allowed " + Arrays.toString(allowed) + "): " + e.getMessage(),
        e);
  }
}
