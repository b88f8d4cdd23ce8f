package io.wali4j.core.wasm;

import static io.wali4j.core.wasm.Opcodes.BR_DROP;
import static io.wali4j.core.wasm.Opcodes.BR_IF_DROP;
import static io.wali4j.core.wasm.Opcodes.BR_TABLE;
import static io.wali4j.core.wasm.Opcodes.CALL;
import static io.wali4j.core.wasm.Opcodes.DROP;
import static io.wali4j.core.wasm.Opcodes.I32_ADD;
import static io.wali4j.core.wasm.Opcodes.I32_CONST;
import static io.wali4j.core.wasm.Opcodes.I32_LOAD;
import static io.wali4j.core.wasm.Opcodes.I64_CONST;
import static io.wali4j.core.wasm.Opcodes.JUMP;
import static io.wali4j.core.wasm.Opcodes.JUMP_IF;
import static io.wali4j.core.wasm.Opcodes.JUMP_IF_ZERO;
import static io.wali4j.core.wasm.Opcodes.LOCAL_GET;
import static io.wali4j.core.wasm.Opcodes.RETURN;
import static io.wali4j.core.wasm.Opcodes.SELECT;
import static io.wali4j.core.wasm.TestModules.ft;
import static io.wali4j.core.wasm.TestModules.vt;
import static io.wali4j.core.wasm.ValType.I32;
import static io.wali4j.core.wasm.ValType.I64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The pre-decoded form the validator emits (the contract of {@link FunctionCode}). */
class CodeEmissionTest {

  private static FunctionCode only(Module m) {
    FunctionCode c = Validator.validate(m).code().get(0);
    FunctionCodeChecker.check(c);
    return c;
  }

  @Test
  void brWithValuesAlreadyInPlaceIsAPlainJump() {
    // block (result i32) i32.const 1 br 0 end end
    FunctionCode c =
        only(
            TestModules.single(
                ft(vt(), I32), vt(), 0x02, 0x7F, 0x41, 0x01, 0x0C, 0x00, 0x0B, 0x0B));
    assertArrayEquals(new int[] {I32_CONST, 1, JUMP, 4, RETURN}, c.code());
    assertEquals(1, c.maxStackHeight());
    assertEquals(1, c.numResults());
  }

  @Test
  void brWithExtraValuesMovesTheLabelsValuesDown() {
    // (param i32) (result i32): block (result i32) local.get 0 i32.const 2 br 0 end end
    FunctionCode c =
        only(
            TestModules.single(
                ft(vt(I32), I32),
                vt(),
                0x02,
                0x7F,
                0x20,
                0x00,
                0x41,
                0x02,
                0x0C,
                0x00,
                0x0B,
                0x0B));
    // keep = numLocals (1) + height at block entry (0); arity 1
    assertArrayEquals(new int[] {LOCAL_GET, 0, I32_CONST, 2, BR_DROP, 8, 1, 1, RETURN}, c.code());
    assertEquals(1, c.numLocals());
    assertEquals(2, c.maxStackHeight());
  }

  @Test
  void brToFunctionLabelTargetsTheFinalReturn() {
    // (result i32) (local i64): i64.const 5 drop i32.const 7 i32.const 8 br 0 end
    FunctionCode c =
        only(
            TestModules.single(
                ft(vt(), I32),
                vt(I64),
                0x42,
                0x05,
                0x1A,
                0x41,
                0x07,
                0x41,
                0x08,
                0x0C,
                0x00,
                0x0B));
    assertArrayEquals(
        new int[] {I64_CONST, 5, 0, DROP, I32_CONST, 7, I32_CONST, 8, BR_DROP, 12, 1, 1, RETURN},
        c.code());
  }

  @Test
  void ifElseJumpsToElseArmAndOverIt() {
    // (param i32) (result i32): local.get 0 if (result i32) i32.const 1 else i32.const 2 end end
    FunctionCode c =
        only(
            TestModules.single(
                ft(vt(I32), I32),
                vt(),
                0x20,
                0x00,
                0x04,
                0x7F,
                0x41,
                0x01,
                0x05,
                0x41,
                0x02,
                0x0B,
                0x0B));
    assertArrayEquals(
        new int[] {LOCAL_GET, 0, JUMP_IF_ZERO, 8, I32_CONST, 1, JUMP, 10, I32_CONST, 2, RETURN},
        c.code());
    // byte offsets of the original instructions; 0 for immediates
    assertArrayEquals(new int[] {0, 0, 2, 0, 4, 0, 6, 0, 7, 0, 10}, c.offsets());
  }

