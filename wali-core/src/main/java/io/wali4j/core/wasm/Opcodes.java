package io.wali4j.core.wasm;

/**
 * The one opcode table of wali4j: every instruction the engine knows, as an int id, with its text
 * name, immediate encoding, stack signature (for the simple instructions) and memory access size.
 * The decoder, the validator, the pre-decoded form and both tiers use these ids.
 *
 * <p>Ids follow the binary encoding: a one-byte opcode is its own id; {@code 0xFC n} is {@code
 * 0x100 + n}; {@code 0xFE n} (threads) is {@code 0x200 + n}; {@code 0xFD n} (SIMD, not yet
 * supported) would be {@code 0x300 + n}; ids from {@code 0x400} are internal instructions of the
 * pre-decoded form and never appear in a binary.
 *
 * <p>Keep entries in id order.
 */
public final class Opcodes {

  private Opcodes() {}

  /** How an instruction's immediates are encoded in the binary format. */
  public enum Imm {
    NONE,
    BLOCKTYPE,
    LABEL,
    BR_TABLE,
    FUNC,
    CALL_INDIRECT,
    LOCAL,
    GLOBAL,
    TABLE,
    MEMARG,
    MEMORY,
    I32,
    I64,
    F32,
    F64,
    SELECT_T,
    REF_NULL,
    MEMORY_INIT,
    DATA,
    MEMORY_COPY,
    MEMORY_FILL,
    TABLE_INIT,
    ELEM,
    TABLE_COPY,
    ATOMIC_FENCE,
    INTERNAL
  }

  /** Number of ids: every id is below this. */
  public static final int ID_LIMIT = 0x500;

