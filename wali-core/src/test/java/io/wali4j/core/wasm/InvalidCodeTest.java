package io.wali4j.core.wasm;

import static io.wali4j.core.wasm.TestModules.ft;
import static io.wali4j.core.wasm.TestModules.vt;
import static io.wali4j.core.wasm.ValType.FUNCREF;
import static io.wali4j.core.wasm.ValType.I32;
import static io.wali4j.core.wasm.ValType.I64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Function bodies the validator must reject, with the spec interpreter's messages. */
class InvalidCodeTest {

  private static WasmException reject(Module m, Failure expected) {
    WasmException e = assertThrows(WasmException.class, () -> Validator.validate(m));
    assertEquals(expected, e.failure(), e.getMessage());
    return e;
  }

  private static WasmException rejectBody(FuncType t, ValType[] locals, Failure f, int... body) {
    return reject(TestModules.single(t, locals, body), f);
  }

  @Test
  void typeMismatchNamesFunctionOffsetAndInstruction() {
    // (result i32): i64.const 0 i32.eqz end
    WasmException e =
        rejectBody(ft(vt(), I32), vt(), Failure.TYPE_MISMATCH, 0x42, 0x00, 0x45, 0x0B);
    assertEquals(ErrorKind.INVALID, e.kind());
    assertTrue(e.getMessage().startsWith("type mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains("function 0 (func[0])"), e.getMessage());
    assertTrue(e.getMessage().contains("at byte offset 2 (i32.eqz)"), e.getMessage());
    assertTrue(e.getMessage().contains("expected i32, found i64"), e.getMessage());
  }

  @Test
  void emptyStackAndLeftoverValuesAreTypeMismatches() {
    rejectBody(ft(vt(), I32), vt(), Failure.TYPE_MISMATCH, 0x0B);
    rejectBody(ft(vt()), vt(), Failure.TYPE_MISMATCH, 0x41, 0x00, 0x0B);
    // block leaves a value it does not declare
    rejectBody(ft(vt()), vt(), Failure.TYPE_MISMATCH, 0x02, 0x40, 0x41, 0x00, 0x0B, 0x0B);
  }

  @Test
  void blockCannotSeeOperandsBelowIt() {
    // i32.const 1 block i32.eqz drop end drop
    rejectBody(
        ft(vt()),
        vt(),
        Failure.TYPE_MISMATCH,
        0x41,
        0x01,
        0x02,
        0x40,
        0x45,
        0x1A,
        0x0B,
        0x1A,
        0x0B);
  }

  @Test
  void ifWithoutElseMustNotChangeTypes() {
    // i32.const 1 if (result i32) i32.const 2 end drop
    rejectBody(
        ft(vt()),
        vt(),
        Failure.TYPE_MISMATCH,
        0x41,
        0x01,
        0x04,
        0x7F,
        0x41,
        0x02,
        0x0B,
        0x1A,
        0x0B);
  }

  @Test
  void unknownIndices() {
    rejectBody(ft(vt(I32)), vt(I64), Failure.UNKNOWN_LOCAL, 0x20, 0x02, 0x1A, 0x0B);
    rejectBody(ft(vt()), vt(), Failure.UNKNOWN_LABEL, 0x0C, 0x01, 0x0B);
    rejectBody(ft(vt()), vt(), Failure.UNKNOWN_GLOBAL, 0x23, 0x00, 0x1A, 0x0B);
    rejectBody(ft(vt()), vt(), Failure.UNKNOWN_FUNCTION, 0x10, 0x05, 0x0B);
    rejectBody(ft(vt()), vt(), Failure.UNKNOWN_MEMORY, 0x3F, 0x00, 0x1A, 0x0B);
    rejectBody(ft(vt()), vt(), Failure.UNKNOWN_TABLE, 0x41, 0x00, 0x11, 0x00, 0x00, 0x0B);
    rejectBody(ft(vt()), vt(), Failure.UNKNOWN_TYPE, 0x02, 0x07, 0x0B, 0x0B);
  }

  @Test
  void immutableGlobalCannotBeSet() {
    TestModules m = new TestModules();
    m.globals.add(new GlobalDef(new GlobalType(I32, false), TestModules.expr(0x41, 0, 0x0B)));
    m.func(m.type(ft(vt())), vt(), 0x41, 0x00, 0x24, 0x00, 0x0B);
    reject(m.build(), Failure.IMMUTABLE_GLOBAL);
  }

  @Test
  void alignmentRules() {
    TestModules m = new TestModules();
    m.memory(1, 1, true);
    // i32.const 0 i32.load align=3 (2^3 > 4 bytes)
    m.func(m.type(ft(vt())), vt(), 0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B);
    reject(m.build(), Failure.ALIGNMENT_TOO_LARGE);

    TestModules a = new TestModules();
    a.memory(1, 1, true);
    // i32.const 0 i32.atomic.load align=1: atomics need exactly natural alignment
    a.func(a.type(ft(vt())), vt(), 0x41, 0x00, 0xFE, 0x10, 0x01, 0x00, 0x1A, 0x0B);
    reject(a.build(), Failure.ATOMIC_ALIGNMENT);
  }

  @Test
  void selectWithoutTypeRejectsReferences() {
    // ref.null func ref.null func i32.const 1 select drop
    rejectBody(
        ft(vt()),
        vt(),
        Failure.TYPE_MISMATCH,
        0xD0,
        0x70,
        0xD0,
        0x70,
        0x41,
        0x01,
        0x1B,
        0x1A,
        0x0B);
    // select (result i32 i32) has an invalid arity
    rejectBody(
        ft(vt()),
        vt(),
        Failure.INVALID_RESULT_ARITY,
        0x41,
        0x01,
        0x41,
        0x01,
        0x41,
        0x01,
        0x1C,
        0x02,
        0x7F,
        0x7F,
        0x1A,
        0x0B);
  }

  @Test
  void brTableLabelsMustAgreeInArity() {
    // block (result i32) block i32.const 0 br_table 0 1 end i32.const 0 end drop
    rejectBody(
        ft(vt()),
        vt(),
        Failure.TYPE_MISMATCH,
        0x02,
        0x7F,
        0x02,
        0x40,
        0x41,
        0x00,
        0x0E,
        0x01,
        0x00,
        0x01,
        0x0B,
        0x41,
        0x00,
        0x0B,
        0x1A,
        0x0B);
  }

  @Test
  void brTableLabelsMustAgreeInTypesEvenWhenUnreachable() {
    // block (result f32) block (result i32) unreachable i32.const 1 br_table 0 1 end drop
    // f32.const 0 end drop  (unreached-invalid.wast)
    rejectBody(
        ft(vt()),
        vt(),
        Failure.TYPE_MISMATCH,
        0x02,
        0x7D,
        0x02,
        0x7F,
        0x00,
        0x41,
        0x01,
        0x0E,
        0x01,
        0x00,
        0x01,
        0x0B,
        0x1A,
        0x43,
        0,
        0,
        0,
        0,
        0x0B,
        0x1A,
        0x0B);
    // the same labels with the same arity and type are fine
    Validator.validate(
        TestModules.single(
            ft(vt()), vt(), 0x02, 0x7F, 0x02, 0x7F, 0x00, 0x41, 0x01, 0x0E, 0x01, 0x00, 0x01, 0x0B,
            0x1A, 0x41, 0, 0x0B, 0x1A, 0x0B));
  }

  @Test
  void refFuncNeedsADeclaration() {
    TestModules m = new TestModules();
    m.func(m.type(ft(vt())), vt(), 0xD2, 0x00, 0x1A, 0x0B);
    reject(m.build(), Failure.UNDECLARED_FUNCTION_REFERENCE);

    TestModules declared = new TestModules();
    declared.func(declared.type(ft(vt())), vt(), 0xD2, 0x00, 0x1A, 0x0B);
    declared.elements.add(
        new ElementSegment(
            ElementSegment.Mode.DECLARATIVE,
            0,
            null,
            FUNCREF,
            List.of(TestModules.expr(0xD2, 0x00, 0x0B))));
    Validator.validate(declared.build());
  }

  @Test
  void malformedBodies() {
    WasmException e = rejectBody(ft(vt()), vt(), Failure.ILLEGAL_OPCODE, 0xFF, 0x0B);
    assertEquals(ErrorKind.MALFORMED, e.kind());
    rejectBody(ft(vt()), vt(), Failure.ILLEGAL_OPCODE, 0xFC, 0x7F, 0x0B);
    // else inside a block
    rejectBody(ft(vt()), vt(), Failure.END_OPCODE_EXPECTED, 0x02, 0x40, 0x05, 0x0B, 0x0B);
    // memory.size with a non-zero reserved byte
    TestModules m = new TestModules();
    m.memory(1, Limits.NO_MAX, false);
    m.func(m.type(ft(vt())), vt(), 0x3F, 0x01, 0x1A, 0x0B);
    reject(m.build(), Failure.ZERO_BYTE_EXPECTED);
    // missing final end
    rejectBody(ft(vt()), vt(), Failure.UNEXPECTED_END_OF_SECTION, 0x01);
  }

  @Test
  void dataDropWithoutDataCountIsMalformed() {
    TestModules m = new TestModules();
    m.memory(1, Limits.NO_MAX, false);
    m.func(m.type(ft(vt())), vt(), 0xFC, 0x09, 0x00, 0x0B);
    reject(m.build(), Failure.DATA_COUNT_REQUIRED);
    TestModules counted = new TestModules();
    counted.memory(1, Limits.NO_MAX, false);
    counted.dataCount = 0;
    counted.func(counted.type(ft(vt())), vt(), 0xFC, 0x09, 0x00, 0x0B);
    reject(counted.build(), Failure.UNKNOWN_DATA_SEGMENT);
  }

  @Test
  void unsupportedProposalsAreNamed() {
    WasmException e = rejectBody(ft(vt()), vt(), Failure.UNSUPPORTED_FEATURE, 0xFD, 0x0C, 0x0B);
    assertTrue(e.getMessage().contains("SIMD"), e.getMessage());
    rejectBody(ft(vt()), vt(), Failure.UNSUPPORTED_FEATURE, 0x12, 0x00, 0x0B);
  }

  @Test
  void tableInstructionsCheckElementTypes() {
    TestModules m = new TestModules();
    m.tables.add(new TableType(ValType.EXTERNREF, new Limits(1, Limits.NO_MAX, false)));
    // i32.const 0 ref.null func table.set 0
    m.func(m.type(ft(vt())), vt(), 0x41, 0x00, 0xD0, 0x70, 0x26, 0x00, 0x0B);
    reject(m.build(), Failure.TYPE_MISMATCH);
    // call_indirect through an externref table
    TestModules c = new TestModules();
    c.tables.add(new TableType(ValType.EXTERNREF, new Limits(1, Limits.NO_MAX, false)));
    c.func(c.type(ft(vt())), vt(), 0x41, 0x00, 0x11, 0x00, 0x00, 0x0B);
    reject(c.build(), Failure.TYPE_MISMATCH);
  }

  @Test
  void codeAfterReturnMustStillTypeCheck() {
    // (result i32): i32.const 1 return f32.const 0 i32.eqz
    rejectBody(
        ft(vt(), I32), vt(), Failure.TYPE_MISMATCH, 0x41, 0x01, 0x0F, 0x43, 0, 0, 0, 0, 0x45, 0x0B);
  }

  @Test
  void malformedBodyWinsOverAnEarlierInvalidOne() {
    // function 0 is invalid (type mismatch); function 1 has an illegal opcode. The spec
    // interpreter decodes the whole module first, so the module is malformed.
    TestModules m = new TestModules();
    int t = m.type(ft(vt()));
    m.func(t, vt(), 0x41, 0x00, 0x0B);
    m.func(t, vt(), 0xFF, 0x0B);
    WasmException e = reject(m.build(), Failure.ILLEGAL_OPCODE);
    assertTrue(e.getMessage().contains("function 1"), e.getMessage());
  }
}
