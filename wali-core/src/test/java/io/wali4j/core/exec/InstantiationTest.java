package io.wali4j.core.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.GlobalType;
import io.wali4j.core.wasm.Limits;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.TableType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.WasmException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstantiationTest {

  private static final ValType[] NONE = new ValType[0];

  private static Imports imports(String module, Map<String, Extern> externs) {
    return (m, n) -> m.equals(module) ? externs.get(n) : null;
  }

  private static WasmException fails(String wat, Imports imports) {
    return assertThrows(WasmException.class, () -> Wat.instantiate(wat, imports));
  }

  @Test
  void missingImportIsUnknownImport() {
    WasmException e = fails("(module (import \"env\" \"f\" (func)))", Imports.NONE);
    assertEquals(Failure.UNKNOWN_IMPORT, e.failure());
    assertEquals(ErrorKind.UNLINKABLE, e.kind());
    assertTrue(e.getMessage().contains("env.f"), e.getMessage());
  }

  @Test
  void importsOfTheWrongKindOrTypeAreIncompatible() {
    HostFunction f =
        new HostFunction(new FuncType(new ValType[] {ValType.I32}, NONE), (c, s, b) -> {});
    Global g = new Global(new GlobalType(ValType.I32, false), 1);
    Global mg = new Global(new GlobalType(ValType.I32, true), 1);
    Imports env = imports("env", Map.of("f", f, "g", g, "mg", mg));
    String[] bad = {
      "(module (import \"env\" \"f\" (func (param i64))))",
      "(module (import \"env\" \"f\" (func (param i32) (result i32))))",
      "(module (import \"env\" \"g\" (func)))",
      "(module (import \"env\" \"g\" (global (mut i32))))",
      "(module (import \"env\" \"mg\" (global i32)))",
      "(module (import \"env\" \"g\" (global i64)))",
    };
    for (String wat : bad) {
      assertEquals(Failure.INCOMPATIBLE_IMPORT, fails(wat, env).failure(), wat);
    }
    Wat.instantiate("(module (import \"env\" \"f\" (func (param i32))))", env);
    Wat.instantiate("(module (import \"env\" \"mg\" (global (mut i32))))", env);
  }

  @Test
  void tableAndMemoryImportsFollowLimitsSubtyping() {
    Memory mem = new Memory(new MemoryType(new Limits(2, 4, false)));
    Memory shared = new Memory(new MemoryType(new Limits(1, 4, true)));
    Table table = new Table(new TableType(ValType.FUNCREF, new Limits(10, 20, false)));
    Imports env = imports("env", Map.of("mem", mem, "shared", shared, "table", table));
    Wat.instantiate("(module (import \"env\" \"mem\" (memory 1)))", env);
    Wat.instantiate("(module (import \"env\" \"mem\" (memory 2 4)))", env);
    Wat.instantiate("(module (import \"env\" \"table\" (table 5 30 funcref)))", env);
    Wat.instantiate("(module (import \"env\" \"shared\" (memory 1 4 shared)))", env);
    String[] bad = {
      "(module (import \"env\" \"mem\" (memory 3)))",
      "(module (import \"env\" \"mem\" (memory 1 3)))",
      "(module (import \"env\" \"mem\" (memory 1 4 shared)))",
      "(module (import \"env\" \"shared\" (memory 1 4)))",
      "(module (import \"env\" \"table\" (table 11 funcref)))",
      "(module (import \"env\" \"table\" (table 10 19 funcref)))",
      "(module (import \"env\" \"table\" (table 10 externref)))",
    };
    for (String wat : bad) {
      assertEquals(Failure.INCOMPATIBLE_IMPORT, fails(wat, env).failure(), wat);
    }
    // The current size counts, not the declared minimum.
    mem.grow(1);
    Wat.instantiate("(module (import \"env\" \"mem\" (memory 3)))", env);
  }

  @Test
  void constantExpressionsReadImportedGlobalsAndExtendedConst() {
    Global base = new Global(new GlobalType(ValType.I32, false), 40);
    Instance i =
        Wat.instantiate(
            "(module (import \"env\" \"base\" (global $b i32))"
                + " (global $x i32 (i32.add (global.get $b) (i32.const 2)))"
                + " (global $y i64 (i64.mul (i64.const 3) (i64.const -7)))"
                + " (global (export \"f\") f64 (f64.const -1.5))"
                + " (func (export \"x\") (result i32) (global.get $x))"
                + " (func (export \"y\") (result i64) (global.get $y)))",
            imports("env", Map.of("base", base)));
    assertEquals(42, i.invoke("x")[0]);
    assertEquals(-21, i.invoke("y")[0]);
    assertEquals(Double.doubleToRawLongBits(-1.5), ((Global) i.export("f")).get());
  }

  @Test
  void segmentsApplyInOrderAndThoseBeforeAFailingOneStay() {
    Memory mem = new Memory(new MemoryType(new Limits(1, 1, false)));
    WasmException e =
        fails(
            "(module (import \"env\" \"mem\" (memory 1))"
                + " (data (i32.const 0) \"ab\") (data (i32.const 65535) \"cd\")"
                + " (data (i32.const 10) \"ef\"))",
            imports("env", Map.of("mem", mem)));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, e.failure());
    assertEquals('a', mem.loadI8(0));
    assertEquals(0, mem.loadI8(65535));
    assertEquals(0, mem.loadI8(10));

    Table table = new Table(new TableType(ValType.FUNCREF, new Limits(2, 2, false)));
    WasmException t =
        fails(
            "(module (import \"env\" \"t\" (table 2 funcref)) (func $f)"
                + " (elem (i32.const 0) $f) (elem (i32.const 1) $f $f))",
            imports("env", Map.of("t", table)));
    assertEquals(Failure.OUT_OF_BOUNDS_TABLE, t.failure());
    assertTrue(table.get(0) >= 0);
    assertEquals(Table.NULL, table.get(1));
  }

  @Test
  void startFunctionRunsAfterSegmentsAndItsTrapFailsInstantiation() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1) (data (i32.const 0) \"\\05\")"
                + " (global $g (mut i32) (i32.const 0))"
                + " (func $start (global.set $g (i32.load8_u (i32.const 0)))) (start $start)"
                + " (func (export \"g\") (result i32) (global.get $g)))");
    assertEquals(5, i.invoke("g")[0]);
    WasmException e = fails("(module (func $s unreachable) (start $s))", Imports.NONE);
    assertEquals(Failure.UNREACHABLE, e.failure());
  }

  @Test
  void exportsAreFoundByName() {
    Instance i =
        Wat.instantiate(
            "(module (memory (export \"m\") 1) (table (export \"t\") 1 funcref)"
                + " (global (export \"g\") i32 (i32.const 3)) (func (export \"f\")))");
    assertSame(i.memory(), i.export("m"));
    assertTrue(i.export("t") instanceof Table);
    assertTrue(i.export("f") instanceof WasmFunction);
    assertEquals(3, ((Global) i.export("g")).get());
    assertEquals(null, i.export("nothing"));
    assertArrayEquals(new long[0], i.invoke("f"));
  }

  @Test
  void importedFunctionsOfAnotherInstanceAndOfTheHostAreCalledDirectly() {
    Store store = new Store();
    Instance lib =
        Wat.instantiate(
            store,
            "(module (global $n (mut i32) (i32.const 0))"
                + " (func (export \"bump\") (param i32) (result i32)"
                + "   (global.set $n (i32.add (global.get $n) (local.get 0))) (global.get $n)))",
            Imports.NONE);
    HostFunction triple =
        new HostFunction(
            new FuncType(new ValType[] {ValType.I32}, new ValType[] {ValType.I32}),
            (caller, stack, base) -> stack[base] = 3 * stack[base]);
    Instance app =
        Wat.instantiate(
            store,
            "(module (import \"lib\" \"bump\" (func $bump (param i32) (result i32)))"
                + " (import \"host\" \"triple\" (func $triple (param i32) (result i32)))"
                + " (func (export \"run\") (param i32) (result i32)"
                + "   (call $triple (call $bump (local.get 0)))))",
            (m, n) -> m.equals("lib") ? lib.export(n) : triple);
    assertEquals(15, app.invoke("run", 5)[0]);
    assertEquals(24, app.invoke("run", 3)[0]);
    assertSame(lib.export("bump"), app.function(0));
  }
}