  public static final int UNREACHABLE = 0x0;
  public static final int NOP = 0x1;
  public static final int BLOCK = 0x2;
  public static final int LOOP = 0x3;
  public static final int IF = 0x4;
  public static final int ELSE = 0x5;
  public static final int END = 0xB;
  public static final int BR = 0xC;
  public static final int BR_IF = 0xD;
  public static final int BR_TABLE = 0xE;
  public static final int RETURN = 0xF;
  public static final int CALL = 0x10;
  public static final int CALL_INDIRECT = 0x11;
  public static final int DROP = 0x1A;
  public static final int SELECT = 0x1B;
  public static final int SELECT_T = 0x1C;
  public static final int LOCAL_GET = 0x20;
  public static final int LOCAL_SET = 0x21;
  public static final int LOCAL_TEE = 0x22;
  public static final int GLOBAL_GET = 0x23;
  public static final int GLOBAL_SET = 0x24;
  public static final int TABLE_GET = 0x25;
  public static final int TABLE_SET = 0x26;
  public static final int I32_LOAD = 0x28;
  public static final int I64_LOAD = 0x29;
  public static final int F32_LOAD = 0x2A;
  public static final int F64_LOAD = 0x2B;
  public static final int I32_LOAD8_S = 0x2C;
  public static final int I32_LOAD8_U = 0x2D;
  public static final int I32_LOAD16_S = 0x2E;
  public static final int I32_LOAD16_U = 0x2F;
  public static final int I64_LOAD8_S = 0x30;
  public static final int I64_LOAD8_U = 0x31;
  public static final int I64_LOAD16_S = 0x32;
  public static final int I64_LOAD16_U = 0x33;
  public static final int I64_LOAD32_S = 0x34;
  public static final int I64_LOAD32_U = 0x35;
  public static final int I32_STORE = 0x36;
  public static final int I64_STORE = 0x37;
  public static final int F32_STORE = 0x38;
  public static final int F64_STORE = 0x39;
  public static final int I32_STORE8 = 0x3A;
  public static final int I32_STORE16 = 0x3B;
  public static final int I64_STORE8 = 0x3C;
  public static final int I64_STORE16 = 0x3D;
  public static final int I64_STORE32 = 0x3E;
  public static final int MEMORY_SIZE = 0x3F;
  public static final int MEMORY_GROW = 0x40;
  public static final int I32_CONST = 0x41;
  public static final int I64_CONST = 0x42;
  public static final int F32_CONST = 0x43;
  public static final int F64_CONST = 0x44;
  public static final int I32_EQZ = 0x45;
  public static final int I32_EQ = 0x46;
  public static final int I32_NE = 0x47;
  public static final int I32_LT_S = 0x48;
  public static final int I32_LT_U = 0x49;
  public static final int I32_GT_S = 0x4A;
  public static final int I32_GT_U = 0x4B;
  public static final int I32_LE_S = 0x4C;
  public static final int I32_LE_U = 0x4D;
  public static final int I32_GE_S = 0x4E;
  public static final int I32_GE_U = 0x4F;
  public static final int I64_EQZ = 0x50;
  public static final int I64_EQ = 0x51;
  public static final int I64_NE = 0x52;
  public static final int I64_LT_S = 0x53;
  public static final int I64_LT_U = 0x54;
  public static final int I64_GT_S = 0x55;
  public static final int I64_GT_U = 0x56;
  public static final int I64_LE_S = 0x57;
  public static final int I64_LE_U = 0x58;
  public static final int I64_GE_S = 0x59;
  public static final int I64_GE_U = 0x5A;
  public static final int F32_EQ = 0x5B;
  public static final int F32_NE = 0x5C;
  public static final int F32_LT = 0x5D;
  public static final int F32_GT = 0x5E;
  public static final int F32_LE = 0x5F;
  public static final int F32_GE = 0x60;
  public static final int F64_EQ = 0x61;
  public static final int F64_NE = 0x62;
  public static final int F64_LT = 0x63;
  public static final int F64_GT = 0x64;
  public static final int F64_LE = 0x65;
  public static final int F64_GE = 0x66;
  public static final int I32_CLZ = 0x67;
  public static final int I32_CTZ = 0x68;
  public static final int I32_POPCNT = 0x69;
  public static final int I32_ADD = 0x6A;
  public static final int I32_SUB = 0x6B;
  public static final int I32_MUL = 0x6C;
  public static final int I32_DIV_S = 0x6D;
  public static final int I32_DIV_U = 0x6E;
  public static final int I32_REM_S = 0x6F;
  public static final int I32_REM_U = 0x70;
  public static final int I32_AND = 0x71;
  public static final int I32_OR = 0x72;
  public static final int I32_XOR = 0x73;
  public static final int I32_SHL = 0x74;
  public static final int I32_SHR_S = 0x75;
  public static final int I32_SHR_U = 0x76;
  public static final int I32_ROTL = 0x77;
  public static final int I32_ROTR = 0x78;
  public static final int I64_CLZ = 0x79;
  public static final int I64_CTZ = 0x7A;
  public static final int I64_POPCNT = 0x7B;
  public static final int I64_ADD = 0x7C;
  public static final int I64_SUB = 0x7D;
  public static final int I64_MUL = 0x7E;
  public static final int I64_DIV_S = 0x7F;
  public static final int I64_DIV_U = 0x80;
  public static final int I64_REM_S = 0x81;
  public static final int I64_REM_U = 0x82;
  public static final int I64_AND = 0x83;
  public static final int I64_OR = 0x84;
  public static final int I64_XOR = 0x85;
  public static final int I64_SHL = 0x86;
  public static final int I64_SHR_S = 0x87;
  public static final int I64_SHR_U = 0x88;
  public static final int I64_ROTL = 0x89;
  public static final int I64_ROTR = 0x8A;
  public static final int F32_ABS = 0x8B;
  public static final int F32_NEG = 0x8C;
  public static final int F32_CEIL = 0x8D;
  public static final int F32_FLOOR = 0x8E;
  public static final int F32_TRUNC = 0x8F;
  public static final int F32_NEAREST = 0x90;
  public static final int F32_SQRT = 0x91;
  public static final int F32_ADD = 0x92;
  public static final int F32_SUB = 0x93;
  public static final int F32_MUL = 0x94;
  public static final int F32_DIV = 0x95;
  public static final int F32_MIN = 0x96;
  public static final int F32_MAX = 0x97;
  public static final int F32_COPYSIGN = 0x98;
  public static final int F64_ABS = 0x99;
  public static final int F64_NEG = 0x9A;
  public static final int F64_CEIL = 0x9B;
  public static final int F64_FLOOR = 0x9C;
  public static final int F64_TRUNC = 0x9D;
  public static final int F64_NEAREST = 0x9E;
  public static final int F64_SQRT = 0x9F;
  public static final int F64_ADD = 0xA0;
  public static final int F64_SUB = 0xA1;
  public static final int F64_MUL = 0xA2;
  public static final int F64_DIV = 0xA3;
  public static final int F64_MIN = 0xA4;
  public static final int F64_MAX = 0xA5;
  public static final int F64_COPYSIGN = 0xA6;
  public static final int I32_WRAP_I64 = 0xA7;
  public static final int I32_TRUNC_F32_S = 0xA8;
  public static final int I32_TRUNC_F32_U = 0xA9;
  public static final int I32_TRUNC_F64_S = 0xAA;
  public static final int I32_TRUNC_F64_U = 0xAB;
  public static final int I64_EXTEND_I32_S = 0xAC;
  public static final int I64_EXTEND_I32_U = 0xAD;
  public static final int I64_TRUNC_F32_S = 0xAE;
  public static final int I64_TRUNC_F32_U = 0xAF;
  public static final int I64_TRUNC_F64_S = 0xB0;
  public static final int I64_TRUNC_F64_U = 0xB1;
  public static final int F32_CONVERT_I32_S = 0xB2;
  public static final int F32_CONVERT_I32_U = 0xB3;
  public static final int F32_CONVERT_I64_S = 0xB4;
  public static final int F32_CONVERT_I64_U = 0xB5;
  public static final int F32_DEMOTE_F64 = 0xB6;
  public static final int F64_CONVERT_I32_S = 0xB7;
  public static final int F64_CONVERT_I32_U = 0xB8;
  public static final int F64_CONVERT_I64_S = 0xB9;
  public static final int F64_CONVERT_I64_U = 0xBA;
  public static final int F64_PROMOTE_F32 = 0xBB;
  public static final int I32_REINTERPRET_F32 = 0xBC;
  public static final int I64_REINTERPRET_F64 = 0xBD;
  public static final int F32_REINTERPRET_I32 = 0xBE;
  public static final int F64_REINTERPRET_I64 = 0xBF;
  public static final int I32_EXTEND8_S = 0xC0;
  public static final int I32_EXTEND16_S = 0xC1;
  public static final int I64_EXTEND8_S = 0xC2;
  public static final int I64_EXTEND16_S = 0xC3;
  public static final int I64_EXTEND32_S = 0xC4;
  public static final int REF_NULL = 0xD0;
  public static final int REF_IS_NULL = 0xD1;
  public static final int REF_FUNC = 0xD2;
  public static final int I32_TRUNC_SAT_F32_S = 0x100;
  public static final int I32_TRUNC_SAT_F32_U = 0x101;
  public static final int I32_TRUNC_SAT_F64_S = 0x102;
  public static final int I32_TRUNC_SAT_F64_U = 0x103;
  public static final int I64_TRUNC_SAT_F32_S = 0x104;
  public static final int I64_TRUNC_SAT_F32_U = 0x105;
  public static final int I64_TRUNC_SAT_F64_S = 0x106;
  public static final int I64_TRUNC_SAT_F64_U = 0x107;
  public static final int MEMORY_INIT = 0x108;
  public static final int DATA_DROP = 0x109;
  public static final int MEMORY_COPY = 0x10A;
  public static final int MEMORY_FILL = 0x10B;
  public static final int TABLE_INIT = 0x10C;
  public static final int ELEM_DROP = 0x10D;
  public static final int TABLE_COPY = 0x10E;
  public static final int TABLE_GROW = 0x10F;
  public static final int TABLE_SIZE = 0x110;
  public static final int TABLE_FILL = 0x111;
  public static final int MEMORY_ATOMIC_NOTIFY = 0x200;
  public static final int MEMORY_ATOMIC_WAIT32 = 0x201;
  public static final int MEMORY_ATOMIC_WAIT64 = 0x202;
  public static final int ATOMIC_FENCE = 0x203;
  public static final int I32_ATOMIC_LOAD = 0x210;
  public static final int I64_ATOMIC_LOAD = 0x211;
  public static final int I32_ATOMIC_LOAD8_U = 0x212;
  public static final int I32_ATOMIC_LOAD16_U = 0x213;
  public static final int I64_ATOMIC_LOAD8_U = 0x214;
  public static final int I64_ATOMIC_LOAD16_U = 0x215;
  public static final int I64_ATOMIC_LOAD32_U = 0x216;
  public static final int I32_ATOMIC_STORE = 0x217;
  public static final int I64_ATOMIC_STORE = 0x218;
  public static final int I32_ATOMIC_STORE8 = 0x219;
  public static final int I32_ATOMIC_STORE16 = 0x21A;
  public static final int I64_ATOMIC_STORE8 = 0x21B;
  public static final int I64_ATOMIC_STORE16 = 0x21C;
  public static final int I64_ATOMIC_STORE32 = 0x21D;
  public static final int I32_ATOMIC_RMW_ADD = 0x21E;
  public static final int I64_ATOMIC_RMW_ADD = 0x21F;
  public static final int I32_ATOMIC_RMW8_ADD_U = 0x220;
  public static final int I32_ATOMIC_RMW16_ADD_U = 0x221;
  public static final int I64_ATOMIC_RMW8_ADD_U = 0x222;
  public static final int I64_ATOMIC_RMW16_ADD_U = 0x223;
  public static final int I64_ATOMIC_RMW32_ADD_U = 0x224;
  public static final int I32_ATOMIC_RMW_SUB = 0x225;
  public static final int I64_ATOMIC_RMW_SUB = 0x226;
  public static final int I32_ATOMIC_RMW8_SUB_U = 0x227;
  public static final int I32_ATOMIC_RMW16_SUB_U = 0x228;
  public static final int I64_ATOMIC_RMW8_SUB_U = 0x229;
  public static final int I64_ATOMIC_RMW16_SUB_U = 0x22A;
  public static final int I64_ATOMIC_RMW32_SUB_U = 0x22B;
  public static final int I32_ATOMIC_RMW_AND = 0x22C;
  public static final int I64_ATOMIC_RMW_AND = 0x22D;
  public static final int I32_ATOMIC_RMW8_AND_U = 0x22E;
  public static final int I32_ATOMIC_RMW16_AND_U = 0x22F;
  public static final int I64_ATOMIC_RMW8_AND_U = 0x230;
  public static final int I64_ATOMIC_RMW16_AND_U = 0x231;
  public static final int I64_ATOMIC_RMW32_AND_U = 0x232;
  public static final int I32_ATOMIC_RMW_OR = 0x233;
  public static final int I64_ATOMIC_RMW_OR = 0x234;
  public static final int I32_ATOMIC_RMW8_OR_U = 0x235;
  public static final int I32_ATOMIC_RMW16_OR_U = 0x236;
  public static final int I64_ATOMIC_RMW8_OR_U = 0x237;
  public static final int I64_ATOMIC_RMW16_OR_U = 0x238;
  public static final int I64_ATOMIC_RMW32_OR_U = 0x239;
  public static final int I32_ATOMIC_RMW_XOR = 0x23A;
  public static final int I64_ATOMIC_RMW_XOR = 0x23B;
  public static final int I32_ATOMIC_RMW8_XOR_U = 0x23C;
  public static final int I32_ATOMIC_RMW16_XOR_U = 0x23D;
  public static final int I64_ATOMIC_RMW8_XOR_U = 0x23E;
  public static final int I64_ATOMIC_RMW16_XOR_U = 0x23F;
  public static final int I64_ATOMIC_RMW32_XOR_U = 0x240;
  public static final int I32_ATOMIC_RMW_XCHG = 0x241;
  public static final int I64_ATOMIC_RMW_XCHG = 0x242;
  public static final int I32_ATOMIC_RMW8_XCHG_U = 0x243;
  public static final int I32_ATOMIC_RMW16_XCHG_U = 0x244;
  public static final int I64_ATOMIC_RMW8_XCHG_U = 0x245;
  public static final int I64_ATOMIC_RMW16_XCHG_U = 0x246;
  public static final int I64_ATOMIC_RMW32_XCHG_U = 0x247;
  public static final int I32_ATOMIC_RMW_CMPXCHG = 0x248;
  public static final int I64_ATOMIC_RMW_CMPXCHG = 0x249;
  public static final int I32_ATOMIC_RMW8_CMPXCHG_U = 0x24A;
  public static final int I32_ATOMIC_RMW16_CMPXCHG_U = 0x24B;
  public static final int I64_ATOMIC_RMW8_CMPXCHG_U = 0x24C;
  public static final int I64_ATOMIC_RMW16_CMPXCHG_U = 0x24D;
  public static final int I64_ATOMIC_RMW32_CMPXCHG_U = 0x24E;
  public static final int JUMP = 0x400;
  public static final int JUMP_IF_ZERO = 0x401;
  public static final int JUMP_IF = 0x402;
  public static final int BR_DROP = 0x403;
  public static final int BR_IF_DROP = 0x404;