  @Test
  void ifWithoutElseJumpsToItsEnd() {
    // (param i32): local.get 0 if i32.const 1 drop end end
    FunctionCode c =
        only(
            TestModules.single(
                ft(vt(I32)), vt(), 0x20, 0x00, 0x04, 0x40, 0x41, 0x01, 0x1A, 0x0B, 0x0B));
    assertArrayEquals(
        new int[] {LOCAL_GET, 0, JUMP_IF_ZERO, 7, I32_CONST, 1, DROP, RETURN}, c.code());
  }

  @Test
  void loopWithParameterBranchesBackWithItsParamArity() {
    TestModules m = new TestModules();
    int fn = m.type(ft(vt(I32), I32));
    int loopType = m.type(ft(vt(I32), I32));
    // local.get 0
    // loop (type 1)      ;; [i32] -> [i32]
    //   i32.const 1 i32.add
    //   i32.const 7 local.get 0 br_if 0   ;; [v 7] on the stack: 7 moves down to the param slot
    //   drop
    //   local.get 0 local.get 0 br_if 0   ;; [v v]: the top v moves down
    // end end
    m.func(
        fn, vt(), 0x20, 0x00, 0x03, loopType, 0x41, 0x01, 0x6A, 0x41, 0x07, 0x20, 0x00, 0x0D, 0x00,
        0x1A, 0x20, 0x00, 0x20, 0x00, 0x0D, 0x00, 0x1A, 0x0B, 0x0B);
    FunctionCode c = only(m.build());
    assertArrayEquals(
        new int[] {
          LOCAL_GET,
          0,
          I32_CONST,
          1,
          I32_ADD,
          I32_CONST,
          7,
          LOCAL_GET,
          0,
          BR_IF_DROP,
          2,
          1,
          1,
          DROP,
          LOCAL_GET,
          0,
          LOCAL_GET,
          0,
          BR_IF_DROP,
          2,
          1,
          1,
          DROP,
          RETURN
        },
        c.code());
    assertEquals(3, c.maxStackHeight());
  }

  @Test
  void brIfInPlaceIsAConditionalJump() {
    // (param i32): block local.get 0 br_if 0 end end
    FunctionCode c =
        only(TestModules.single(ft(vt(I32)), vt(), 0x02, 0x40, 0x20, 0x00, 0x0D, 0x00, 0x0B, 0x0B));
    assertArrayEquals(new int[] {LOCAL_GET, 0, JUMP_IF, 4, RETURN}, c.code());
  }

  @Test
  void multiValueBlockKeepsHeightBelowItsParams() {
    TestModules m = new TestModules();
    int fn = m.type(ft(vt(), I32, I64));
    int bt = m.type(ft(vt(I32), I32, I64));
    // i32.const 9
    // i32.const 1 block (type bt) i64.const 2 br 0 end  ;; label values [i32 i64] at height 1
    // return                                            ;; stack [9 1 2]: results are the top two
    m.func(fn, vt(), 0x41, 0x09, 0x41, 0x01, 0x02, bt, 0x42, 0x02, 0x0C, 0x00, 0x0B, 0x0F, 0x0B);
    FunctionCode c = only(m.build());
    assertArrayEquals(
        new int[] {I32_CONST, 9, I32_CONST, 1, I64_CONST, 2, 0, JUMP, 9, RETURN, RETURN}, c.code());
    assertEquals(3, c.maxStackHeight());
    assertEquals(2, c.numResults());
  }

