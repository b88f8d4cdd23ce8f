package io.wali4j.core.interp;

import io.wali4j.core.wasm.Opcodes;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Superinstructions for the interpreter: frequent pairs, triples and quadruples of instructions
 * executed with one dispatch. Fusion happens in place on a private copy of the code: the first
 * instruction's opcode becomes the fused id, the following instructions stay as they were (each
 * possibly fused with its own successors). Nothing moves, so every branch target, including one
 * that lands inside a fused sequence, and every trap offset stays valid, and the fused opcode
 * simply continues after the sequence. A fused op that can trap advances pc past the start of the
 * trapping instruction first, so the trap names that instruction. The ids come from the range of
 * one-byte opcodes that Wasm leaves unassigned and the pre-decoded form never uses.
 */
public final class Fusion {

  static final int LOCAL_GET_LOCAL_GET = 0xE0;
  static final int LOCAL_GET_I32_CONST = 0xE1;
  static final int I32_CONST_I32_ADD = 0xE2;
  static final int I32_ADD_LOCAL_SET = 0xE3;
  static final int LOCAL_GET_I32_LOAD = 0xE4;
  static final int I32_LT_S_JUMP_IF = 0xE5;
  static final int I32_LT_U_JUMP_IF = 0xE6;
  static final int I32_NE_JUMP_IF = 0xE7;
  static final int I32_EQZ_JUMP_IF = 0xE8;
  static final int I32_EQ_JUMP_IF = 0xE9;
  static final int LOCAL_GET_LOCAL_SET = 0xEA;
  static final int I32_LT_S_JUMP_IF_ZERO = 0xEB;
  static final int I64_ADD_LOCAL_SET = 0xED;
  static final int LOCAL_GET_I64_CONST = 0xEE;
  static final int LOCAL_GET_I32_ADD = 0xEF;
  static final int I32_CONST_I32_AND = 0xF0;
  static final int I32_CONST_I32_SHL = 0xF1;
  static final int I32_CONST_I32_SHR_U = 0xF2;
  static final int LOCAL_GET_I64_LOAD = 0xF3;
  static final int LOCAL_GET_F64_MUL = 0xF4;
  static final int LOCAL_GET_F64_ADD = 0xF5;

  // Longer sequences (three or four instructions); the name lists them in order.
  static final int LG_I32C_ADD_SET = 0xC5;
  static final int LG_I32C_ADD_TEE = 0xC6;
  static final int LG_LG_ADD_SET = 0xC7;
  static final int LG_I32C_ADD = 0xC8;
  static final int LG_LG_ADD = 0xC9;
  static final int LG_I32C_STORE8 = 0xCA;
  static final int LG_I32C_STORE = 0xCB;
  static final int LG_I64C_I64_ADD_SET = 0xCE;
  static final int LG_I64C_I64_ADD_TEE = 0xCF;
  static final int I64_LT_U_JUMP_IF = 0xD3;
  static final int I64_NE_JUMP_IF = 0xD4;
  static final int I64C_I64_NE_JUMP_IF = 0xD6;
  static final int I32_ADD_LOCAL_TEE = 0xD7;
  static final int LG_LG_I64_ADD = 0xD8;
  static final int LG_I32C_SHR_U = 0xDA;
  static final int LG_I32C_AND = 0xDC;
  static final int LG_I32C_SHL = 0xDD;
  static final int I32C_I32_NE_JUMP_IF = 0xDE;
  static final int I32_LOAD_LOCAL_TEE = 0xDF;
  static final int LOCAL_GET_I32_AND = 0xF6;
  static final int LOCAL_GET_I32_XOR = 0xF7;
  static final int LOCAL_GET_I32_OR = 0xF8;
  static final int LG_LG_XOR = 0xF9;
  static final int LG_LG_AND = 0xFA;
  static final int F64_ADD_F64_STORE = 0xFB;
  static final int LG_I32C_ADD_I64_LOAD = 0xFC;
  static final int LG_I32C_ADD_I32_LOAD = 0xFD;

