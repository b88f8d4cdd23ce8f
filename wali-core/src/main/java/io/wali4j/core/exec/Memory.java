package io.wali4j.core.exec;

import io.wali4j.core.wasm.MemoryType;

/** A linear memory instance. */
public final class Memory implements Extern {

  /** A memory backed by the Java heap. */
  public Memory(MemoryType type) {
    throw new UnsupportedOperationException("not written yet");
  }
}
