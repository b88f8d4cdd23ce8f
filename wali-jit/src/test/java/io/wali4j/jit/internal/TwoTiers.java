package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.wasm.WasmException;
import java.util.ArrayList;
import java.util.List;

/** One export called on an interpreted and a compiled instance of a module, and compared. */
final class TwoTiers {

  private TwoTiers() {}

  /**
   * What a call of {@code name} gives: its result as a {@code Long}, {@code null} without one, a
   * list for several, or the {@link io.wali4j.core.wasm.Failure} it traps with.
   */
  static Object outcome(Instance inst, String name, long... args) {
    long[] r;
    try {
      r = inst.invoke(name, args);
    } catch (WasmException e) {
      return e.failure();
    }
    if (r.length <= 1) {
      return r.length == 0 ? null : r[0];
    }
    List<Long> all = new ArrayList<>(r.length);
    for (long v : r) {
      all.add(v);
    }
    return all;
  }

  /** The same call on both tiers must give the same outcome; returns the compiled one. */
  static Object agree(Instance interp, Instance compiled, String name, long... args) {
    Object want = outcome(interp, name, args);
    Object got = outcome(compiled, name, args);
    assertEquals(want, got, name);
    return got;
  }
}