  // More ids from one-byte opcodes Wasm leaves unassigned (0x06-0x0A, 0x12-0x19, 0x1D-0x1F,
  // 0x27) and from nop, else and end (0x01, 0x05, 0x0B), which the pre-decoded form never emits.
  static final int LG_F64_LOAD_F64_ADD_STORE = 0x06;
  static final int LG_I32C_ROTL_XOR = 0x07;
  static final int LG_I32C_SHR_U_XOR = 0x08;
  static final int LT_I32C_ROTL = 0x09;
  static final int LG_LG_F64_MUL = 0x0A;
  static final int F64_SUB_F64_STORE = 0x12;
  static final int F64_SUB_LOCAL_TEE = 0x13;

  // The counted-loop tails clang emits: step a counter local, keep it (tee), test it, branch back.
  static final int LG_LG_I32C_ADD_TEE_NE_JUMP_IF = 0x14;
  static final int LG_I32C_ADD_TEE_JUMP_IF = 0x15;
  static final int LG_I32C_ADD_TEE_I32C_NE_JUMP_IF = 0x16;

  static final int I32_GT_S_JUMP_IF = 0x17;
  static final int I32_LE_S_JUMP_IF = 0x18;
  static final int I32_GE_S_JUMP_IF = 0x19;
  static final int I32_GT_U_JUMP_IF = 0x1D;
  static final int I32_GE_U_JUMP_IF = 0x1E;
  static final int LOCAL_TEE_LOCAL_GET = 0x1F;
  static final int I32C_ADD_I32_LOAD = 0x27;
  static final int I32C_ADD_I32_LOAD8_U = 0x05;
  static final int LG_I32C_ADD_I32_LOAD8_U = 0x0B;
  static final int LG_I32_LOAD_SET = 0x01;

  // The f64 multiply-adds clang emits for c[j] += x * b[j] (matmul's inner loop, unrolled):
  // "local.get x; local.get b; i32.const c; i32.add; f64.load o; f64.mul" pushes x * mem[b + c +
  // o],
  // "local.get a; local.get x; local.get b; f64.load o; f64.mul" pushes a, then x * mem[b + o].
  // Their
  // ids: select t's, which the pre-decoded form never emits (both selects are SELECT), and 0xFF.
  static final int LG_LG_I32C_ADD_F64_LOAD_MUL = 0x1C;
  static final int LG_LG_LG_F64_LOAD_MUL = 0xFF;

  // Whole statements, one dispatch each. Their ids are those of six fused sequences that a
  // dynamic count of dispatches found unused by the seven benchmark kernels, lua and sqlite3
  // (local.get + f64.load + f64.mul or f64.add, local.get + i32.const + i32.rotl, i32.const +
  // i32.rotl, i32.eqz + jump_if_zero, i64.const + i64.lt_u + jump_if); those now run as their
  // shorter prefixes, or unfused.
  // matmul's c[j] += x * b[j] with the store address pushed first: "local.get a; local.get x;
  // local.get b; f64.load; f64.mul; local.get a; f64.load; f64.add; f64.store", and its unrolled
  // twin after "local.get a; i32.const 8; i32.add; local.tee t", whose address is on the stack:
  // "local.get x; local.get b; i32.const c; i32.add; f64.load; f64.mul; local.get t; f64.load;
  // f64.add; f64.store".
  static final int MADD_STORE = 0xCC;
  static final int MADD_CONST_STORE = 0xCD;
  // nbody's v -= d * m * mag: "local.get a; local.get a; f64.load; local.get x; local.get y;
  // f64.mul; local.get z; f64.mul; f64.sub; f64.store", and v += d * m * mag with the address on
  // the stack: "local.get x; local.get y; f64.mul; local.get z; f64.mul; local.get t; f64.load;
  // f64.add; f64.store".
  static final int SUB_PRODUCT_STORE = 0xDB;
  static final int ADD_PRODUCT_STORE = 0xEC;
  // SHA-2's sigma functions on a value being kept in a local: "local.tee x; i32.const a;
  // i32.rotl; local.get x; i32.const b; i32.rotl; i32.xor; local.get x; i32.const c; i32.rotl
  // (or i32.shr_u); i32.xor".
  static final int SIGMA_ROTL = 0xD9;
  static final int SIGMA_SHR_U = 0xD5;

