package io.wali4j.core.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.Opcodes;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import org.junit.jupiter.api.Test;

class FusionTest {

  private static final int LG = Opcodes.LOCAL_GET;
  private static final int I32C = Opcodes.I32_CONST;
  private static final int I64C = Opcodes.I64_CONST;

  private static int[] fused(int... code) {
    return Fusion.fuse(code);
  }

  @Test
  void sequencesGetTheirIdsAndLeaveTheFollowingInstructionsIntact() {
    int[] code = {LG, 1, I32C, 5, Opcodes.I32_ADD, Opcodes.LOCAL_SET, 2, Opcodes.RETURN};
    int[] out = fused(code);
    assertEquals(Fusion.LG_I32C_ADD_SET, out[0]);
    // The instructions inside stay runnable on their own (a branch may land on them).
    assertEquals(Fusion.I32_CONST_I32_ADD, out[2]);
    assertEquals(Fusion.I32_ADD_LOCAL_SET, out[4]);
    assertEquals(Opcodes.LOCAL_SET, out[5]);
    assertEquals(Opcodes.LOCAL_GET, code[0], "the input is not modified");

    assertEquals(
        Fusion.LG_I32C_ADD_TEE,
        fused(LG, 1, I32C, 5, Opcodes.I32_ADD, Opcodes.LOCAL_TEE, 2, Opcodes.RETURN)[0]);
    assertEquals(
        Fusion.LG_LG_ADD_SET,
        fused(LG, 1, LG, 0, Opcodes.I32_ADD, Opcodes.LOCAL_SET, 2, Opcodes.RETURN)[0]);
    assertEquals(Fusion.LG_I32C_ADD, fused(LG, 1, I32C, 5, Opcodes.I32_ADD, Opcodes.RETURN)[0]);
    assertEquals(Fusion.LG_LG_ADD, fused(LG, 1, LG, 0, Opcodes.I32_ADD, Opcodes.RETURN)[0]);
    assertEquals(Fusion.LG_LG_I64_ADD, fused(LG, 1, LG, 0, Opcodes.I64_ADD, Opcodes.RETURN)[0]);
    assertEquals(
        Fusion.LG_I32C_STORE8, fused(LG, 1, I32C, 5, Opcodes.I32_STORE8, 0, Opcodes.RETURN)[0]);
    assertEquals(
        Fusion.LG_I32C_STORE, fused(LG, 1, I32C, 5, Opcodes.I32_STORE, 0, Opcodes.RETURN)[0]);
    // Retired sequences (no workload ran them) fall back to the pair at their start.
    assertEquals(
        Fusion.LOCAL_GET_I64_LOAD,
        fused(LG, 1, Opcodes.F64_LOAD, 8, Opcodes.F64_MUL, Opcodes.RETURN)[0]);
    assertEquals(
        Fusion.LOCAL_GET_I64_LOAD,
        fused(LG, 1, Opcodes.F64_LOAD, 8, Opcodes.F64_ADD, Opcodes.RETURN)[0]);
    assertEquals(
        Fusion.LG_I64C_I64_ADD_SET,
        fused(LG, 1, I64C, 1, 0, Opcodes.I64_ADD, Opcodes.LOCAL_SET, 1, Opcodes.RETURN)[0]);
    assertEquals(
        Fusion.LG_I64C_I64_ADD_TEE,
        fused(LG, 1, I64C, 1, 0, Opcodes.I64_ADD, Opcodes.LOCAL_TEE, 1, Opcodes.RETURN)[0]);
    assertEquals(
        Opcodes.I64_CONST,
        fused(I64C, 1, 0, Opcodes.I64_LT_U, Opcodes.JUMP_IF, 0, Opcodes.RETURN)[0]);
    assertEquals(
        Fusion.I64C_I64_NE_JUMP_IF,
        fused(I64C, 1, 0, Opcodes.I64_NE, Opcodes.JUMP_IF, 0, Opcodes.RETURN)[0]);
    assertEquals(Fusion.I64_LT_U_JUMP_IF, fused(Opcodes.I64_LT_U, Opcodes.JUMP_IF, 0)[0]);
    assertEquals(Fusion.I64_NE_JUMP_IF, fused(Opcodes.I64_NE, Opcodes.JUMP_IF, 0)[0]);
    assertEquals(Fusion.I32_ADD_LOCAL_TEE, fused(Opcodes.I32_ADD, Opcodes.LOCAL_TEE, 0)[0]);
    assertEquals(Fusion.LG_I32C_SHR_U, fused(LG, 1, I32C, 5, Opcodes.I32_SHR_U, 0)[0]);
    assertEquals(Fusion.LOCAL_GET_I32_CONST, fused(LG, 1, I32C, 5, Opcodes.I32_ROTL, 0)[0]);
    assertEquals(Fusion.LG_I32C_AND, fused(LG, 1, I32C, 5, Opcodes.I32_AND, 0)[0]);
    assertEquals(Fusion.LG_I32C_SHL, fused(LG, 1, I32C, 5, Opcodes.I32_SHL, 0)[0]);
    assertEquals(Opcodes.I32_CONST, fused(I32C, 5, Opcodes.I32_ROTL, 0)[0]);
    assertEquals(Opcodes.I32_EQZ, fused(Opcodes.I32_EQZ, Opcodes.JUMP_IF_ZERO, 0)[0]);
    assertEquals(
        Fusion.I32C_I32_NE_JUMP_IF, fused(I32C, 5, Opcodes.I32_NE, Opcodes.JUMP_IF, 0, 0)[0]);
    assertEquals(Fusion.I32_LOAD_LOCAL_TEE, fused(Opcodes.I32_LOAD, 0, Opcodes.LOCAL_TEE, 0, 0)[0]);
    assertEquals(Fusion.LOCAL_GET_I32_AND, fused(LG, 1, Opcodes.I32_AND, 0)[0]);
    assertEquals(Fusion.LOCAL_GET_I32_XOR, fused(LG, 1, Opcodes.I32_XOR, 0)[0]);
    assertEquals(Fusion.LOCAL_GET_I32_OR, fused(LG, 1, Opcodes.I32_OR, 0)[0]);
    assertEquals(Fusion.LG_LG_XOR, fused(LG, 1, LG, 2, Opcodes.I32_XOR, 0)[0]);
    assertEquals(Fusion.LG_LG_AND, fused(LG, 1, LG, 2, Opcodes.I32_AND, 0)[0]);
    assertEquals(
        Fusion.F64_ADD_F64_STORE, fused(Opcodes.F64_ADD, Opcodes.F64_STORE, 0, Opcodes.RETURN)[0]);
    assertEquals(
        Fusion.LG_I32C_ADD_I64_LOAD,
        fused(LG, 1, I32C, 8, Opcodes.I32_ADD, Opcodes.F64_LOAD, 0, Opcodes.RETURN)[0]);
    assertEquals(
        Fusion.LG_I32C_ADD_I32_LOAD,
        fused(LG, 1, I32C, 8, Opcodes.I32_ADD, Opcodes.I32_LOAD, 0, Opcodes.RETURN)[0]);
  }

