package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.WasmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One export called on an interpreted and a compiled instance of a module, and compared. */
final class TwoTiers {

  private TwoTiers() {}

  /** An instance of {@code wat} in {@code mode} whose first 64 KiB hold {@link #pattern}. */
  static Instance patterned(String wat, Jit.Mode mode) {
    Instance inst = Wat.instantiate(mode, wat, Imports.NONE);
    pattern(inst);
    return inst;
  }

  /**
   * An eager instance of {@code wat} after {@code rounds} calls of {@code run}, so that HotSpot
   * compiled its code with the profile of ordinary runs, its first 64 KiB patterned again.
   */
  static Instance warmed(String wat, int rounds, Consumer<Instance> run) {
    Instance compiled = patterned(wat, Jit.Mode.EAGER);
    for (int r = 0; r < rounds; r++) {
      run.accept(compiled);
    }
    pattern(compiled);
    return compiled;
  }

  /** Writes a distinct 64-bit value every 8 bytes of the first 64 KiB (the loops' input). */
  static void pattern(Instance inst) {
    for (int a = 0; a < 65536; a += 8) {
      inst.memory().storeI64(a, a * 0x9E3779B97F4A7C15L);
    }
  }

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

  /** Both tiers' memories hold the same bytes in their first 64 KiB page. */
  static void sameMemory(Instance interp, Instance compiled) {
    sameMemory(interp, compiled, 0, 65536);
  }

  /** Both tiers' memories hold the same {@code length} bytes from {@code from}. */
  static void sameMemory(Instance interp, Instance compiled, long from, int length) {
    byte[] want = new byte[length];
    byte[] got = new byte[length];
    interp.memory().read(from, want, 0, length);
    compiled.memory().read(from, got, 0, length);
    assertArrayEquals(want, got);
  }
}
