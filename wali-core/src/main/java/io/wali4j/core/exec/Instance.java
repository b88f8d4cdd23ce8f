package io.wali4j.core.exec;

import io.wali4j.core.wasm.ValidatedModule;

/** A module instance (spec 4.2.5). */
public final class Instance {

  private Instance() {}

  /**
   * Links {@code module}'s imports, allocates its entities, runs active segments and the start
   * function.
   *
   * @throws io.wali4j.core.wasm.WasmException UNLINKABLE when an import is missing or has the
   *     wrong type; TRAP or EXHAUSTION when a segment is out of bounds or the start function fails
   */
  public static Instance instantiate(Store store, ValidatedModule module, Imports imports) {
    throw new UnsupportedOperationException("not written yet");
  }

  /** The export named {@code name}, or null. */
  public Extern export(String name) {
    throw new UnsupportedOperationException("not written yet");
  }

  /** Calls the exported function {@code name}. */
  public long[] invoke(String name, long... args) {
    throw new UnsupportedOperationException("not written yet");
  }
}