  // The internal branches of the pre-decoded form (ids from 0x400) under one-byte ids, so the
  // interpreter's main switch dispatches them directly. The pre-decoded form never emits the
  // structured-control opcodes (block, loop, if, br, br_if), so their ids are free here.
  static final int JUMP = 0x0C;
  static final int JUMP_IF = 0x0D;
  static final int JUMP_IF_ZERO = 0x04;
  static final int BR_DROP = 0x02;
  static final int BR_IF_DROP = 0x03;
  // Fuel metering (opt-in, Limits.fuel): 0xFE, the threads prefix, which the pre-decoded form
  // never holds (prefixed instructions have ids from 0x100).
  static final int METER = 0xFE;

  // The apps' most frequent unfused pairs and triples (a dynamic count of the dispatches of lua's
  // and sqlite3's first runs: each about 1-2.7% of them). Their ids are those of table.get,
  // table.set and ref.null, which C code never contains: those dispatch as RELOCATED plus their
  // id instead and run in RareOps like every instruction the loop does not inline.
  static final int LOCAL_GET_I32_LOAD8_U = Opcodes.TABLE_GET;
  static final int I32_CONST_LOCAL_SET = Opcodes.TABLE_SET;
  static final int LG_I32_LOAD_TEE = Opcodes.REF_NULL;

  /** Added to the id of an instruction whose one-byte id a fused sequence took. */
  static final int RELOCATED = Opcodes.ID_LIMIT;

  /**
   * Whether the sequences above are fused ({@code -Dwali4j.interp.appFusion}, default true): off
   * only to measure them against the code without them.
   */
  static final boolean APP_FUSION =
      Boolean.parseBoolean(System.getProperty("wali4j.interp.appFusion", "true"));

  /**
   * Fused code by the pre-decoded array it came from (identity keys, held weakly): a module's
   * instances share it, as each thread of a WALI process is an instance of its own and would
   * otherwise fuse every function of the module again when it starts.
   */
  private static final Map<int[], int[]> SHARED = Collections.synchronizedMap(new WeakHashMap<>());

  private Fusion() {}

  /**
   * {@link #fuse(int[])} of {@code code}, computed once per array and shared: fused code is never
   * modified after it is made (a forked child shares its parent's too).
   */
  public static int[] shared(int[] code) {
    int[] fused = SHARED.get(code);
    if (fused == null) {
      fused = fuse(code);
      SHARED.put(code, fused);
    }
    return fused;
  }

  /** A copy of {@code code} with fusable pairs rewritten; {@code code} is not modified. */
  public static int[] fuse(int[] code) {
    int[] out = code.clone();
    int pc = 0;
    while (pc < code.length) {
      int op = code[pc];
      int next = pc + length(code, pc);
      int fused = sequence(code, pc);
      // A pair is not formed when its second instruction starts a longer sequence: the pair
      // would run that instruction alone and lose the longer sequence.
      if (fused == 0 && next < code.length && sequence(code, next) == 0) {
        fused = fused(op, code[next]);
      }
      out[pc] = fused != 0 ? fused : dispatchId(op);
      pc = next;
    }
    return out;
  }