  @Test
  void loopTailsRotationsAndFloatSequencesGetTheirIds() {
    int add = Opcodes.I32_ADD;
    int tee = Opcodes.LOCAL_TEE;
    int ne = Opcodes.I32_NE;
    int jumpIf = Opcodes.JUMP_IF;
    assertEquals(
        Fusion.LG_F64_LOAD_F64_ADD_STORE,
        fused(LG, 1, Opcodes.F64_LOAD, 0, Opcodes.F64_ADD, Opcodes.F64_STORE, 0, 0)[0]);
    assertEquals(
        Fusion.LG_I32C_ROTL_XOR, fused(LG, 1, I32C, 5, Opcodes.I32_ROTL, Opcodes.I32_XOR, 0)[0]);
    assertEquals(
        Fusion.LG_I32C_SHR_U_XOR, fused(LG, 1, I32C, 5, Opcodes.I32_SHR_U, Opcodes.I32_XOR, 0)[0]);
    assertEquals(Fusion.LT_I32C_ROTL, fused(tee, 1, I32C, 5, Opcodes.I32_ROTL, 0)[0]);
    assertEquals(Fusion.LG_LG_F64_MUL, fused(LG, 1, LG, 2, Opcodes.F64_MUL, 0)[0]);
    assertEquals(Fusion.F64_SUB_F64_STORE, fused(Opcodes.F64_SUB, Opcodes.F64_STORE, 0, 0)[0]);
    assertEquals(Fusion.F64_SUB_LOCAL_TEE, fused(Opcodes.F64_SUB, tee, 0, 0)[0]);
    assertEquals(
        Fusion.LG_LG_I32C_ADD_TEE_NE_JUMP_IF,
        fused(LG, 3, LG, 9, I32C, 2, add, tee, 9, ne, jumpIf, 0, 0)[0]);
    assertEquals(
        Fusion.LG_I32C_ADD_TEE_JUMP_IF, fused(LG, 1, I32C, -1, add, tee, 1, jumpIf, 0, 0)[0]);
    assertEquals(
        Fusion.LG_I32C_ADD_TEE_I32C_NE_JUMP_IF,
        fused(LG, 1, I32C, 4, add, tee, 1, I32C, 64, ne, jumpIf, 0, 0)[0]);
    // Without the branch the counter step stays the plain sequence.
    assertEquals(Fusion.LG_I32C_ADD_TEE, fused(LG, 1, I32C, 4, add, tee, 1, I32C, 64, ne, 0)[0]);
  }

  @Test
  void internalBranchesAreRenumberedIntoOneByteIds() {
    int[] out =
        fused(
            Opcodes.JUMP,
            2,
            Opcodes.JUMP_IF,
            0,
            Opcodes.JUMP_IF_ZERO,
            0,
            Opcodes.BR_DROP,
            0,
            1,
            0,
            Opcodes.BR_IF_DROP,
            0,
            1,
            0,
            Opcodes.RETURN);
    assertEquals(Fusion.JUMP, out[0]);
    assertEquals(Fusion.JUMP_IF, out[2]);
    assertEquals(Fusion.JUMP_IF_ZERO, out[4]);
    assertEquals(Fusion.BR_DROP, out[6]);
    assertEquals(Fusion.BR_IF_DROP, out[10]);
    assertEquals(Opcodes.RETURN, out[14]);
    for (int id : out) {
      if (id == out[0] || id == out[2] || id == out[4] || id == out[6] || id == out[10]) {
        assertEquals(true, id < 0x100, "one-byte id");
      }
    }
  }

  @Test
  void loopTailsCountLikeTheirInstructions() {
    Instance i =
        Wat.instantiate(
            "(module"
                + " (func (export \"up\") (param i32 i32) (result i32) (local i32)"
                + " block loop"
                + "   local.get 2 i32.const 1 i32.add local.set 2"
                + "   local.get 1 local.get 0 i32.const 3 i32.add local.tee 0 i32.ne br_if 0"
                + " end end local.get 2)"
                + " (func (export \"same\") (param i32) (result i32) (local i32)"
                + " block loop"
                + "   local.get 1 i32.const 1 i32.add local.tee 1 i32.const 3 i32.eq br_if 1"
                + "   local.get 0 local.get 0 i32.const 1 i32.add local.tee 0 i32.ne br_if 0"
                + " end end local.get 1)"
                + " (func (export \"down\") (param i32) (result i32) (local i32)"
                + " block loop"
                + "   local.get 1 i32.const 2 i32.add local.set 1"
                + "   local.get 0 i32.const -1 i32.add local.tee 0 br_if 0"
                + " end end local.get 1))");
    assertEquals(4L, i.invoke("up", 0, 12)[0]);
    assertEquals(1L, i.invoke("up", 7, 10)[0]);
    // The first "local.get 0" is read before the tee: old != new, so only the count ends the loop.
    assertEquals(3L, i.invoke("same", 5)[0]);
    assertEquals(10L, i.invoke("down", 5)[0]);
    assertEquals(2L, i.invoke("down", 1)[0]);
  }

