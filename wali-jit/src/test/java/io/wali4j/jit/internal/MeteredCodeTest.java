package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.fuzz.FuzzThread;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import org.junit.jupiter.api.Test;

/**
 * Metered modules (--fuel) compiled: compiled code spends a unit of fuel at each function entry and
 * loop iteration, as the interpreter does, so a budget ends an endless loop with the same trap and
 * a finite run leaves the same fuel on both tiers.
 */
class MeteredCodeTest {

  private static final String LOOPS =
      "(module"
          + " (func $leaf (result i32) (i32.const 1))"
          + " (func (export \"count\") (param $n i32) (result i32) (local $s i32)"
          + "   (block $done (loop $next"
          + "     (br_if $done (i32.eqz (local.get $n)))"
          + "     (local.set $s (i32.add (local.get $s) (call $leaf)))"
          + "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
          + "     (br $next)))"
          + "   (local.get $s))"
          + " (func (export \"forever\") (loop $l (br $l))))";

  private static Instance metered(Jit.Mode mode) {
    ValidatedModule m =
        Validator.validate(ModuleParser.parse(Wat.validated(LOOPS).module().bytes()), true);
    Store store = new Store();
    store.jitMode(mode);
    return Instance.instantiate(store, m, Imports.NONE);
  }

  /** Runs {@code name(args)} with {@code fuel}; returns the fuel left. */
  private static long fuelLeft(Instance inst, long fuel, String name, long... args) {
    long[] left = new long[1];
    FuzzThread.run(
        1 << 16,
        2_000,
        () -> {
          FuzzThread.fuel(fuel);
          inst.invoke(name, args);
          left[0] = FuzzThread.fuel();
        });
    return left[0];
  }

  @Test
  void compiledCodeSpendsTheInterpretersFuelAtTheSamePoints() {
    Instance interp = metered(Jit.Mode.OFF);
    Instance compiled = metered(Jit.Mode.EAGER);
    assertNotNull(((WasmFunction) compiled.function(1)).compiled());
    long want = fuelLeft(interp, 1_000_000, "count", 1000);
    // count's entry, 1001 loop iterations and 1000 calls of leaf.
    assertEquals(1_000_000 - 2002, want);
    assertEquals(want, fuelLeft(compiled, 1_000_000, "count", 1000));
  }

  @Test
  void fuelEndsAnEndlessCompiledLoopWithTheFuelTrap() {
    Instance compiled = metered(Jit.Mode.EAGER);
    WasmException e =
        assertThrows(WasmException.class, () -> fuelLeft(compiled, 50_000, "forever"));
    assertEquals(Failure.FUEL_EXHAUSTED, e.failure());
    // A finite run needs exactly its units: one fewer ends it with the trap.
    assertEquals(0, fuelLeft(compiled, 2002, "count", 1000));
    WasmException shortOfOne =
        assertThrows(WasmException.class, () -> fuelLeft(compiled, 2001, "count", 1000));
    assertEquals(Failure.FUEL_EXHAUSTED, shortOfOne.failure());
  }
}
