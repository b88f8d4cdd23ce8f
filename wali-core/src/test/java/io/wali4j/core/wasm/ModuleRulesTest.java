package io.wali4j.core.wasm;

import static io.wali4j.core.wasm.TestModules.expr;
import static io.wali4j.core.wasm.TestModules.ft;
import static io.wali4j.core.wasm.TestModules.vt;
import static io.wali4j.core.wasm.ValType.I32;
import static io.wali4j.core.wasm.ValType.I64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Module-level validation rules (spec 3.4) with their messages. */
class ModuleRulesTest {

  private static void reject(TestModules m, Failure expected) {
    WasmException e = assertThrows(WasmException.class, () -> Validator.validate(m.build()));
    assertEquals(expected, e.failure(), e.getMessage());
  }

  private static GlobalDef global(ValType t, boolean mutable, ConstExpr init) {
    return new GlobalDef(new GlobalType(t, mutable), init);
  }

  @Test
  void memoryLimits() {
    reject(new TestModules().memory(65537, Limits.NO_MAX, false), Failure.MEMORY_SIZE_LIMIT);
    reject(new TestModules().memory(2, 1, false), Failure.LIMITS_MIN_GREATER_THAN_MAX);
    reject(new TestModules().memory(1, Limits.NO_MAX, true), Failure.SHARED_MEMORY_NEEDS_MAX);
    reject(new TestModules().memory(1, 1, false).memory(1, 1, false), Failure.MULTIPLE_MEMORIES);
    Validator.validate(new TestModules().memory(1, 65536, true).build());
  }

  @Test
  void startFunctionMustTakeAndReturnNothing() {
    TestModules m = new TestModules();
    m.func(m.type(ft(vt(I32))), vt(), 0x0B);
    m.start = 0;
    reject(m, Failure.START_FUNCTION);
    TestModules unknown = new TestModules();
    unknown.start = 3;
    reject(unknown, Failure.UNKNOWN_FUNCTION);
  }

  @Test
  void exportsAreUniqueAndExist() {
    TestModules m = new TestModules();
    m.func(m.type(ft(vt())), vt(), 0x0B);
    m.exports.add(new Export("f", ExternKind.FUNC, 0));
    m.exports.add(new Export("f", ExternKind.FUNC, 0));
    reject(m, Failure.DUPLICATE_EXPORT);
    TestModules g = new TestModules();
    g.exports.add(new Export("g", ExternKind.GLOBAL, 0));
    reject(g, Failure.UNKNOWN_GLOBAL);
  }

  @Test
  void globalInitializersAreConstantAndTyped() {
    TestModules nonConst = new TestModules();
    nonConst.globals.add(global(I32, false, expr(0x41, 0x01, 0x41, 0x01, 0x6D, 0x0B)));
    reject(nonConst, Failure.CONSTANT_EXPRESSION_REQUIRED);

    TestModules wrongType = new TestModules();
    wrongType.globals.add(global(I32, false, expr(0x42, 0x01, 0x0B)));
    reject(wrongType, Failure.TYPE_MISMATCH);

    TestModules twoValues = new TestModules();
    twoValues.globals.add(global(I32, false, expr(0x41, 0x01, 0x41, 0x01, 0x0B)));
    reject(twoValues, Failure.TYPE_MISMATCH);

    // extended-const: i64 arithmetic on an imported immutable global
    TestModules ext = new TestModules();
    ext.imports.add(new Import("env", "g", new GlobalType(I64, false)));
    ext.globals.add(global(I64, false, expr(0x23, 0x00, 0x42, 0x02, 0x7E, 0x42, 0x01, 0x7C, 0x0B)));
    Validator.validate(ext.build());

    // global.get of a mutable import is not constant
    TestModules mut = new TestModules();
    mut.imports.add(new Import("env", "g", new GlobalType(I32, true)));
    mut.globals.add(global(I32, false, expr(0x23, 0x00, 0x0B)));
    reject(mut, Failure.CONSTANT_EXPRESSION_REQUIRED);

    // a module-defined global is not visible to initializers
    TestModules own = new TestModules();
    own.globals.add(global(I32, false, expr(0x41, 0x00, 0x0B)));
    own.globals.add(global(I32, false, expr(0x23, 0x00, 0x0B)));
    reject(own, Failure.UNKNOWN_GLOBAL);
  }

  @Test
  void dataSegmentsNeedAMemoryAndI32Offset() {
    TestModules m = new TestModules();
    m.datas.add(new DataSegment(true, 0, expr(0x41, 0x00, 0x0B), new byte[1]));
    reject(m, Failure.UNKNOWN_MEMORY);
    TestModules t = new TestModules().memory(1, Limits.NO_MAX, false);
    t.datas.add(new DataSegment(true, 0, expr(0x42, 0x00, 0x0B), new byte[1]));
    reject(t, Failure.TYPE_MISMATCH);
  }

  @Test
  void elementSegmentsMatchTheirTable() {
    TestModules m = new TestModules();
    m.tables.add(new TableType(ValType.EXTERNREF, new Limits(1, Limits.NO_MAX, false)));
    m.elements.add(
        new ElementSegment(
            ElementSegment.Mode.ACTIVE,
            0,
            expr(0x41, 0x00, 0x0B),
            ValType.FUNCREF,
            java.util.List.of()));
    reject(m, Failure.TYPE_MISMATCH);
    TestModules noTable = new TestModules();
    noTable.elements.add(
        new ElementSegment(
            ElementSegment.Mode.ACTIVE,
            0,
            expr(0x41, 0x00, 0x0B),
            ValType.FUNCREF,
            java.util.List.of()));
    reject(noTable, Failure.UNKNOWN_TABLE);
  }

  @Test
  void functionDeclarationsNeedKnownTypes() {
    TestModules m = new TestModules();
    m.func(4, vt(), 0x0B);
    reject(m, Failure.UNKNOWN_TYPE);
  }

  @Test
  void mutableGlobalsMayBeImportedAndExported() {
    TestModules m = new TestModules();
    m.imports.add(new Import("env", "g", new GlobalType(I32, true)));
    m.globals.add(global(I64, true, expr(0x42, 0x00, 0x0B)));
    m.exports.add(new Export("g", ExternKind.GLOBAL, 0));
    m.exports.add(new Export("h", ExternKind.GLOBAL, 1));
    Validator.validate(m.build());
  }

  @Test
  void atomicsTypeCheckTheirOperands() {
    TestModules wait = new TestModules().memory(1, 1, true);
    // i32.const 0 i32.const 0 i64.const -1 memory.atomic.wait32 align=2 drop
    wait.func(
        wait.type(ft(vt())),
        vt(),
        0x41,
        0,
        0x41,
        0,
        0x42,
        0x7F,
        0xFE,
        0x01,
        0x02,
        0x00,
        0x1A,
        0x0B);
    Validator.validate(wait.build());
    TestModules bad = new TestModules().memory(1, 1, true);
    // i64.atomic.rmw.cmpxchg with an i32 expected value
    bad.func(
        bad.type(ft(vt())), vt(), 0x41, 0, 0x41, 0, 0x42, 0, 0xFE, 0x49, 0x03, 0x00, 0x1A, 0x0B);
    reject(bad, Failure.TYPE_MISMATCH);
    TestModules noMemory = new TestModules();
    noMemory.func(
        noMemory.type(ft(vt())), vt(), 0x41, 0, 0x41, 0, 0xFE, 0x00, 0x02, 0x00, 0x1A, 0x0B);
    reject(noMemory, Failure.UNKNOWN_MEMORY);
  }
}