  @Test
  void multiValueBranchWithDropCarriesArityTwo() {
    TestModules m = new TestModules();
    int fn = m.type(ft(vt(), I32, I64));
    int bt = m.type(ft(vt(), I32, I64));
    // block (type bt) i32.const 0 i32.const 1 i64.const 2 br 0 end end
    m.func(fn, vt(), 0x02, bt, 0x41, 0x00, 0x41, 0x01, 0x42, 0x02, 0x0C, 0x00, 0x0B, 0x0B);
    FunctionCode c = only(m.build());
    assertArrayEquals(
        new int[] {I32_CONST, 0, I32_CONST, 1, I64_CONST, 2, 0, BR_DROP, 11, 2, 0, RETURN},
        c.code());
  }

  @Test
  void brTableEmitsOneTriplePerLabelDefaultLast() {
    // (param i32) (result i32):
    // block (result i32)            ;; label 1 from inside, height 0
    //   block (result i32)          ;; label 0, height 0
    //     i32.const 5 local.get 0 br_table 0 1 0
    //   end
    //   drop i32.const 6
    // end end
    FunctionCode c =
        only(
            TestModules.single(
                ft(vt(I32), I32),
                vt(),
                0x02,
                0x7F,
                0x02,
                0x7F,
                0x41,
                0x05,
                0x20,
                0x00,
                0x0E,
                0x02,
                0x00,
                0x01,
                0x00,
                0x0B,
                0x1A,
                0x41,
                0x06,
                0x0B,
                0x0B));
    assertArrayEquals(
        new int[] {
          I32_CONST, 5, LOCAL_GET, 0, BR_TABLE, 2, 15, 1, 1, 18, 1, 1, 15, 1, 1, DROP, I32_CONST, 6,
          RETURN
        },
        c.code());
  }

  @Test
  void returnAndCodeAfterItStillValidate() {
    // (result i32): i32.const 1 return i32.add end  -- i32.add pops Unknowns
    FunctionCode c = only(TestModules.single(ft(vt(), I32), vt(), 0x41, 0x01, 0x0F, 0x6A, 0x0B));
    assertArrayEquals(new int[] {I32_CONST, 1, RETURN, I32_ADD, RETURN}, c.code());
  }

  @Test
  void callLoadAndSelectImmediates() {
    TestModules m = new TestModules();
    int t = m.type(ft(vt(I32), I32));
    m.memory(1, Limits.NO_MAX, false);
    // local.get 0 i32.load align=2 offset=16 call 0 local.get 0 local.get 0 select end
    m.func(t, vt(), 0x20, 0x00, 0x28, 0x02, 0x10, 0x10, 0x00, 0x20, 0x00, 0x20, 0x00, 0x1B, 0x0B);
    FunctionCode c = only(m.build());
    assertArrayEquals(
        new int[] {LOCAL_GET, 0, I32_LOAD, 16, CALL, 0, LOCAL_GET, 0, LOCAL_GET, 0, SELECT, RETURN},
        c.code());
  }