  /** The id the interpreter dispatches for the unfused instruction {@code op}. */
  private static int dispatchId(int op) {
    switch (op) {
      case Opcodes.JUMP:
        return JUMP;
      case Opcodes.JUMP_IF:
        return JUMP_IF;
      case Opcodes.JUMP_IF_ZERO:
        return JUMP_IF_ZERO;
      case Opcodes.BR_DROP:
        return BR_DROP;
      case Opcodes.BR_IF_DROP:
        return BR_IF_DROP;
      case Opcodes.METER:
        return METER;
      case Opcodes.TABLE_GET:
      case Opcodes.TABLE_SET:
      case Opcodes.REF_NULL:
        return RELOCATED + op;
      default:
        return op;
    }
  }

  private static int at(int[] code, int i) {
    return i < code.length ? code[i] : -1;
  }

  /** The fused id of the three- or four-instruction sequence starting at {@code pc}, or 0. */
  private static int sequence(int[] code, int pc) {
    int op = code[pc];
    if (op == Opcodes.I32_CONST) {
      if (at(code, pc + 2) == Opcodes.I32_ADD) {
        switch (at(code, pc + 3)) {
          case Opcodes.I32_LOAD:
            return I32C_ADD_I32_LOAD;
          case Opcodes.I32_LOAD8_U:
            return I32C_ADD_I32_LOAD8_U;
          default:
            return 0;
        }
      }
      boolean ne = at(code, pc + 2) == Opcodes.I32_NE && at(code, pc + 3) == Opcodes.JUMP_IF;
      return ne ? I32C_I32_NE_JUMP_IF : 0;
    }
    if (op == Opcodes.I64_CONST) {
      boolean ne = at(code, pc + 3) == Opcodes.I64_NE && at(code, pc + 4) == Opcodes.JUMP_IF;
      return ne ? I64C_I64_NE_JUMP_IF : 0;
    }
    if (op == Opcodes.LOCAL_TEE) {
      boolean rotl = at(code, pc + 2) == Opcodes.I32_CONST && at(code, pc + 4) == Opcodes.I32_ROTL;
      return rotl ? sigma(code, pc) : 0;
    }
    if (op != Opcodes.LOCAL_GET) {
      return 0;
    }
    int second = at(code, pc + 2);
    if (second == Opcodes.I32_CONST) {
      switch (at(code, pc + 4)) {
        case Opcodes.I32_ADD:
          switch (at(code, pc + 5)) {
            case Opcodes.LOCAL_SET:
              return LG_I32C_ADD_SET;
            case Opcodes.LOCAL_TEE:
              return addTee(code, pc + 7);
            case Opcodes.I64_LOAD:
            case Opcodes.F64_LOAD:
              return LG_I32C_ADD_I64_LOAD;
            case Opcodes.I32_LOAD:
              return LG_I32C_ADD_I32_LOAD;
            case Opcodes.I32_LOAD8_U:
              return LG_I32C_ADD_I32_LOAD8_U;
            default:
              return LG_I32C_ADD;
          }
        case Opcodes.I32_SHR_U:
          return at(code, pc + 5) == Opcodes.I32_XOR ? LG_I32C_SHR_U_XOR : LG_I32C_SHR_U;
        case Opcodes.I32_ROTL:
          return at(code, pc + 5) == Opcodes.I32_XOR ? LG_I32C_ROTL_XOR : 0;
        case Opcodes.I32_AND:
          return LG_I32C_AND;
        case Opcodes.I32_SHL:
          return LG_I32C_SHL;
        case Opcodes.I32_STORE8:
          return LG_I32C_STORE8;
        case Opcodes.I32_STORE:
          return LG_I32C_STORE;
        default:
          return 0;
      }
    }
    if (second == Opcodes.LOCAL_GET) {
      switch (at(code, pc + 4)) {
        case Opcodes.I32_ADD:
          return at(code, pc + 5) == Opcodes.LOCAL_SET ? LG_LG_ADD_SET : LG_LG_ADD;
        case Opcodes.I64_ADD:
          return LG_LG_I64_ADD;
        case Opcodes.I32_XOR:
          return LG_LG_XOR;
        case Opcodes.I32_AND:
          return LG_LG_AND;
        case Opcodes.F64_MUL:
          return productStore(code, pc + 5) ? ADD_PRODUCT_STORE : LG_LG_F64_MUL;
        case Opcodes.F64_LOAD:
          return subProductStore(code, pc + 6) ? SUB_PRODUCT_STORE : 0;
        case Opcodes.I32_CONST:
          if (at(code, pc + 6) == Opcodes.I32_ADD
              && at(code, pc + 7) == Opcodes.F64_LOAD
              && at(code, pc + 9) == Opcodes.F64_MUL) {
            return addStore(code, pc + 10) ? MADD_CONST_STORE : LG_LG_I32C_ADD_F64_LOAD_MUL;
          }
          boolean loop =
              at(code, pc + 6) == Opcodes.I32_ADD
                  && at(code, pc + 7) == Opcodes.LOCAL_TEE
                  && at(code, pc + 9) == Opcodes.I32_NE
                  && at(code, pc + 10) == Opcodes.JUMP_IF;
          return loop ? LG_LG_I32C_ADD_TEE_NE_JUMP_IF : 0;
        case Opcodes.LOCAL_GET:
          boolean mul = at(code, pc + 6) == Opcodes.F64_LOAD && at(code, pc + 8) == Opcodes.F64_MUL;
          if (!mul) {
            return 0;
          }
          return addStore(code, pc + 9) ? MADD_STORE : LG_LG_LG_F64_LOAD_MUL;
        default:
          return 0;
      }
    }
    if (second == Opcodes.I64_CONST && at(code, pc + 5) == Opcodes.I64_ADD) {
      switch (at(code, pc + 6)) {
        case Opcodes.LOCAL_SET:
          return LG_I64C_I64_ADD_SET;
        case Opcodes.LOCAL_TEE:
          return LG_I64C_I64_ADD_TEE;
        default:
          return 0;
      }
    }
    if (second == Opcodes.I32_LOAD && at(code, pc + 4) == Opcodes.LOCAL_SET) {
      return LG_I32_LOAD_SET;
    }
    if (second == Opcodes.I32_LOAD && at(code, pc + 4) == Opcodes.LOCAL_TEE && APP_FUSION) {
      return LG_I32_LOAD_TEE;
    }
    if (second == Opcodes.F64_LOAD) {
      switch (at(code, pc + 4)) {
        case Opcodes.F64_ADD:
          return at(code, pc + 5) == Opcodes.F64_STORE ? LG_F64_LOAD_F64_ADD_STORE : 0;
        default:
          return 0;
      }
    }
    return 0;
  }

