package io.wali4j.core.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metered code spends fuel per call and per loop iteration and traps when it runs out. */
class FuelTest {

  private static final String MODULE =
      """
      (module
        (func (export "spin") (loop (br 0)))
        (func (export "count") (param $n i32) (result i32) (local $i i32)
          (block (loop
            (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br 0)))
          (local.get $i))
        (func $f (export "fib") (param i32) (result i32)
          (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
            (then (local.get 0))
            (else (i32.add (call $f (i32.sub (local.get 0) (i32.const 1)))
                           (call $f (i32.sub (local.get 0) (i32.const 2))))))))
      """;

  private final ThreadState previous = ThreadState.bind(new ThreadState());

  @AfterEach
  void restore() {
    ThreadState.bind(previous);
  }

  private static Instance metered() {
    byte[] bytes = Wat.compile(MODULE);
    return Instance.instantiate(
        new Store(), Validator.validate(ModuleParser.parse(bytes), true), Imports.NONE);
  }

  @Test
  void anEndlessLoopTrapsWithFuelExhaustedInsteadOfHanging() {
    Instance inst = metered();
    ThreadState.current().fuel(1_000_000);
    WasmException e = assertThrows(WasmException.class, () -> inst.invoke("spin"));
    assertEquals(Failure.FUEL_EXHAUSTED, e.failure());
    assertEquals(0, ThreadState.current().fuel());
  }

  @Test
  void eachLoopIterationAndTheCallSpendOneUnit() {
    Instance inst = metered();
    ThreadState.current().fuel(1000);
    assertArrayEquals(new long[] {10}, inst.invoke("count", 10));
    // One unit for the call, eleven for the loop header (ten iterations and the exiting one).
    assertEquals(1000 - 1 - 11, ThreadState.current().fuel());
  }

  @Test
  void recursionSpendsAUnitPerCall() {
    Instance inst = metered();
    ThreadState.current().fuel(1000);
    assertArrayEquals(new long[] {55}, inst.invoke("fib", 10));
    // fib(10) makes 177 calls.
    assertEquals(1000 - 177, ThreadState.current().fuel());
    ThreadState.current().fuel(100);
    WasmException e = assertThrows(WasmException.class, () -> inst.invoke("fib", 30));
    assertEquals(Failure.FUEL_EXHAUSTED, e.failure());
  }

  @Test
  void unmeteredCodeIgnoresFuel() {
    Instance inst = Wat.instantiate(MODULE);
    ThreadState.current().fuel(0);
    assertArrayEquals(new long[] {100_000}, inst.invoke("count", 100_000));
    assertEquals(0, ThreadState.current().fuel());
  }
}
