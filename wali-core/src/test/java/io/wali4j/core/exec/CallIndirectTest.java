package io.wali4j.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallIndirectTest {

  private static final String CALLER =
      "(module (type $ii (func (param i32) (result i32)))"
          + " (import \"m\" \"t\" (table 4 funcref))"
          + " (func (export \"call\") (param i32 i32) (result i32)"
          + "   (call_indirect (type $ii) (local.get 1) (local.get 0))))";

  private static final String PROVIDER =
      "(module (table (export \"t\") 4 funcref)"
          + " (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))"
          + " (func $other (param i64) (result i32) (i32.const 0))"
          + " (elem (i32.const 0) $double $other))";

  @Test
  void callsThroughATableShareFunctionsAcrossInstancesAndTrapAsTheSpecSays() {
    Store store = new Store();
    Instance provider = Wat.instantiate(store, PROVIDER, Imports.NONE);
    Instance caller =
        Wat.instantiate(store, CALLER, (m, n) -> Map.of("t", provider.export("t")).get(n));
    assertEquals(42, caller.invoke("call", 0, 21)[0]);
    assertFailure(Failure.INDIRECT_CALL_TYPE_MISMATCH, () -> caller.invoke("call", 1, 0));
    assertFailure(Failure.UNINITIALIZED_ELEMENT, () -> caller.invoke("call", 2, 0));
    assertFailure(Failure.UNDEFINED_ELEMENT, () -> caller.invoke("call", 4, 0));
    assertFailure(Failure.UNDEFINED_ELEMENT, () -> caller.invoke("call", -1, 0));
  }

  @Test
  void structurallyEqualTypesFromDifferentModulesMatch() {
    assertEquals(
        TypeIds.of(Wat.validated(CALLER).module().types().get(0)),
        TypeIds.of(Wat.validated(PROVIDER).module().functionType(0)));
  }

  @Test
  void trapsNameTheFunctionAndOffset() {
    Instance i =
        Wat.instantiate(
            "(module (func $boom (export \"boom\") (param i32) (result i32)"
                + " (i32.div_s (i32.const 1) (local.get 0))))");
    WasmException e = assertThrows(WasmException.class, () -> i.invoke("boom", 0));
    assertEquals(Failure.INTEGER_DIVIDE_BY_ZERO, e.failure());
    assertTrue(e.getMessage().startsWith("integer divide by zero: in boom at 0x"), e.getMessage());
  }

  private static void assertFailure(Failure f, Runnable r) {
    assertEquals(f, assertThrows(WasmException.class, r::run).failure());
  }
}