  /** Whether "local.get; f64.load; f64.add; f64.store" is at {@code pc}. */
  private static boolean addStore(int[] code, int pc) {
    return at(code, pc) == Opcodes.LOCAL_GET
        && at(code, pc + 2) == Opcodes.F64_LOAD
        && at(code, pc + 4) == Opcodes.F64_ADD
        && at(code, pc + 5) == Opcodes.F64_STORE;
  }

  /** Whether "local.get; f64.mul" and then {@link #addStore} are at {@code pc}. */
  private static boolean productStore(int[] code, int pc) {
    return at(code, pc) == Opcodes.LOCAL_GET
        && at(code, pc + 2) == Opcodes.F64_MUL
        && addStore(code, pc + 3);
  }

  /**
   * Whether "local.get x; local.get y; f64.mul; local.get z; f64.mul; f64.sub; f64.store" is at
   * {@code pc}.
   */
  private static boolean subProductStore(int[] code, int pc) {
    return at(code, pc) == Opcodes.LOCAL_GET
        && at(code, pc + 2) == Opcodes.LOCAL_GET
        && at(code, pc + 4) == Opcodes.F64_MUL
        && at(code, pc + 5) == Opcodes.LOCAL_GET
        && at(code, pc + 7) == Opcodes.F64_MUL
        && at(code, pc + 8) == Opcodes.F64_SUB
        && at(code, pc + 9) == Opcodes.F64_STORE;
  }