  @Test
  void bulkMemoryAtomicsAndTableImmediates() {
    TestModules m = new TestModules();
    int t = m.type(ft(vt()));
    m.memory(1, 1, true);
    m.tables.add(new TableType(ValType.FUNCREF, new Limits(1, Limits.NO_MAX, false)));
    m.tables.add(new TableType(ValType.FUNCREF, new Limits(1, Limits.NO_MAX, false)));
    m.elements.add(
        new ElementSegment(
            ElementSegment.Mode.PASSIVE,
            0,
            null,
            ValType.FUNCREF,
            java.util.List.of(TestModules.expr(0xD2, 0x00, 0x0B))));
    m.datas.add(new DataSegment(false, 0, null, new byte[4]));
    m.dataCount = 1;
    m.func(
        t, vt(), 0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x08, 0x00, 0x00, // memory.init 0
        0xFC, 0x09, 0x00, // data.drop 0
        0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0A, 0x00, 0x00, // memory.copy
        0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0B, 0x00, // memory.fill
        0x41, 0, 0x41, 5, 0xFE, 0x1E, 0x02, 0x08, 0x1A, // i32.atomic.rmw.add off=8
        0xFE, 0x03, 0x00, // atomic.fence
        0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0C, 0x00, 0x01, // table.init elem 0 table 1
        0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0E, 0x01, 0x00, // table.copy 1 0
        0xD2, 0x00, 0x41, 0, 0xFC, 0x0F, 0x01, 0x1A, // ref.func 0, table.grow 1
        0xD0, 0x6F, 0xD1, 0x1A, // ref.null extern ref.is_null
        0x41, 0, 0x11, 0x00, 0x01, // call_indirect type 0 table 1
        0x0B);
    int[] c = only(m.build()).code();
    assertArrayEquals(
        new int[] {
          I32_CONST,
          0,
          I32_CONST,
          0,
          I32_CONST,
          0,
          Opcodes.MEMORY_INIT,
          0,
          Opcodes.DATA_DROP,
          0,
          I32_CONST,
          0,
          I32_CONST,
          0,
          I32_CONST,
          0,
          Opcodes.MEMORY_COPY,
          I32_CONST,
          0,
          I32_CONST,
          0,
          I32_CONST,
          0,
          Opcodes.MEMORY_FILL,
          I32_CONST,
          0,
          I32_CONST,
          5,
          Opcodes.I32_ATOMIC_RMW_ADD,
          8,
          DROP,
          Opcodes.ATOMIC_FENCE,
          I32_CONST,
          0,
          I32_CONST,
          0,
          I32_CONST,
          0,
          Opcodes.TABLE_INIT,
          0,
          1,
          I32_CONST,
          0,
          I32_CONST,
          0,
          I32_CONST,
          0,
          Opcodes.TABLE_COPY,
          1,
          0,
          Opcodes.REF_FUNC,
          0,
          I32_CONST,
          0,
          Opcodes.TABLE_GROW,
          1,
          DROP,
          Opcodes.REF_NULL,
          Opcodes.REF_IS_NULL,
          DROP,
          I32_CONST,
          0,
          Opcodes.CALL_INDIRECT,
          0,
          1,
          RETURN
        },
        c);
  }

  @Test
  void floatConstantsKeepTheirBitsLowWordFirst() {
    // (result f64): f32.const 1.5 drop f64.const -2.0 end
    FunctionCode c =
        only(
            TestModules.single(
                ft(vt(), ValType.F64),
                vt(),
                0x43,
                0x00,
                0x00,
                0xC0,
                0x3F,
                0x1A,
                0x44,
                0x00,
                0x00,
                0x00,
                0x00,
                0x00,
                0x00,
                0x00,
                0xC0,
                0x0B));
    long bits = Double.doubleToRawLongBits(-2.0);
    assertArrayEquals(
        new int[] {
          Opcodes.F32_CONST,
          Float.floatToRawIntBits(1.5f),
          DROP,
          Opcodes.F64_CONST,
          (int) bits,
          (int) (bits >>> 32),
          RETURN
        },
        c.code());
  }

  @Test
  void deepNestingAndAWideBrTableStayLinear() {
    // 20000 nested blocks, then br_table over all of them: one pass, no rescans of the nest.
    int depth = 20000;
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < depth; i++) {
      b.write(0x02);
      b.write(0x40);
    }
    b.write(0x41);
    b.write(0x00);
    b.write(0x0E);
    uleb(b, depth - 1);
    for (int i = 0; i < depth; i++) {
      uleb(b, i);
    }
    for (int i = 0; i < depth; i++) {
      b.write(0x0B);
    }
    b.write(0x0B);
    int[] body = new int[b.size()];
    byte[] raw = b.toByteArray();
    for (int i = 0; i < raw.length; i++) {
      body[i] = raw[i] & 0xFF;
    }
    FunctionCode c = only(TestModules.single(ft(vt()), vt(), body));
    // i32.const 0, BR_TABLE n, depth triples, RETURN
    assertEquals(2 + 2 + 3 * depth + 1, c.code().length);
    // label i ends after i inner blocks: all blocks end at the same index, the final RETURN
    assertEquals(c.code().length - 1, c.code()[4]);
    assertEquals(c.code().length - 1, c.code()[4 + 3 * (depth - 1)]);
  }

  private static void uleb(java.io.ByteArrayOutputStream out, int v) {
    do {
      int x = v & 0x7F;
      v >>>= 7;
      out.write(v != 0 ? x | 0x80 : x);
    } while (v != 0);
  }
}