  @Test
  void rotationXorsTeesAndFloatSequencesComputeWhatTheirInstructionsDo() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1)"
                + " (func (export \"sigma\") (param i32) (result i32)"
                + "   (i32.xor (i32.xor (i32.rotl (local.get 0) (i32.const 25))"
                + "     (i32.rotl (local.get 0) (i32.const 46))) (i32.shr_u (local.get 0)"
                + "     (i32.const 3))))"
                + " (func (export \"teerot\") (param i32) (result i32) (local i32)"
                + "   (i32.add (i32.rotl (local.tee 1 (i32.mul (local.get 0) (i32.const 3)))"
                + "     (i32.const 7)) (local.get 1)))"
                + " (func (export \"mul\") (param f64 f64) (result f64)"
                + "   (f64.mul (local.get 0) (local.get 1)))"
                + " (func (export \"subtee\") (param f64 f64) (result f64) (local f64)"
                + "   (f64.mul (local.tee 2 (f64.sub (local.get 0) (local.get 1))) (local.get 2)))"
                + " (func (export \"substore\") (param i32 f64 f64)"
                + "   (f64.store offset=8 (local.get 0) (f64.sub (local.get 1) (local.get 2))))"
                + " (func (export \"accum\") (param i32 f64)"
                + "   (f64.store offset=8 (local.get 0) (f64.add (local.get 1)"
                + "     (f64.load (local.get 0)))))"
                + " (func (export \"ld64\") (param i32) (result f64) (f64.load (local.get 0))))");
    int x = 0x9ABC_DEF1;
    int sigma = Integer.rotateLeft(x, 25) ^ Integer.rotateLeft(x, 14) ^ (x >>> 3);
    assertEquals((long) sigma, i.invoke("sigma", x & 0xFFFFFFFFL)[0]);
    int y = 0x4000_0001 * 3;
    assertEquals((long) (Integer.rotateLeft(y, 7) + y), i.invoke("teerot", 0x4000_0001L)[0]);
    assertEquals(bits(-7.5), i.invoke("mul", bits(2.5), bits(-3.0))[0]);
    assertEquals(bits(0.5625), i.invoke("subtee", bits(1.0), bits(0.25))[0]);
    i.invoke("substore", 0, bits(1.0), bits(3.5));
    assertEquals(bits(-2.5), i.invoke("ld64", 8)[0]);
    i.invoke("accum", 8, bits(0.75));
    assertEquals(bits(-1.75), i.invoke("ld64", 16)[0]);
    // The load traps at 65530; at 65528 the load fits and the store 8 bytes further does not.
    WasmException l = assertThrows(WasmException.class, () -> i.invoke("accum", 65530, bits(1)));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, l.failure());
    assertEquals(offsetIn(i, "accum", Opcodes.F64_LOAD), offsetIn(l));
    WasmException s = assertThrows(WasmException.class, () -> i.invoke("accum", 65528, bits(1)));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, s.failure());
    assertEquals(offsetIn(i, "accum", Opcodes.F64_STORE), offsetIn(s));
  }

  @Test
  void compareBranchesTeeGetsAndConstantOffsetLoadsGetTheirIds() {
    int jumpIf = Opcodes.JUMP_IF;
    assertEquals(Fusion.I32_GT_S_JUMP_IF, fused(Opcodes.I32_GT_S, jumpIf, 0)[0]);
    assertEquals(Fusion.I32_LE_S_JUMP_IF, fused(Opcodes.I32_LE_S, jumpIf, 0)[0]);
    assertEquals(Fusion.I32_GE_S_JUMP_IF, fused(Opcodes.I32_GE_S, jumpIf, 0)[0]);
    assertEquals(Fusion.I32_GT_U_JUMP_IF, fused(Opcodes.I32_GT_U, jumpIf, 0)[0]);
    assertEquals(Fusion.I32_GE_U_JUMP_IF, fused(Opcodes.I32_GE_U, jumpIf, 0)[0]);
    assertEquals(Fusion.LOCAL_TEE_LOCAL_GET, fused(Opcodes.LOCAL_TEE, 1, LG, 2, 0)[0]);
    assertEquals(
        Fusion.LG_I32_LOAD_SET, fused(LG, 0, Opcodes.I32_LOAD, 0, Opcodes.LOCAL_SET, 1, 0)[0]);
    assertEquals(
        Fusion.I32C_ADD_I32_LOAD, fused(I32C, 8, Opcodes.I32_ADD, Opcodes.I32_LOAD, 0, 0)[0]);
    assertEquals(
        Fusion.I32C_ADD_I32_LOAD8_U, fused(I32C, 8, Opcodes.I32_ADD, Opcodes.I32_LOAD8_U, 0, 0)[0]);
    assertEquals(
        Fusion.LG_I32C_ADD_I32_LOAD8_U,
        fused(LG, 1, I32C, 8, Opcodes.I32_ADD, Opcodes.I32_LOAD8_U, 0, 0)[0]);
  }

  @Test
  void compareBranchesAndConstantOffsetLoadsComputeWhatTheirInstructionsDo() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1) (data (i32.const 16) \"\\fe\\01\\02\\83\")"
                + " (func (export \"cmp\") (param i32 i32) (result i32) (local i32)"
                + "   block local.get 0 local.get 1 i32.gt_s br_if 0"
                + "     local.get 2 i32.const 1 i32.or local.set 2 end"
                + "   block local.get 0 local.get 1 i32.le_s br_if 0"
                + "     local.get 2 i32.const 2 i32.or local.set 2 end"
                + "   block local.get 0 local.get 1 i32.ge_s br_if 0"
                + "     local.get 2 i32.const 4 i32.or local.set 2 end"
                + "   block local.get 0 local.get 1 i32.gt_u br_if 0"
                + "     local.get 2 i32.const 8 i32.or local.set 2 end"
                + "   block local.get 0 local.get 1 i32.ge_u br_if 0"
                + "     local.get 2 i32.const 16 i32.or local.set 2 end"
                + "   local.get 2)"
                + " (func (export \"teeget\") (param i32 i32) (result i32) (local i32)"
                + "   local.get 0 local.tee 2 local.get 1 i32.sub local.get 2 i32.mul)"
                + " (func (export \"ld\") (param i32) (result i32)"
                + "   local.get 0 i32.const 1 i32.sub i32.const 17 i32.add i32.load offset=0)"
                + " (func (export \"ld8\") (param i32) (result i32)"
                + "   local.get 0 i32.const 1 i32.sub i32.const 17 i32.add i32.load8_u offset=1)"
                + " (func (export \"lg8\") (param i32) (result i32)"
                + "   local.get 0 i32.const 16 i32.add i32.load8_u offset=0)"
                + " (func (export \"ldset\") (param i32) (result i32) (local i32)"
                + "   local.get 0 i32.load offset=1 local.set 1 local.get 1 i32.const 1 i32.add))");
    // Bits are set where the branch is not taken: a > b, a <= b, a >= b signed, then unsigned.
    assertEquals((long) (1 | 4), i.invoke("cmp", -1, 1)[0]);
    assertEquals((long) (2 | 8 | 16), i.invoke("cmp", 1, -1)[0]);
    assertEquals((long) (1 | 8), i.invoke("cmp", 3, 3)[0]);
    assertEquals(-35L, i.invoke("teeget", 5, 12)[0]);
    assertEquals(0x830201FEL - (1L << 32), i.invoke("ld", 0)[0]);
    assertEquals(0x83L, i.invoke("ld8", 2)[0]);
    assertEquals(0xFEL, i.invoke("lg8", 0)[0]);
    assertEquals(0x830201FFL - (1L << 32), i.invoke("ldset", 15)[0]);
    WasmException e = assertThrows(WasmException.class, () -> i.invoke("ld8", 65520));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, e.failure());
    assertEquals(offsetIn(i, "ld8", Opcodes.I32_LOAD8_U), offsetIn(e));
    WasmException g = assertThrows(WasmException.class, () -> i.invoke("lg8", 65520));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, g.failure());
    assertEquals(offsetIn(i, "lg8", Opcodes.I32_LOAD8_U), offsetIn(g));
    WasmException d = assertThrows(WasmException.class, () -> i.invoke("ldset", 65534));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, d.failure());
    assertEquals(offsetIn(i, "ldset", Opcodes.I32_LOAD), offsetIn(d));
  }

  @Test
  void aPairDoesNotTakeTheStartOfALongerSequence() {
    int[] out = fused(LG, 3, LG, 1, I32C, 5, Opcodes.I32_ADD, Opcodes.RETURN);
    assertEquals(Opcodes.LOCAL_GET, out[0]);
    assertEquals(Fusion.LG_I32C_ADD, out[2]);
  }

  @Test
  void fusedSequencesComputeWhatTheirInstructionsDo() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1)"
                + " (func (export \"addk\") (param i32) (result i32) (local i32)"
                + "   (local.set 1 (i32.add (local.get 0) (i32.const -7))) (local.get 1))"
                + " (func (export \"addktee\") (param i32) (result i32) (local i32)"
                + "   (i32.add (local.tee 1 (i32.add (local.get 0) (i32.const 2147483647)))"
                + "     (local.get 1)))"
                + " (func (export \"addll\") (param i32 i32) (result i32) (local i32)"
                + "   (local.set 2 (i32.add (local.get 0) (local.get 1))) (local.get 2))"
                + " (func (export \"addl\") (param i32 i32) (result i32)"
                + "   (i32.add (local.get 0) (local.get 1)))"
                + " (func (export \"addlk\") (param i32) (result i32)"
                + "   (i32.add (local.get 0) (i32.const 1)))"
                + " (func (export \"addl64\") (param i64 i64) (result i64)"
                + "   (i64.add (local.get 0) (local.get 1)))"
                + " (func (export \"add64k\") (param i64) (result i64) (local i64)"
                + "   (local.set 1 (i64.add (local.get 0) (i64.const 0x100000001))) (local.get 1))"
                + " (func (export \"add64ktee\") (param i64) (result i64)"
                + "   (local.tee 0 (i64.add (local.get 0) (i64.const -1))))"
                + " (func (export \"addtee\") (param i32 i32) (result i32)"
                + "   (local.tee 1 (i32.add (i32.mul (local.get 0) (local.get 0))"
                + "     (i32.mul (local.get 1) (local.get 1)))) (local.get 1) (i32.mul))"
                + " (func (export \"st8\") (param i32) (i32.store8 offset=3 (local.get 0)"
                + "   (i32.const 0x1ff)))"
                + " (func (export \"st32\") (param i32) (i32.store offset=4 (local.get 0)"
                + "   (i32.const -2)))"
                + " (func (export \"ld32\") (param i32) (result i32) (i32.load (local.get 0)))"
                + " (func (export \"fma\") (param f64 i32) (result f64)"
                + "   (f64.add (f64.mul (local.get 0) (f64.load offset=8 (local.get 1)))"
                + "     (f64.load offset=16 (local.get 1))))"
                + " (func (export \"st64\") (param i32 f64) (f64.store (local.get 0) (local.get"
                + " 1))))");
    assertEquals(-2L, i.invoke("addk", 5)[0]);
    // (1 + MAX) wraps to MIN, and MIN + MIN wraps to 0.
    assertEquals(0L, i.invoke("addktee", 1)[0]);
    assertEquals((long) Integer.MIN_VALUE, i.invoke("addll", Integer.MAX_VALUE, 1)[0]);
    assertEquals(-1L, i.invoke("addl", 0xFFFFFFFFL, 0)[0]);
    assertEquals((long) Integer.MIN_VALUE, i.invoke("addlk", Integer.MAX_VALUE)[0]);
    assertEquals(Long.MIN_VALUE, i.invoke("addl64", Long.MAX_VALUE, 1)[0]);
    assertEquals(0x100000002L, i.invoke("add64k", 1)[0]);
    assertEquals(-1L, i.invoke("add64ktee", 0)[0]);
    assertEquals(169L, i.invoke("addtee", 2, 3)[0]);
    i.invoke("st8", 0);
    assertEquals(0xFF000000L, i.invoke("ld32", 0)[0] & 0xFFFFFFFFL);
    i.invoke("st32", 4);
    assertEquals(-2L, i.invoke("ld32", 8)[0]);
    i.invoke("st64", 108, bits(1.5));
    i.invoke("st64", 116, bits(0.25));
    assertEquals(3.25, Double.longBitsToDouble(i.invoke("fma", bits(2.0), 100)[0]));
  }

  @Test
  void fusedShiftsRotationsMasksLoadsAndLoopExits() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1) (data (i32.const 8) \"\\01\\00\\00\\80\")"
                + " (func (export \"mix\") (param i32) (result i32)"
                + "   (i32.xor (i32.xor (i32.shr_u (local.get 0) (i32.const 35))"
                + "     (i32.rotl (local.get 0) (i32.const 4)))"
                + "     (i32.xor (i32.and (local.get 0) (i32.const 0xff00))"
                + "       (i32.shl (local.get 0) (i32.const 31)))))"
                + " (func (export \"rot\") (param i32 i32) (result i32)"
                + "   (i32.rotl (i32.add (local.get 0) (local.get 1)) (i32.const 36)))"
                + " (func (export \"ldtee\") (param i32) (result i32) (local i32)"
                + "   (i32.add (local.tee 1 (i32.load offset=4 (i32.add (local.get 0)"
                + "   (i32.const -4)))) (local.get 1)))"
                + " (func (export \"steps\") (param i32) (result i32) (local i32)"
                + " block loop"
                + "   local.get 1 i32.const 1 i32.add local.set 1"
                + "   local.get 0 i32.const 4 i32.add local.tee 0"
                + "   i32.const 64 i32.ne br_if 0"
                + " end end local.get 1))");
    int x = 0x8123_4567;
    int expected = (x >>> 3) ^ Integer.rotateLeft(x, 4) ^ ((x & 0xff00) ^ (x << 31));
    assertEquals((long) expected, i.invoke("mix", x & 0xFFFFFFFFL)[0]);
    assertEquals((long) Integer.rotateLeft(0x8000_0001, 4), i.invoke("rot", 0x8000_0000L, 1)[0]);
    assertEquals(2L, i.invoke("ldtee", 8)[0]);
    WasmException e = assertThrows(WasmException.class, () -> i.invoke("ldtee", 65534));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, e.failure());
    assertEquals(offsetIn(i, "ldtee", Opcodes.I32_LOAD), offsetIn(e));
    assertEquals(16L, i.invoke("steps", 0)[0]);
    assertEquals(1L, i.invoke("steps", 60)[0]);
  }

  @Test
  void fusedBitwiseOpsWithLocalsAndLocalPlusConstantLoads() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1)"
                + " (func (export \"bits\") (param i32 i32 i32) (result i32)"
                + "   (i32.or (i32.xor (i32.and (i32.mul (local.get 2) (local.get 2))"
                + "     (local.get 0)) (local.get 1)) (local.get 2)))"
                + " (func (export \"xa\") (param i32 i32) (result i32)"
                + "   (i32.add (i32.xor (local.get 0) (local.get 1))"
                + "     (i32.and (local.get 0) (local.get 1))))"
                + " (func (export \"acc\") (param i32 f64)"
                + "   (f64.store offset=8 (local.get 0) (f64.add (f64.load (local.get 0))"
                + "     (f64.mul (local.get 1) (local.get 1)))))"
                + " (func (export \"ld\") (param i32) (result i32)"
                + "   (i32.load offset=4 (i32.add (local.get 0) (i32.const 16))))"
                + " (func (export \"ld64\") (param i32) (result i64)"
                + "   (i64.load offset=4 (i32.add (local.get 0) (i32.const 16)))))");
    assertEquals((long) (((9 & 0x0F0F) ^ 0x3300) | 3), i.invoke("bits", 0x0F0F, 0x3300, 3)[0]);
    assertEquals((long) ((0x0FF0 ^ 0x3C3C) + (0x0FF0 & 0x3C3C)), i.invoke("xa", 0x0FF0, 0x3C3C)[0]);
    i.invoke("acc", 96, bits(1.5));
    i.invoke("acc", 104, bits(2.0));
    assertEquals(bits(6.25), i.invoke("ld64", 92)[0]);
    assertEquals(0x40190000L, i.invoke("ld", 96)[0]);
    // The address is an i32 sum: 0xFFFFFFF8 + 16 wraps to 8 before the offset is added.
    i.invoke("acc", 0, bits(3.0));
    assertEquals(0x40220000L, i.invoke("ld", 0xFFFFFFF8L)[0]);
    WasmException e = assertThrows(WasmException.class, () -> i.invoke("acc", 65532, bits(1)));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, e.failure());
    WasmException l = assertThrows(WasmException.class, () -> i.invoke("ld", 65514));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, l.failure());
    assertEquals(offsetIn(i, "ld", Opcodes.I32_LOAD), offsetIn(l));
    WasmException s = assertThrows(WasmException.class, () -> i.invoke("acc", 65528, bits(1)));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, s.failure());
    assertEquals(offsetIn(i, "acc", Opcodes.F64_STORE), offsetIn(s));
  }

  @Test
  void f64MultiplyAddSequencesGetTheirIdsAndComputeWhatTheirInstructionsDo() {
    int f64Load = Opcodes.F64_LOAD;
    int mul = Opcodes.F64_MUL;
    int add = Opcodes.I32_ADD;
    assertEquals(
        Fusion.LG_LG_I32C_ADD_F64_LOAD_MUL,
        fused(LG, 1, LG, 2, I32C, 8, add, f64Load, 0, mul, Opcodes.RETURN)[0]);
    assertEquals(
        Fusion.LG_LG_LG_F64_LOAD_MUL,
        fused(LG, 0, LG, 1, LG, 2, f64Load, 0, mul, Opcodes.RETURN)[0]);
    // Without the multiply, three local.gets and a load are not this sequence.
    assertEquals(
        Fusion.LOCAL_GET_LOCAL_GET, fused(LG, 0, LG, 1, LG, 2, f64Load, 0, Opcodes.RETURN)[0]);
    Instance i =
        Wat.instantiate(
            "(module (memory 1)"
                + " (func (export \"st\") (param i32 f64) (f64.store (local.get 0) (local.get 1)))"
                + " (func (export \"ld\") (param i32) (result f64) (f64.load (local.get 0)))"
                + " (func (export \"m1\") (param f64 i32) (result f64)"
                + "   (f64.mul (local.get 0) (f64.load offset=8 (i32.add (local.get 1)"
                + "     (i32.const 16)))))"
                + " (func (export \"axpy\") (param i32 f64 i32)"
                + "   (f64.store (local.get 0) (f64.add (f64.mul (local.get 1)"
                + "     (f64.load offset=8 (local.get 2))) (f64.load (local.get 0)))))"
                + " (func (export \"copy\") (param i32 i32)"
                + "   (f64.store (local.get 0) (f64.load offset=24 (local.get 1)))))");
    i.invoke("st", 24, bits(1.5));
    i.invoke("st", 40, bits(2.0));
    i.invoke("st", 96, bits(0.25));
    assertEquals(bits(6.0), i.invoke("m1", bits(3.0), 16)[0]);
    i.invoke("axpy", 96, bits(2.0), 16);
    assertEquals(bits(3.25), i.invoke("ld", 96)[0]);
    i.invoke("copy", 200, 16);
    assertEquals(bits(2.0), i.invoke("ld", 200)[0]);
    // Out of bounds, the trap names the f64.load inside the sequence; u32 address plus offset
    // never wraps (0xFFFFFFF8 + 8 is 2^32, not 0).
    WasmException e = assertThrows(WasmException.class, () -> i.invoke("m1", bits(1.0), 65512));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, e.failure());
    assertEquals(offsetIn(i, "m1", f64Load), offsetIn(e));
    WasmException f = assertThrows(WasmException.class, () -> i.invoke("axpy", 0, bits(1), -8));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, f.failure());
    assertEquals(offsetIn(i, "axpy", f64Load), offsetIn(f));
    WasmException g = assertThrows(WasmException.class, () -> i.invoke("copy", 0, 65512));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, g.failure());
    assertEquals(offsetIn(i, "copy", f64Load), offsetIn(g));
  }

  @Test
  void trapsInsideFusedSequencesNameTheMemoryInstruction() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1)"
                + " (func (export \"st8\") (param i32) (i32.store8 offset=3 (local.get 0)"
                + "   (i32.const 1)))"
                + " (func (export \"st32\") (param i32) (i32.store (local.get 0) (i32.const 1)))"
                + " (func (export \"fmul\") (param f64 i32) (result f64)"
                + "   (f64.mul (local.get 0) (f64.load (local.get 1)))))");
    WasmException a = assertThrows(WasmException.class, () -> i.invoke("st8", 65533));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, a.failure());
    WasmException b = assertThrows(WasmException.class, () -> i.invoke("st32", 65533));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, b.failure());
    WasmException c = assertThrows(WasmException.class, () -> i.invoke("fmul", bits(1.0), -1));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, c.failure());
    // The stores and the load are the third instruction of their sequences: the reported offset
    // must be the memory instruction's, not the local.get's that starts the fused sequence.
    int[] offsets = {offsetIn(a), offsetIn(b), offsetIn(c)};
    assertEquals(offsetIn(i, "st8", Opcodes.I32_STORE8), offsets[0]);
    assertEquals(offsetIn(i, "st32", Opcodes.I32_STORE), offsets[1]);
    assertEquals(offsetIn(i, "fmul", Opcodes.F64_LOAD), offsets[2]);
  }

  @Test
  void wholeF64StatementsAndSigmasGetTheirIds() {
    int f64Load = Opcodes.F64_LOAD;
    int mul = Opcodes.F64_MUL;
    int add = Opcodes.F64_ADD;
    int store = Opcodes.F64_STORE;
    int tee = Opcodes.LOCAL_TEE;
    int rotl = Opcodes.I32_ROTL;
    int xor = Opcodes.I32_XOR;
    assertEquals(
        Fusion.MADD_STORE,
        fused(LG, 0, LG, 1, LG, 2, f64Load, 0, mul, LG, 0, f64Load, 0, add, store, 0, 0)[0]);
    assertEquals(
        Fusion.LG_LG_I32C_ADD_F64_LOAD_MUL,
        fused(LG, 1, LG, 2, I32C, 8, Opcodes.I32_ADD, f64Load, 0, mul, LG, 3, f64Load, 0, add)[0],
        "without the store it is not the statement");
    assertEquals(
        Fusion.MADD_CONST_STORE,
        fused(
            LG,
            1,
            LG,
            2,
            I32C,
            8,
            Opcodes.I32_ADD,
            f64Load,
            0,
            mul,
            LG,
            3,
            f64Load,
            0,
            add,
            store,
            0,
            0)[0]);
    assertEquals(
        Fusion.SUB_PRODUCT_STORE,
        fused(
            LG, 0, LG, 0, f64Load, 0, LG, 1, LG, 2, mul, LG, 3, mul, Opcodes.F64_SUB, store, 0, 0)[
            0]);
    assertEquals(
        Fusion.ADD_PRODUCT_STORE,
        fused(LG, 1, LG, 2, mul, LG, 3, mul, LG, 0, f64Load, 0, add, store, 0, 0)[0]);
    assertEquals(
        Fusion.SIGMA_ROTL,
        fused(tee, 1, I32C, 7, rotl, LG, 1, I32C, 9, rotl, xor, LG, 1, I32C, 2, rotl, xor, 0)[0]);
    assertEquals(
        Fusion.SIGMA_SHR_U,
        fused(
            tee,
            1,
            I32C,
            7,
            rotl,
            LG,
            1,
            I32C,
            9,
            rotl,
            xor,
            LG,
            1,
            I32C,
            2,
            Opcodes.I32_SHR_U,
            xor,
            0)[0]);
    assertEquals(
        Fusion.LT_I32C_ROTL,
        fused(tee, 1, I32C, 7, rotl, LG, 1, I32C, 9, rotl, xor, LG, 1, I32C, 2, rotl, 0)[0]);
  }

  @Test
  void wholeF64StatementsAndSigmasComputeWhatTheirInstructionsDo() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1)"
                + " (func (export \"st\") (param i32 f64) (f64.store (local.get 0) (local.get 1)))"
                + " (func (export \"ld\") (param i32) (result f64) (f64.load (local.get 0)))"
                // mem[a + 24] = x * mem[b + 8] + mem[a + 16]
                + " (func (export \"madd\") (param i32 f64 i32)"
                + "   local.get 0 local.get 1 local.get 2 f64.load offset=8 f64.mul"
                + "   local.get 0 f64.load offset=16 f64.add f64.store offset=24)"
                // t = a + 8; mem[t + 24] = x * mem[b + 16 + 8] + mem[t + 16]
                + " (func (export \"maddc\") (param i32 f64 i32) (local i32)"
                + "   local.get 0 i32.const 8 i32.add local.tee 3"
                + "   local.get 1 local.get 2 i32.const 16 i32.add f64.load offset=8 f64.mul"
                + "   local.get 3 f64.load offset=16 f64.add f64.store offset=24)"
                // mem[a + 16] = mem[b + 8] - x * y * z
                + " (func (export \"subprod\") (param i32 i32 f64 f64 f64)"
                + "   local.get 0 local.get 1 f64.load offset=8 local.get 2 local.get 3 f64.mul"
                + "   local.get 4 f64.mul f64.sub f64.store offset=16)"
                // mem[a + 16] = x * y * z + mem[t + 8]
                + " (func (export \"addprod\") (param i32 f64 f64 f64 i32)"
                + "   local.get 0 local.get 1 local.get 2 f64.mul local.get 3 f64.mul"
                + "   local.get 4 f64.load offset=8 f64.add f64.store offset=16)"
                // rotl(x, 7) ^ rotl(x, 18) ^ (y >>> 3) (or rotl(y, 3)), plus x from the local
                + " (func (export \"sigshr\") (param i32 i32) (result i32) (local i32)"
                + "   local.get 0 local.tee 2 i32.const 7 i32.rotl local.get 2 i32.const 18"
                + "   i32.rotl i32.xor local.get 1 i32.const 3 i32.shr_u i32.xor"
                + "   local.get 2 i32.add)"
                + " (func (export \"sigrot\") (param i32 i32) (result i32) (local i32)"
                + "   local.get 0 local.tee 2 i32.const 7 i32.rotl local.get 2 i32.const 18"
                + "   i32.rotl i32.xor local.get 1 i32.const 35 i32.rotl i32.xor"
                + "   local.get 2 i32.add)"
                // two pointer bumps in a row: the second reads what the first one wrote
                + " (func (export \"bumps\") (param i32) (result i32) (local i32 i32)"
                + "   local.get 0 i32.const 5 i32.add local.set 1"
                + "   local.get 1 i32.const -3 i32.add local.set 2"
                + "   local.get 1 i32.const 100 i32.mul local.get 2 i32.add))");
    i.invoke("st", 108, bits(1.5)); // b + 8 with b = 100
    i.invoke("st", 216, bits(0.5)); // a + 16 with a = 200
    i.invoke("madd", 200, bits(4.0), 100);
    assertEquals(bits(6.5), i.invoke("ld", 224)[0]);
    i.invoke("st", 124, bits(-2.0)); // b + 16 + 8
    i.invoke("st", 224, bits(0.25)); // a + 8 + 16
    i.invoke("maddc", 200, bits(3.0), 100);
    assertEquals(bits(-5.75), i.invoke("ld", 232)[0]);
    i.invoke("subprod", 300, 100, bits(2.0), bits(0.5), bits(-3.0));
    assertEquals(bits(4.5), i.invoke("ld", 316)[0]);
    i.invoke("addprod", 400, bits(2.0), bits(0.5), bits(-3.0), 308);
    assertEquals(bits(1.5), i.invoke("ld", 416)[0]);
    int x = 0x9ABC_DEF1;
    int y = 0x1357_9BDF;
    int r = Integer.rotateLeft(x, 7) ^ Integer.rotateLeft(x, 18);
    assertEquals((long) ((r ^ (y >>> 3)) + x), i.invoke("sigshr", x & 0xFFFFFFFFL, y)[0]);
    assertEquals(
        (long) ((r ^ Integer.rotateLeft(y, 35)) + x), i.invoke("sigrot", x & 0xFFFFFFFFL, y)[0]);
    assertEquals((long) (12 * 100 + 9), i.invoke("bumps", 7)[0]);
  }

  @Test
  void trapsInsideWholeF64StatementsNameTheirMemoryInstruction() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1)"
                + " (func (export \"madd\") (param i32 f64 i32)"
                + "   local.get 0 local.get 1 local.get 2 f64.load offset=8 f64.mul"
                + "   local.get 0 f64.load offset=16 f64.add f64.store offset=24)"
                + " (func (export \"maddc\") (param i32 f64 i32) (local i32)"
                + "   local.get 0 i32.const 8 i32.add local.tee 3"
                + "   local.get 1 local.get 2 i32.const 16 i32.add f64.load offset=8 f64.mul"
                + "   local.get 3 f64.load offset=16 f64.add f64.store offset=24)"
                + " (func (export \"subprod\") (param i32 i32 f64 f64 f64)"
                + "   local.get 0 local.get 1 f64.load offset=8 local.get 2 local.get 3 f64.mul"
                + "   local.get 4 f64.mul f64.sub f64.store offset=16)"
                + " (func (export \"addprod\") (param i32 f64 f64 f64 i32)"
                + "   local.get 0 local.get 1 local.get 2 f64.mul local.get 3 f64.mul"
                + "   local.get 4 f64.load offset=8 f64.add f64.store offset=16))");
    int top = 65536;
    // madd: the first load (b), the second load (a + 16), the store (a + 24).
    assertTrap(i, "madd", Opcodes.F64_LOAD, 0, 0, bits(1), top - 8);
    assertTrap(i, "madd", Opcodes.F64_LOAD, 1, top - 16, bits(1), 0);
    assertTrap(i, "madd", Opcodes.F64_STORE, 0, top - 24, bits(1), 0);
    assertTrap(i, "maddc", Opcodes.F64_LOAD, 0, 0, bits(1), top - 24);
    assertTrap(i, "maddc", Opcodes.F64_LOAD, 1, top - 24, bits(1), 0);
    assertTrap(i, "maddc", Opcodes.F64_STORE, 0, top - 32, bits(1), 0);
    assertTrap(i, "subprod", Opcodes.F64_LOAD, 0, 0, top - 8, bits(1), bits(1), bits(1));
    assertTrap(i, "subprod", Opcodes.F64_STORE, 0, top - 16, 0, bits(1), bits(1), bits(1));
    assertTrap(i, "addprod", Opcodes.F64_LOAD, 0, 0, bits(1), bits(1), bits(1), top - 8);
    assertTrap(i, "addprod", Opcodes.F64_STORE, 0, top - 16, bits(1), bits(1), bits(1), 0);
  }

  private static void assertTrap(Instance i, String f, int op, int nth, long... args) {
    WasmException e = assertThrows(WasmException.class, () -> i.invoke(f, args));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, e.failure());
    assertEquals(offsetIn(i, f, op, nth), offsetIn(e), f + ": the trapping instruction");
  }

  /** The module byte offset of the {@code nth} (from 0) {@code op} in export {@code f}. */
  private static int offsetIn(Instance i, String f, int op, int nth) {
    FunctionCode fc = ((WasmFunction) i.export(f)).code();
    int[] code = fc.code();
    int seen = 0;
    for (int pc = 0; pc < code.length; pc += Fusion.length(code, pc)) {
      if (code[pc] == op && seen++ == nth) {
        return fc.offsets()[pc];
      }
    }
    throw new AssertionError("no such instruction");
  }

  private static long bits(double d) {
    return Double.doubleToRawLongBits(d);
  }

  private static int offsetIn(WasmException e) {
    String m = e.getMessage();
    return Integer.parseInt(m.substring(m.lastIndexOf("0x") + 2), 16);
  }

  /** The module byte offset the validator recorded for the first {@code op} in export {@code f}. */
  private static int offsetIn(Instance i, String f, int op) {
    FunctionCode fc = ((WasmFunction) i.export(f)).code();
    int[] code = fc.code();
    for (int pc = 0; pc < code.length; pc += Fusion.length(code, pc)) {
      if (code[pc] == op) {
        return fc.offsets()[pc];
      }
    }
    throw new AssertionError("no such instruction");
  }

  @Test
  void branchTargetsInsideAFusedSequenceRunTheRestOfIt() {
    // The loop's label is the i32.const inside "local.get 0; i32.const 3; i32.add; local.set 0",
    // fused at the local.get: the first iteration runs the fused sequence, the others enter at
    // the i32.const with the loop parameter on the stack.
    Instance i =
        Wat.instantiate(
            "(module (func (export \"f\") (param i32 i32) (result i32)"
                + " local.get 0"
                + " loop (param i32)"
                + "   i32.const 3 i32.add local.set 0"
                + "   local.get 0 local.get 1 i32.lt_s"
                + "   if local.get 0 br 1 end"
                + " end"
                + " local.get 0)"
                + " (func (export \"g\") (param i64) (result i64) (local i64)"
                + " local.get 0"
                + " loop (param i64) (result i64)"
                + "   i64.const 1000 i64.lt_u"
                + "   if (result i64) local.get 1 i64.const 1 i64.add local.tee 1"
                + "     local.get 0 i64.add local.tee 0 br 1"
                + "   else local.get 1 end"
                + " end)"
                + " (func (export \"h\") (param i64) (result i64) (local i64)"
                + " block loop"
                + "   local.get 1 i64.const 1 i64.add local.set 1"
                + "   local.get 0 i64.const 1 i64.add local.tee 0"
                + "   i64.const 10 i64.ne br_if 0"
                + " end end local.get 1)"
                + " (func (export \"k\") (param i64) (result i64) (local i64)"
                + " block loop"
                + "   local.get 1 i64.const 1 i64.add local.set 1"
                + "   local.get 0 i64.const 1 i64.add local.tee 0"
                + "   i64.const 100 i64.lt_u br_if 0"
                + " end end local.get 1)"
                + " (func (export \"cnt\") (param i64 i64) (result i64) (local i64)"
                + " block loop"
                + "   local.get 2 i64.const 1 i64.add local.set 2"
                + "   local.get 0 i64.const 3 i64.add local.tee 0"
                + "   local.get 1 i64.lt_u br_if 0"
                + " end end local.get 2))");
    assertEquals(12L, i.invoke("f", 0, 10)[0]);
    assertEquals(6L, i.invoke("f", 3, 0)[0]);
    // g: x grows by the count each round until it reaches 1000 (unsigned).
    assertEquals(45L, i.invoke("g", 1)[0]);
    assertEquals(0L, i.invoke("g", -1L)[0]);
    assertEquals(10L, i.invoke("h", 0)[0]);
    assertEquals(5L, i.invoke("h", 5)[0]);
    assertEquals(100L, i.invoke("k", 0)[0]);
    assertEquals(1L, i.invoke("k", -2L)[0]);
    assertEquals(4L, i.invoke("cnt", 0, 10)[0]);
    assertEquals(1L, i.invoke("cnt", 0, -1L >>> 63)[0]);
    assertEquals(1L, i.invoke("cnt", -9L, 5)[0]);
  }

  @Test
  void instancesOfOneModuleShareTheFusedCodeOfEachFunction() {
    String wat =
        "(module (func (export \"f\") (param i32) (result i32)"
            + " (i32.add (local.get 0) (i32.const 5))))";
    ValidatedModule m = Validator.validate(ModuleParser.parse(Wat.compile(wat)));
    Instance a = Instance.instantiate(new Store(), m, Imports.NONE);
    Instance b = Instance.instantiate(new Store(), m, Imports.NONE);
    int[] ops = ((WasmFunction) a.function(0)).ops();
    assertSame(ops, ((WasmFunction) b.function(0)).ops());
    assertArrayEquals(Fusion.fuse(((WasmFunction) a.function(0)).code().code()), ops);
    assertEquals(12L, b.invoke("f", 7)[0]);
  }

  @Test
  void theAppsPairsGetTheirIdsAndTheInstructionsWhoseIdsTheyTookMove() {
    assertEquals(
        Fusion.LOCAL_GET_I32_LOAD8_U, fused(LG, 1, Opcodes.I32_LOAD8_U, 0, Opcodes.RETURN)[0]);
    assertEquals(Fusion.I32_CONST_LOCAL_SET, fused(I32C, 7, Opcodes.LOCAL_SET, 1, 0)[0]);
    assertEquals(
        Fusion.LG_I32_LOAD_TEE, fused(LG, 0, Opcodes.I32_LOAD, 0, Opcodes.LOCAL_TEE, 1, 0)[0]);
    // table.get, table.set and ref.null gave their one-byte ids to the sequences above.
    int[] moved = fused(Opcodes.TABLE_GET, 0, Opcodes.TABLE_SET, 0, Opcodes.REF_NULL, 0);
    assertEquals(Fusion.RELOCATED + Opcodes.TABLE_GET, moved[0]);
    assertEquals(Fusion.RELOCATED + Opcodes.TABLE_SET, moved[2]);
    assertEquals(Fusion.RELOCATED + Opcodes.REF_NULL, moved[4]);
  }

  @Test
  void theAppsPairsComputeWhatTheirInstructionsDoAndTrapAtTheLoad() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1) (data (i32.const 16) \"\\fe\\01\\02\\83\")"
                + " (func (export \"lg8\") (param i32) (result i32)"
                + "   local.get 0 i32.load8_u offset=1)"
                + " (func (export \"cset\") (param i32) (result i32) (local i32)"
                + "   i32.const -3 local.set 1 local.get 1 local.get 0 i32.mul)"
                + " (func (export \"ldtee\") (param i32) (result i32) (local i32)"
                + "   local.get 0 i32.load offset=1 local.tee 1 local.get 1 i32.add)"
                + " (table 2 funcref) (elem (i32.const 0) func $f) (func $f)"
                + " (func (export \"tab\") (result i32)"
                + "   i32.const 1 i32.const 0 table.get 0 table.set 0"
                + "   i32.const 0 ref.null func table.set 0"
                + "   i32.const 0 table.get 0 ref.is_null"
                + "   i32.const 1 table.get 0 ref.is_null i32.const 2 i32.mul i32.add))");
    assertEquals(0xFEL, i.invoke("lg8", 15)[0]);
    assertEquals(0x83L, i.invoke("lg8", 18)[0]);
    assertEquals(-15L, i.invoke("cset", 5)[0]);
    assertEquals((long) (2 * 0x830201FE), i.invoke("ldtee", 15)[0]);
    // table.get, table.set and ref.null under their moved ids: slot 0 now null, slot 1 not.
    assertEquals(1L, i.invoke("tab")[0]);
    WasmException e = assertThrows(WasmException.class, () -> i.invoke("lg8", 65535));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, e.failure());
    assertEquals(offsetIn(i, "lg8", Opcodes.I32_LOAD8_U), offsetIn(e));
    WasmException t = assertThrows(WasmException.class, () -> i.invoke("ldtee", 65532));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, t.failure());
    assertEquals(offsetIn(i, "ldtee", Opcodes.I32_LOAD), offsetIn(t));
  }
}