  /**
   * The fused id for "local.tee; i32.const; i32.rotl" at {@code pc}: a whole sigma function when
   * two more terms follow, else the triple.
   */
  private static int sigma(int[] code, int pc) {
    boolean terms =
        at(code, pc + 5) == Opcodes.LOCAL_GET
            && at(code, pc + 7) == Opcodes.I32_CONST
            && at(code, pc + 9) == Opcodes.I32_ROTL
            && at(code, pc + 10) == Opcodes.I32_XOR
            && at(code, pc + 11) == Opcodes.LOCAL_GET
            && at(code, pc + 13) == Opcodes.I32_CONST
            && at(code, pc + 16) == Opcodes.I32_XOR;
    if (terms && at(code, pc + 15) == Opcodes.I32_ROTL) {
      return SIGMA_ROTL;
    }
    return terms && at(code, pc + 15) == Opcodes.I32_SHR_U ? SIGMA_SHR_U : LT_I32C_ROTL;
  }

  /** The fused id for "local.get; i32.const; i32.add; local.tee" followed at {@code pc}. */
  private static int addTee(int[] code, int pc) {
    if (at(code, pc) == Opcodes.JUMP_IF) {
      return LG_I32C_ADD_TEE_JUMP_IF;
    }
    boolean ne =
        at(code, pc) == Opcodes.I32_CONST
            && at(code, pc + 2) == Opcodes.I32_NE
            && at(code, pc + 3) == Opcodes.JUMP_IF;
    return ne ? LG_I32C_ADD_TEE_I32C_NE_JUMP_IF : LG_I32C_ADD_TEE;
  }

