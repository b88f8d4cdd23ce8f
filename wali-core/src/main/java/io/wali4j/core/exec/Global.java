package io.wali4j.core.exec;

import io.wali4j.core.wasm.GlobalType;

/** A global instance; the value is held in the long encoding of the pre-decoded form. */
public final class Global implements Extern {

  private final GlobalType type;
  private long value;

  public Global(GlobalType type, long value) {
    this.type = type;
    this.value = value;
  }

  public GlobalType type() {
    return type;
  }

  public long get() {
    return value;
  }

  public void set(long value) {
    this.value = value;
  }
}
