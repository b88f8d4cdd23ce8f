package io.wali4j.core.exec;

import io.wali4j.core.wasm.TableType;

/** A table instance: a growable vector of references (ids; -1 is null). */
public final class Table implements Extern {

  public Table(TableType type) {
    throw new UnsupportedOperationException("not written yet");
  }
}