  private static int fused(int first, int second) {
    switch (first) {
      case Opcodes.LOCAL_GET:
        switch (second) {
          case Opcodes.LOCAL_GET:
            return LOCAL_GET_LOCAL_GET;
          case Opcodes.I32_CONST:
            return LOCAL_GET_I32_CONST;
          case Opcodes.I32_LOAD:
            return LOCAL_GET_I32_LOAD;
          case Opcodes.LOCAL_SET:
            return LOCAL_GET_LOCAL_SET;
          case Opcodes.I64_CONST:
            return LOCAL_GET_I64_CONST;
          case Opcodes.I32_ADD:
            return LOCAL_GET_I32_ADD;
          case Opcodes.I64_LOAD:
          case Opcodes.F64_LOAD:
            return LOCAL_GET_I64_LOAD;
          case Opcodes.F64_MUL:
            return LOCAL_GET_F64_MUL;
          case Opcodes.F64_ADD:
            return LOCAL_GET_F64_ADD;
          case Opcodes.I32_AND:
            return LOCAL_GET_I32_AND;
          case Opcodes.I32_XOR:
            return LOCAL_GET_I32_XOR;
          case Opcodes.I32_OR:
            return LOCAL_GET_I32_OR;
          case Opcodes.I32_LOAD8_U:
            return APP_FUSION ? LOCAL_GET_I32_LOAD8_U : 0;
          default:
            return 0;
        }
      case Opcodes.I32_CONST:
        switch (second) {
          case Opcodes.LOCAL_SET:
            return APP_FUSION ? I32_CONST_LOCAL_SET : 0;
          case Opcodes.I32_ADD:
            return I32_CONST_I32_ADD;
          case Opcodes.I32_AND:
            return I32_CONST_I32_AND;
          case Opcodes.I32_SHL:
            return I32_CONST_I32_SHL;
          case Opcodes.I32_SHR_U:
            return I32_CONST_I32_SHR_U;
          default:
            return 0;
        }
      case Opcodes.I32_ADD:
        if (second == Opcodes.LOCAL_TEE) {
          return I32_ADD_LOCAL_TEE;
        }
        return second == Opcodes.LOCAL_SET ? I32_ADD_LOCAL_SET : 0;
      case Opcodes.I64_LT_U:
        return second == Opcodes.JUMP_IF ? I64_LT_U_JUMP_IF : 0;
      case Opcodes.I32_LOAD:
        return second == Opcodes.LOCAL_TEE ? I32_LOAD_LOCAL_TEE : 0;
      case Opcodes.LOCAL_TEE:
        return second == Opcodes.LOCAL_GET ? LOCAL_TEE_LOCAL_GET : 0;
      case Opcodes.I32_GT_S:
        return second == Opcodes.JUMP_IF ? I32_GT_S_JUMP_IF : 0;
      case Opcodes.I32_LE_S:
        return second == Opcodes.JUMP_IF ? I32_LE_S_JUMP_IF : 0;
      case Opcodes.I32_GE_S:
        return second == Opcodes.JUMP_IF ? I32_GE_S_JUMP_IF : 0;
      case Opcodes.I32_GT_U:
        return second == Opcodes.JUMP_IF ? I32_GT_U_JUMP_IF : 0;
      case Opcodes.I32_GE_U:
        return second == Opcodes.JUMP_IF ? I32_GE_U_JUMP_IF : 0;
      case Opcodes.F64_ADD:
        return second == Opcodes.F64_STORE ? F64_ADD_F64_STORE : 0;
      case Opcodes.F64_SUB:
        if (second == Opcodes.F64_STORE) {
          return F64_SUB_F64_STORE;
        }
        return second == Opcodes.LOCAL_TEE ? F64_SUB_LOCAL_TEE : 0;
      case Opcodes.I64_NE:
        return second == Opcodes.JUMP_IF ? I64_NE_JUMP_IF : 0;
      case Opcodes.I64_ADD:
        return second == Opcodes.LOCAL_SET ? I64_ADD_LOCAL_SET : 0;
      case Opcodes.I32_LT_S:
        if (second == Opcodes.JUMP_IF) {
          return I32_LT_S_JUMP_IF;
        }
        return second == Opcodes.JUMP_IF_ZERO ? I32_LT_S_JUMP_IF_ZERO : 0;
      case Opcodes.I32_LT_U:
        return second == Opcodes.JUMP_IF ? I32_LT_U_JUMP_IF : 0;
      case Opcodes.I32_NE:
        return second == Opcodes.JUMP_IF ? I32_NE_JUMP_IF : 0;
      case Opcodes.I32_EQ:
        return second == Opcodes.JUMP_IF ? I32_EQ_JUMP_IF : 0;
      case Opcodes.I32_EQZ:
        return second == Opcodes.JUMP_IF ? I32_EQZ_JUMP_IF : 0;
      default:
        return 0;
    }
  }

  /** Ints taken by the instruction at {@code pc}: its id and its immediates. */
  static int length(int[] code, int pc) {
    int op = code[pc];
    switch (op) {
      case Opcodes.BR_TABLE:
        return 2 + 3 * (code[pc + 1] + 1);
      case Opcodes.BR_DROP:
      case Opcodes.BR_IF_DROP:
        return 4;
      case Opcodes.JUMP:
      case Opcodes.JUMP_IF:
      case Opcodes.JUMP_IF_ZERO:
      case Opcodes.CALL:
      case Opcodes.LOCAL_GET:
      case Opcodes.LOCAL_SET:
      case Opcodes.LOCAL_TEE:
      case Opcodes.GLOBAL_GET:
      case Opcodes.GLOBAL_SET:
      case Opcodes.I32_CONST:
      case Opcodes.F32_CONST:
      case Opcodes.REF_FUNC:
        return 2;
      case Opcodes.CALL_INDIRECT:
      case Opcodes.I64_CONST:
      case Opcodes.F64_CONST:
        return 3;
      default:
        return 1 + RareOps.immediates(op);
    }
  }
}