  /**
   * Spends one unit of the thread's fuel (emitted only in metered code, at function entry and at
   * every loop header, so each call and each back-edge is counted).
   */
  public static final int METER = 0x405;

  private static final String[] NAME = new String[ID_LIMIT];
  private static final Imm[] IMM = new Imm[ID_LIMIT];
  private static final String[] SIGNATURE = new String[ID_LIMIT];
  private static final int[] ACCESS_SIZE = new int[ID_LIMIT];

  static {
    def(UNREACHABLE, "unreachable", Imm.NONE, null, 0);
    def(NOP, "nop", Imm.NONE, null, 0);
    def(BLOCK, "block", Imm.BLOCKTYPE, null, 0);
    def(LOOP, "loop", Imm.BLOCKTYPE, null, 0);
    def(IF, "if", Imm.BLOCKTYPE, null, 0);
    def(ELSE, "else", Imm.NONE, null, 0);
    def(END, "end", Imm.NONE, null, 0);
    def(BR, "br", Imm.LABEL, null, 0);
    def(BR_IF, "br_if", Imm.LABEL, null, 0);
    def(BR_TABLE, "br_table", Imm.BR_TABLE, null, 0);
    def(RETURN, "return", Imm.NONE, null, 0);
    def(CALL, "call", Imm.FUNC, null, 0);
    def(CALL_INDIRECT, "call_indirect", Imm.CALL_INDIRECT, null, 0);
    def(DROP, "drop", Imm.NONE, null, 0);
    def(SELECT, "select", Imm.NONE, null, 0);
    def(SELECT_T, "select_t", Imm.SELECT_T, null, 0);
    def(LOCAL_GET, "local.get", Imm.LOCAL, null, 0);
    def(LOCAL_SET, "local.set", Imm.LOCAL, null, 0);
    def(LOCAL_TEE, "local.tee", Imm.LOCAL, null, 0);
    def(GLOBAL_GET, "global.get", Imm.GLOBAL, null, 0);
    def(GLOBAL_SET, "global.set", Imm.GLOBAL, null, 0);
    def(TABLE_GET, "table.get", Imm.TABLE, null, 0);
    def(TABLE_SET, "table.set", Imm.TABLE, null, 0);
    def(I32_LOAD, "i32.load", Imm.MEMARG, "i:i", 4);
    def(I64_LOAD, "i64.load", Imm.MEMARG, "i:l", 8);
    def(F32_LOAD, "f32.load", Imm.MEMARG, "i:f", 4);
    def(F64_LOAD, "f64.load", Imm.MEMARG, "i:d", 8);
    def(I32_LOAD8_S, "i32.load8_s", Imm.MEMARG, "i:i", 1);
    def(I32_LOAD8_U, "i32.load8_u", Imm.MEMARG, "i:i", 1);
    def(I32_LOAD16_S, "i32.load16_s", Imm.MEMARG, "i:i", 2);
    def(I32_LOAD16_U, "i32.load16_u", Imm.MEMARG, "i:i", 2);
    def(I64_LOAD8_S, "i64.load8_s", Imm.MEMARG, "i:l", 1);
    def(I64_LOAD8_U, "i64.load8_u", Imm.MEMARG, "i:l", 1);
    def(I64_LOAD16_S, "i64.load16_s", Imm.MEMARG, "i:l", 2);
    def(I64_LOAD16_U, "i64.load16_u", Imm.MEMARG, "i:l", 2);
    def(I64_LOAD32_S, "i64.load32_s", Imm.MEMARG, "i:l", 4);
    def(I64_LOAD32_U, "i64.load32_u", Imm.MEMARG, "i:l", 4);
    def(I32_STORE, "i32.store", Imm.MEMARG, "ii:", 4);
    def(I64_STORE, "i64.store", Imm.MEMARG, "il:", 8);
    def(F32_STORE, "f32.store", Imm.MEMARG, "if:", 4);
    def(F64_STORE, "f64.store", Imm.MEMARG, "id:", 8);
    def(I32_STORE8, "i32.store8", Imm.MEMARG, "ii:", 1);
    def(I32_STORE16, "i32.store16", Imm.MEMARG, "ii:", 2);
    def(I64_STORE8, "i64.store8", Imm.MEMARG, "il:", 1);
    def(I64_STORE16, "i64.store16", Imm.MEMARG, "il:", 2);
    def(I64_STORE32, "i64.store32", Imm.MEMARG, "il:", 4);
    def(MEMORY_SIZE, "memory.size", Imm.MEMORY, ":i", 0);
    def(MEMORY_GROW, "memory.grow", Imm.MEMORY, "i:i", 0);
    def(I32_CONST, "i32.const", Imm.I32, ":i", 0);
    def(I64_CONST, "i64.const", Imm.I64, ":l", 0);
    def(F32_CONST, "f32.const", Imm.F32, ":f", 0);
    def(F64_CONST, "f64.const", Imm.F64, ":d", 0);
    def(I32_EQZ, "i32.eqz", Imm.NONE, "i:i", 0);
    def(I32_EQ, "i32.eq", Imm.NONE, "ii:i", 0);
    def(I32_NE, "i32.ne", Imm.NONE, "ii:i", 0);
    def(I32_LT_S, "i32.lt_s", Imm.NONE, "ii:i", 0);
    def(I32_LT_U, "i32.lt_u", Imm.NONE, "ii:i", 0);
    def(I32_GT_S, "i32.gt_s", Imm.NONE, "ii:i", 0);
    def(I32_GT_U, "i32.gt_u", Imm.NONE, "ii:i", 0);
    def(I32_LE_S, "i32.le_s", Imm.NONE, "ii:i", 0);
    def(I32_LE_U, "i32.le_u", Imm.NONE, "ii:i", 0);
    def(I32_GE_S, "i32.ge_s", Imm.NONE, "ii:i", 0);
    def(I32_GE_U, "i32.ge_u", Imm.NONE, "ii:i", 0);
    def(I64_EQZ, "i64.eqz", Imm.NONE, "l:i", 0);
    def(I64_EQ, "i64.eq", Imm.NONE, "ll:i", 0);
    def(I64_NE, "i64.ne", Imm.NONE, "ll:i", 0);
    def(I64_LT_S, "i64.lt_s", Imm.NONE, "ll:i", 0);
    def(I64_LT_U, "i64.lt_u", Imm.NONE, "ll:i", 0);
    def(I64_GT_S, "i64.gt_s", Imm.NONE, "ll:i", 0);
    def(I64_GT_U, "i64.gt_u", Imm.NONE, "ll:i", 0);
    def(I64_LE_S, "i64.le_s", Imm.NONE, "ll:i", 0);
    def(I64_LE_U, "i64.le_u", Imm.NONE, "ll:i", 0);
    def(I64_GE_S, "i64.ge_s", Imm.NONE, "ll:i", 0);
    def(I64_GE_U, "i64.ge_u", Imm.NONE, "ll:i", 0);
    def(F32_EQ, "f32.eq", Imm.NONE, "ff:i", 0);
    def(F32_NE, "f32.ne", Imm.NONE, "ff:i", 0);
    def(F32_LT, "f32.lt", Imm.NONE, "ff:i", 0);
    def(F32_GT, "f32.gt", Imm.NONE, "ff:i", 0);
    def(F32_LE, "f32.le", Imm.NONE, "ff:i", 0);
    def(F32_GE, "f32.ge", Imm.NONE, "ff:i", 0);
    def(F64_EQ, "f64.eq", Imm.NONE, "dd:i", 0);
    def(F64_NE, "f64.ne", Imm.NONE, "dd:i", 0);
    def(F64_LT, "f64.lt", Imm.NONE, "dd:i", 0);
    def(F64_GT, "f64.gt", Imm.NONE, "dd:i", 0);
    def(F64_LE, "f64.le", Imm.NONE, "dd:i", 0);
    def(F64_GE, "f64.ge", Imm.NONE, "dd:i", 0);
    def(I32_CLZ, "i32.clz", Imm.NONE, "i:i", 0);
    def(I32_CTZ, "i32.ctz", Imm.NONE, "i:i", 0);
    def(I32_POPCNT, "i32.popcnt", Imm.NONE, "i:i", 0);
    def(I32_ADD, "i32.add", Imm.NONE, "ii:i", 0);
    def(I32_SUB, "i32.sub", Imm.NONE, "ii:i", 0);
    def(I32_MUL, "i32.mul", Imm.NONE, "ii:i", 0);
    def(I32_DIV_S, "i32.div_s", Imm.NONE, "ii:i", 0);
    def(I32_DIV_U, "i32.div_u", Imm.NONE, "ii:i", 0);
    def(I32_REM_S, "i32.rem_s", Imm.NONE, "ii:i", 0);
    def(I32_REM_U, "i32.rem_u", Imm.NONE, "ii:i", 0);
    def(I32_AND, "i32.and", Imm.NONE, "ii:i", 0);
    def(I32_OR, "i32.or", Imm.NONE, "ii:i", 0);
    def(I32_XOR, "i32.xor", Imm.NONE, "ii:i", 0);
    def(I32_SHL, "i32.shl", Imm.NONE, "ii:i", 0);
    def(I32_SHR_S, "i32.shr_s", Imm.NONE, "ii:i", 0);
    def(I32_SHR_U, "i32.shr_u", Imm.NONE, "ii:i", 0);
    def(I32_ROTL, "i32.rotl", Imm.NONE, "ii:i", 0);
    def(I32_ROTR, "i32.rotr", Imm.NONE, "ii:i", 0);
    def(I64_CLZ, "i64.clz", Imm.NONE, "l:l", 0);
    def(I64_CTZ, "i64.ctz", Imm.NONE, "l:l", 0);
    def(I64_POPCNT, "i64.popcnt", Imm.NONE, "l:l", 0);
    def(I64_ADD, "i64.add", Imm.NONE, "ll:l", 0);
    def(I64_SUB, "i64.sub", Imm.NONE, "ll:l", 0);
    def(I64_MUL, "i64.mul", Imm.NONE, "ll:l", 0);
    def(I64_DIV_S, "i64.div_s", Imm.NONE, "ll:l", 0);
    def(I64_DIV_U, "i64.div_u", Imm.NONE, "ll:l", 0);
    def(I64_REM_S, "i64.rem_s", Imm.NONE, "ll:l", 0);
    def(I64_REM_U, "i64.rem_u", Imm.NONE, "ll:l", 0);
    def(I64_AND, "i64.and", Imm.NONE, "ll:l", 0);
    def(I64_OR, "i64.or", Imm.NONE, "ll:l", 0);
    def(I64_XOR, "i64.xor", Imm.NONE, "ll:l", 0);
    def(I64_SHL, "i64.shl", Imm.NONE, "ll:l", 0);
    def(I64_SHR_S, "i64.shr_s", Imm.NONE, "ll:l", 0);
    def(I64_SHR_U, "i64.shr_u", Imm.NONE, "ll:l", 0);
    def(I64_ROTL, "i64.rotl", Imm.NONE, "ll:l", 0);
    def(I64_ROTR, "i64.rotr", Imm.NONE, "ll:l", 0);
    def(F32_ABS, "f32.abs", Imm.NONE, "f:f", 0);
    def(F32_NEG, "f32.neg", Imm.NONE, "f:f", 0);
    def(F32_CEIL, "f32.ceil", Imm.NONE, "f:f", 0);
    def(F32_FLOOR, "f32.floor", Imm.NONE, "f:f", 0);
    def(F32_TRUNC, "f32.trunc", Imm.NONE, "f:f", 0);
    def(F32_NEAREST, "f32.nearest", Imm.NONE, "f:f", 0);
    def(F32_SQRT, "f32.sqrt", Imm.NONE, "f:f", 0);
    def(F32_ADD, "f32.add", Imm.NONE, "ff:f", 0);
    def(F32_SUB, "f32.sub", Imm.NONE, "ff:f", 0);
    def(F32_MUL, "f32.mul", Imm.NONE, "ff:f", 0);
    def(F32_DIV, "f32.div", Imm.NONE, "ff:f", 0);
    def(F32_MIN, "f32.min", Imm.NONE, "ff:f", 0);
    def(F32_MAX, "f32.max", Imm.NONE, "ff:f", 0);
    def(F32_COPYSIGN, "f32.copysign", Imm.NONE, "ff:f", 0);
    def(F64_ABS, "f64.abs", Imm.NONE, "d:d", 0);
    def(F64_NEG, "f64.neg", Imm.NONE, "d:d", 0);
    def(F64_CEIL, "f64.ceil", Imm.NONE, "d:d", 0);
    def(F64_FLOOR, "f64.floor", Imm.NONE, "d:d", 0);
    def(F64_TRUNC, "f64.trunc", Imm.NONE, "d:d", 0);
    def(F64_NEAREST, "f64.nearest", Imm.NONE, "d:d", 0);
    def(F64_SQRT, "f64.sqrt", Imm.NONE, "d:d", 0);
    def(F64_ADD, "f64.add", Imm.NONE, "dd:d", 0);
    def(F64_SUB, "f64.sub", Imm.NONE, "dd:d", 0);
    def(F64_MUL, "f64.mul", Imm.NONE, "dd:d", 0);
    def(F64_DIV, "f64.div", Imm.NONE, "dd:d", 0);
    def(F64_MIN, "f64.min", Imm.NONE, "dd:d", 0);
    def(F64_MAX, "f64.max", Imm.NONE, "dd:d", 0);
    def(F64_COPYSIGN, "f64.copysign", Imm.NONE, "dd:d", 0);
    def(I32_WRAP_I64, "i32.wrap_i64", Imm.NONE, "l:i", 0);
    def(I32_TRUNC_F32_S, "i32.trunc_f32_s", Imm.NONE, "f:i", 0);
    def(I32_TRUNC_F32_U, "i32.trunc_f32_u", Imm.NONE, "f:i", 0);
    def(I32_TRUNC_F64_S, "i32.trunc_f64_s", Imm.NONE, "d:i", 0);
    def(I32_TRUNC_F64_U, "i32.trunc_f64_u", Imm.NONE, "d:i", 0);
    def(I64_EXTEND_I32_S, "i64.extend_i32_s", Imm.NONE, "i:l", 0);
    def(I64_EXTEND_I32_U, "i64.extend_i32_u", Imm.NONE, "i:l", 0);
    def(I64_TRUNC_F32_S, "i64.trunc_f32_s", Imm.NONE, "f:l", 0);
    def(I64_TRUNC_F32_U, "i64.trunc_f32_u", Imm.NONE, "f:l", 0);
    def(I64_TRUNC_F64_S, "i64.trunc_f64_s", Imm.NONE, "d:l", 0);
    def(I64_TRUNC_F64_U, "i64.trunc_f64_u", Imm.NONE, "d:l", 0);
    def(F32_CONVERT_I32_S, "f32.convert_i32_s", Imm.NONE, "i:f", 0);
    def(F32_CONVERT_I32_U, "f32.convert_i32_u", Imm.NONE, "i:f", 0);
    def(F32_CONVERT_I64_S, "f32.convert_i64_s", Imm.NONE, "l:f", 0);
    def(F32_CONVERT_I64_U, "f32.convert_i64_u", Imm.NONE, "l:f", 0);
    def(F32_DEMOTE_F64, "f32.demote_f64", Imm.NONE, "d:f", 0);
    def(F64_CONVERT_I32_S, "f64.convert_i32_s", Imm.NONE, "i:d", 0);
    def(F64_CONVERT_I32_U, "f64.convert_i32_u", Imm.NONE, "i:d", 0);
    def(F64_CONVERT_I64_S, "f64.convert_i64_s", Imm.NONE, "l:d", 0);
    def(F64_CONVERT_I64_U, "f64.convert_i64_u", Imm.NONE, "l:d", 0);
    def(F64_PROMOTE_F32, "f64.promote_f32", Imm.NONE, "f:d", 0);
    def(I32_REINTERPRET_F32, "i32.reinterpret_f32", Imm.NONE, "f:i", 0);
    def(I64_REINTERPRET_F64, "i64.reinterpret_f64", Imm.NONE, "d:l", 0);
    def(F32_REINTERPRET_I32, "f32.reinterpret_i32", Imm.NONE, "i:f", 0);
    def(F64_REINTERPRET_I64, "f64.reinterpret_i64", Imm.NONE, "l:d", 0);
    def(I32_EXTEND8_S, "i32.extend8_s", Imm.NONE, "i:i", 0);
    def(I32_EXTEND16_S, "i32.extend16_s", Imm.NONE, "i:i", 0);
    def(I64_EXTEND8_S, "i64.extend8_s", Imm.NONE, "l:l", 0);
    def(I64_EXTEND16_S, "i64.extend16_s", Imm.NONE, "l:l", 0);
    def(I64_EXTEND32_S, "i64.extend32_s", Imm.NONE, "l:l", 0);
    def(REF_NULL, "ref.null", Imm.REF_NULL, null, 0);
    def(REF_IS_NULL, "ref.is_null", Imm.NONE, null, 0);
    def(REF_FUNC, "ref.func", Imm.FUNC, null, 0);
    def(I32_TRUNC_SAT_F32_S, "i32.trunc_sat_f32_s", Imm.NONE, "f:i", 0);
    def(I32_TRUNC_SAT_F32_U, "i32.trunc_sat_f32_u", Imm.NONE, "f:i", 0);
    def(I32_TRUNC_SAT_F64_S, "i32.trunc_sat_f64_s", Imm.NONE, "d:i", 0);
    def(I32_TRUNC_SAT_F64_U, "i32.trunc_sat_f64_u", Imm.NONE, "d:i", 0);
    def(I64_TRUNC_SAT_F32_S, "i64.trunc_sat_f32_s", Imm.NONE, "f:l", 0);
    def(I64_TRUNC_SAT_F32_U, "i64.trunc_sat_f32_u", Imm.NONE, "f:l", 0);
    def(I64_TRUNC_SAT_F64_S, "i64.trunc_sat_f64_s", Imm.NONE, "d:l", 0);
    def(I64_TRUNC_SAT_F64_U, "i64.trunc_sat_f64_u", Imm.NONE, "d:l", 0);
    def(MEMORY_INIT, "memory.init", Imm.MEMORY_INIT, "iii:", 0);
    def(DATA_DROP, "data.drop", Imm.DATA, ":", 0);
    def(MEMORY_COPY, "memory.copy", Imm.MEMORY_COPY, "iii:", 0);
    def(MEMORY_FILL, "memory.fill", Imm.MEMORY_FILL, "iii:", 0);
    def(TABLE_INIT, "table.init", Imm.TABLE_INIT, "iii:", 0);
    def(ELEM_DROP, "elem.drop", Imm.ELEM, ":", 0);
    def(TABLE_COPY, "table.copy", Imm.TABLE_COPY, "iii:", 0);
    def(TABLE_GROW, "table.grow", Imm.TABLE, null, 0);
    def(TABLE_SIZE, "table.size", Imm.TABLE, ":i", 0);
    def(TABLE_FILL, "table.fill", Imm.TABLE, null, 0);
    def(MEMORY_ATOMIC_NOTIFY, "memory.atomic.notify", Imm.MEMARG, "ii:i", 4);
    def(MEMORY_ATOMIC_WAIT32, "memory.atomic.wait32", Imm.MEMARG, "iil:i", 4);
    def(MEMORY_ATOMIC_WAIT64, "memory.atomic.wait64", Imm.MEMARG, "ill:i", 8);
    def(ATOMIC_FENCE, "atomic.fence", Imm.ATOMIC_FENCE, ":", 0);
    def(I32_ATOMIC_LOAD, "i32.atomic.load", Imm.MEMARG, "i:i", 4);
    def(I64_ATOMIC_LOAD, "i64.atomic.load", Imm.MEMARG, "i:l", 8);
    def(I32_ATOMIC_LOAD8_U, "i32.atomic.load8_u", Imm.MEMARG, "i:i", 1);
    def(I32_ATOMIC_LOAD16_U, "i32.atomic.load16_u", Imm.MEMARG, "i:i", 2);
    def(I64_ATOMIC_LOAD8_U, "i64.atomic.load8_u", Imm.MEMARG, "i:l", 1);
    def(I64_ATOMIC_LOAD16_U, "i64.atomic.load16_u", Imm.MEMARG, "i:l", 2);
    def(I64_ATOMIC_LOAD32_U, "i64.atomic.load32_u", Imm.MEMARG, "i:l", 4);
    def(I32_ATOMIC_STORE, "i32.atomic.store", Imm.MEMARG, "ii:", 4);
    def(I64_ATOMIC_STORE, "i64.atomic.store", Imm.MEMARG, "il:", 8);
    def(I32_ATOMIC_STORE8, "i32.atomic.store8", Imm.MEMARG, "ii:", 1);
    def(I32_ATOMIC_STORE16, "i32.atomic.store16", Imm.MEMARG, "ii:", 2);
    def(I64_ATOMIC_STORE8, "i64.atomic.store8", Imm.MEMARG, "il:", 1);
    def(I64_ATOMIC_STORE16, "i64.atomic.store16", Imm.MEMARG, "il:", 2);
    def(I64_ATOMIC_STORE32, "i64.atomic.store32", Imm.MEMARG, "il:", 4);
    def(I32_ATOMIC_RMW_ADD, "i32.atomic.rmw.add", Imm.MEMARG, "ii:i", 4);
    def(I64_ATOMIC_RMW_ADD, "i64.atomic.rmw.add", Imm.MEMARG, "il:l", 8);
    def(I32_ATOMIC_RMW8_ADD_U, "i32.atomic.rmw8.add_u", Imm.MEMARG, "ii:i", 1);
    def(I32_ATOMIC_RMW16_ADD_U, "i32.atomic.rmw16.add_u", Imm.MEMARG, "ii:i", 2);
    def(I64_ATOMIC_RMW8_ADD_U, "i64.atomic.rmw8.add_u", Imm.MEMARG, "il:l", 1);
    def(I64_ATOMIC_RMW16_ADD_U, "i64.atomic.rmw16.add_u", Imm.MEMARG, "il:l", 2);
    def(I64_ATOMIC_RMW32_ADD_U, "i64.atomic.rmw32.add_u", Imm.MEMARG, "il:l", 4);
    def(I32_ATOMIC_RMW_SUB, "i32.atomic.rmw.sub", Imm.MEMARG, "ii:i", 4);
    def(I64_ATOMIC_RMW_SUB, "i64.atomic.rmw.sub", Imm.MEMARG, "il:l", 8);
    def(I32_ATOMIC_RMW8_SUB_U, "i32.atomic.rmw8.sub_u", Imm.MEMARG, "ii:i", 1);
    def(I32_ATOMIC_RMW16_SUB_U, "i32.atomic.rmw16.sub_u", Imm.MEMARG, "ii:i", 2);
    def(I64_ATOMIC_RMW8_SUB_U, "i64.atomic.rmw8.sub_u", Imm.MEMARG, "il:l", 1);
    def(I64_ATOMIC_RMW16_SUB_U, "i64.atomic.rmw16.sub_u", Imm.MEMARG, "il:l", 2);
    def(I64_ATOMIC_RMW32_SUB_U, "i64.atomic.rmw32.sub_u", Imm.MEMARG, "il:l", 4);
    def(I32_ATOMIC_RMW_AND, "i32.atomic.rmw.and", Imm.MEMARG, "ii:i", 4);
    def(I64_ATOMIC_RMW_AND, "i64.atomic.rmw.and", Imm.MEMARG, "il:l", 8);
    def(I32_ATOMIC_RMW8_AND_U, "i32.atomic.rmw8.and_u", Imm.MEMARG, "ii:i", 1);
    def(I32_ATOMIC_RMW16_AND_U, "i32.atomic.rmw16.and_u", Imm.MEMARG, "ii:i", 2);
    def(I64_ATOMIC_RMW8_AND_U, "i64.atomic.rmw8.and_u", Imm.MEMARG, "il:l", 1);
    def(I64_ATOMIC_RMW16_AND_U, "i64.atomic.rmw16.and_u", Imm.MEMARG, "il:l", 2);
    def(I64_ATOMIC_RMW32_AND_U, "i64.atomic.rmw32.and_u", Imm.MEMARG, "il:l", 4);
    def(I32_ATOMIC_RMW_OR, "i32.atomic.rmw.or", Imm.MEMARG, "ii:i", 4);
    def(I64_ATOMIC_RMW_OR, "i64.atomic.rmw.or", Imm.MEMARG, "il:l", 8);
    def(I32_ATOMIC_RMW8_OR_U, "i32.atomic.rmw8.or_u", Imm.MEMARG, "ii:i", 1);
    def(I32_ATOMIC_RMW16_OR_U, "i32.atomic.rmw16.or_u", Imm.MEMARG, "ii:i", 2);
    def(I64_ATOMIC_RMW8_OR_U, "i64.atomic.rmw8.or_u", Imm.MEMARG, "il:l", 1);
    def(I64_ATOMIC_RMW16_OR_U, "i64.atomic.rmw16.or_u", Imm.MEMARG, "il:l", 2);
    def(I64_ATOMIC_RMW32_OR_U, "i64.atomic.rmw32.or_u", Imm.MEMARG, "il:l", 4);
    def(I32_ATOMIC_RMW_XOR, "i32.atomic.rmw.xor", Imm.MEMARG, "ii:i", 4);
    def(I64_ATOMIC_RMW_XOR, "i64.atomic.rmw.xor", Imm.MEMARG, "il:l", 8);
    def(I32_ATOMIC_RMW8_XOR_U, "i32.atomic.rmw8.xor_u", Imm.MEMARG, "ii:i", 1);
    def(I32_ATOMIC_RMW16_XOR_U, "i32.atomic.rmw16.xor_u", Imm.MEMARG, "ii:i", 2);
    def(I64_ATOMIC_RMW8_XOR_U, "i64.atomic.rmw8.xor_u", Imm.MEMARG, "il:l", 1);
    def(I64_ATOMIC_RMW16_XOR_U, "i64.atomic.rmw16.xor_u", Imm.MEMARG, "il:l", 2);
    def(I64_ATOMIC_RMW32_XOR_U, "i64.atomic.rmw32.xor_u", Imm.MEMARG, "il:l", 4);
    def(I32_ATOMIC_RMW_XCHG, "i32.atomic.rmw.xchg", Imm.MEMARG, "ii:i", 4);
    def(I64_ATOMIC_RMW_XCHG, "i64.atomic.rmw.xchg", Imm.MEMARG, "il:l", 8);
    def(I32_ATOMIC_RMW8_XCHG_U, "i32.atomic.rmw8.xchg_u", Imm.MEMARG, "ii:i", 1);
    def(I32_ATOMIC_RMW16_XCHG_U, "i32.atomic.rmw16.xchg_u", Imm.MEMARG, "ii:i", 2);
    def(I64_ATOMIC_RMW8_XCHG_U, "i64.atomic.rmw8.xchg_u", Imm.MEMARG, "il:l", 1);
    def(I64_ATOMIC_RMW16_XCHG_U, "i64.atomic.rmw16.xchg_u", Imm.MEMARG, "il:l", 2);
    def(I64_ATOMIC_RMW32_XCHG_U, "i64.atomic.rmw32.xchg_u", Imm.MEMARG, "il:l", 4);
    def(I32_ATOMIC_RMW_CMPXCHG, "i32.atomic.rmw.cmpxchg", Imm.MEMARG, "iii:i", 4);
    def(I64_ATOMIC_RMW_CMPXCHG, "i64.atomic.rmw.cmpxchg", Imm.MEMARG, "ill:l", 8);
    def(I32_ATOMIC_RMW8_CMPXCHG_U, "i32.atomic.rmw8.cmpxchg_u", Imm.MEMARG, "iii:i", 1);
    def(I32_ATOMIC_RMW16_CMPXCHG_U, "i32.atomic.rmw16.cmpxchg_u", Imm.MEMARG, "iii:i", 2);
    def(I64_ATOMIC_RMW8_CMPXCHG_U, "i64.atomic.rmw8.cmpxchg_u", Imm.MEMARG, "ill:l", 1);
    def(I64_ATOMIC_RMW16_CMPXCHG_U, "i64.atomic.rmw16.cmpxchg_u", Imm.MEMARG, "ill:l", 2);
    def(I64_ATOMIC_RMW32_CMPXCHG_U, "i64.atomic.rmw32.cmpxchg_u", Imm.MEMARG, "ill:l", 4);
    def(JUMP, "jump", Imm.INTERNAL, null, 0);
    def(JUMP_IF_ZERO, "jump_if_zero", Imm.INTERNAL, null, 0);
    def(JUMP_IF, "jump_if", Imm.INTERNAL, null, 0);
    def(BR_DROP, "br_drop", Imm.INTERNAL, null, 0);
    def(BR_IF_DROP, "br_if_drop", Imm.INTERNAL, null, 0);
    def(METER, "meter", Imm.INTERNAL, null, 0);
  }

  private static void def(int id, String name, Imm imm, String signature, int accessSize) {
    NAME[id] = name;
    IMM[id] = imm;
    SIGNATURE[id] = signature;
    ACCESS_SIZE[id] = accessSize;
  }

  /** Whether {@code id} names a known instruction. */
  public static boolean isKnown(int id) {
    return id >= 0 && id < ID_LIMIT && NAME[id] != null;
  }

  /** The text-format name, such as {@code i32.add}. */
  public static String name(int id) {
    return NAME[id];
  }

  /** The immediate encoding of instruction {@code id}. */
  public static Imm imm(int id) {
    return IMM[id];
  }

  /**
   * The stack signature of a simple instruction, {@code "params:results"} with one letter per
   * value: {@code i} i32, {@code l} i64, {@code f} f32, {@code d} f64; null for instructions whose
   * typing needs more than a fixed signature (control, locals, references, select, tables).
   */
  public static String signature(int id) {
    return SIGNATURE[id];
  }

  /** Bytes accessed by a memory instruction (its natural alignment); 0 for the others. */
  public static int accessSize(int id) {
    return ACCESS_SIZE[id];
  }
}
