package io.wali4j.core.interp;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Ops;
import io.wali4j.core.wasm.Opcodes;

/**
 * The instructions the dispatch loop does not inline: saturating conversions, memory.size and
 * memory.grow, bulk memory, references, tables, atomics and the rare numeric ones of {@link
 * NumericOps}. Each call executes one instruction whose immediates start at {@code code[pc]}, and
 * returns the new stack pointer; the loop then skips {@link #immediates(int)} ints.
 */
final class RareOps {

  // Also indexed by the relocated ids (Fusion.RELOCATED plus an id).
  private static final int[] IMMEDIATES = new int[2 * Opcodes.ID_LIMIT];
  private static final Memory.Rmw[] RMW = Memory.Rmw.values();

  static {
    for (int op = 0; op < Opcodes.ID_LIMIT; op++) {
      if (!Opcodes.isKnown(op)) {
        continue;
      }
      switch (Opcodes.imm(op)) {
        case MEMARG:
        case MEMORY_INIT:
        case DATA:
        case TABLE:
        case ELEM:
          IMMEDIATES[op] = 1;
          break;
        case TABLE_COPY:
        case TABLE_INIT:
          IMMEDIATES[op] = 2;
          break;
        default:
          break;
      }
    }
    IMMEDIATES[Opcodes.REF_FUNC] = 1;
    for (int op = 0; op < Opcodes.ID_LIMIT; op++) {
      IMMEDIATES[Fusion.RELOCATED + op] = IMMEDIATES[op];
    }
  }

  private RareOps() {}

  static int immediates(int op) {
    return IMMEDIATES[op];
  }

  private static double f32(long slot) {
    return Float.intBitsToFloat((int) slot);
  }

  private static double f64(long slot) {
    return Double.longBitsToDouble(slot);
  }

  private static long u32(long slot) {
    return slot & 0xFFFFFFFFL;
  }

  static int execute(int op, int[] code, int pc, long[] s, int sp, Instance inst) {
    if (op >= Fusion.RELOCATED) {
      op -= Fusion.RELOCATED;
    }
    if (op >= Opcodes.MEMORY_ATOMIC_NOTIFY) {
      return atomic(op, code[pc], s, sp, inst.memory());
    }
    switch (op) {
      case Opcodes.I32_TRUNC_SAT_F32_S:
        s[sp - 1] = Ops.i32TruncSatS(f32(s[sp - 1]));
        return sp;
      case Opcodes.I32_TRUNC_SAT_F32_U:
        s[sp - 1] = Ops.i32TruncSatU(f32(s[sp - 1]));
        return sp;
      case Opcodes.I32_TRUNC_SAT_F64_S:
        s[sp - 1] = Ops.i32TruncSatS(f64(s[sp - 1]));
        return sp;
      case Opcodes.I32_TRUNC_SAT_F64_U:
        s[sp - 1] = Ops.i32TruncSatU(f64(s[sp - 1]));
        return sp;
      case Opcodes.I64_TRUNC_SAT_F32_S:
        s[sp - 1] = Ops.i64TruncSatS(f32(s[sp - 1]));
        return sp;
      case Opcodes.I64_TRUNC_SAT_F32_U:
        s[sp - 1] = Ops.i64TruncSatU(f32(s[sp - 1]));
        return sp;
      case Opcodes.I64_TRUNC_SAT_F64_S:
        s[sp - 1] = Ops.i64TruncSatS(f64(s[sp - 1]));
        return sp;
      case Opcodes.I64_TRUNC_SAT_F64_U:
        s[sp - 1] = Ops.i64TruncSatU(f64(s[sp - 1]));
        return sp;
      // Sub-word and zero-extending accesses: the dispatch loop inlines only the frequent ones.
      case Opcodes.I32_LOAD8_S:
      case Opcodes.I64_LOAD8_S:
        s[sp - 1] = inst.memory().loadI8(Memory.ea(s[sp - 1], code[pc]));
        return sp;
      case Opcodes.I32_LOAD16_S:
      case Opcodes.I64_LOAD16_S:
        s[sp - 1] = inst.memory().loadI16(Memory.ea(s[sp - 1], code[pc]));
        return sp;
      case Opcodes.I32_LOAD16_U:
      case Opcodes.I64_LOAD16_U:
        s[sp - 1] = inst.memory().loadI16(Memory.ea(s[sp - 1], code[pc])) & 0xFFFF;
        return sp;
      case Opcodes.I64_LOAD32_U:
        s[sp - 1] = inst.memory().loadI32(Memory.ea(s[sp - 1], code[pc])) & 0xFFFFFFFFL;
        return sp;
      case Opcodes.I32_STORE16:
      case Opcodes.I64_STORE16:
        inst.memory().storeI16(Memory.ea(s[sp - 2], code[pc]), (short) s[sp - 1]);
        return sp - 2;
      case Opcodes.MEMORY_INIT:
        inst.memory().init(u32(s[sp - 3]), inst.data(code[pc]), u32(s[sp - 2]), u32(s[sp - 1]));
        return sp - 3;
      case Opcodes.DATA_DROP:
        inst.dropData(code[pc]);
        return sp;
      case Opcodes.MEMORY_SIZE:
        {
          s[sp++] = (int) inst.memory().pages();
          return sp;
        }
      case Opcodes.MEMORY_GROW:
        {
          s[sp - 1] = (int) inst.memory().grow(s[sp - 1] & 0xFFFFFFFFL);
          return sp;
        }
      case Opcodes.REF_FUNC:
        {
          s[sp++] = inst.functionId(code[pc]);
          return sp;
        }
      case Opcodes.REF_NULL:
        {
          s[sp++] = -1L;
          return sp;
        }
      case Opcodes.REF_IS_NULL:
        {
          s[sp - 1] = s[sp - 1] == -1L ? 1 : 0;
          return sp;
        }
      case Opcodes.MEMORY_COPY:
        inst.memory().copy(u32(s[sp - 3]), u32(s[sp - 2]), u32(s[sp - 1]));
        return sp - 3;
      case Opcodes.MEMORY_FILL:
        inst.memory().fill(u32(s[sp - 3]), (byte) s[sp - 2], u32(s[sp - 1]));
        return sp - 3;
      default:
        return table(op, code, pc, s, sp, inst);
    }
  }

  private static int table(int op, int[] code, int pc, long[] s, int sp, Instance inst) {
    switch (op) {
      case Opcodes.TABLE_GET:
        s[sp - 1] = inst.table(code[pc]).get((int) s[sp - 1]);
        return sp;
      case Opcodes.TABLE_SET:
        inst.table(code[pc]).set((int) s[sp - 2], s[sp - 1]);
        return sp - 2;
      case Opcodes.TABLE_INIT:
        inst.table(code[pc + 1])
            .init((int) s[sp - 3], inst.elem(code[pc]), (int) s[sp - 2], (int) s[sp - 1]);
        return sp - 3;
      case Opcodes.ELEM_DROP:
        inst.dropElem(code[pc]);
        return sp;
      case Opcodes.TABLE_COPY:
        inst.table(code[pc])
            .copyFrom(inst.table(code[pc + 1]), (int) s[sp - 2], (int) s[sp - 3], (int) s[sp - 1]);
        return sp - 3;
      case Opcodes.TABLE_GROW:
        s[sp - 2] = inst.table(code[pc]).grow(u32(s[sp - 1]), s[sp - 2]);
        return sp - 1;
      case Opcodes.TABLE_SIZE:
        s[sp] = inst.table(code[pc]).size();
        return sp + 1;
      case Opcodes.TABLE_FILL:
        inst.table(code[pc]).fill((int) s[sp - 3], s[sp - 2], (int) s[sp - 1]);
        return sp - 3;
      default:
        return NumericOps.execute(op, s, sp);
    }
  }

  /** The threads proposal's instructions; 32-bit results keep the sign-extended i32 encoding. */
  private static int atomic(int op, int offset, long[] s, int sp, Memory mem) {
    int n = Opcodes.accessSize(op);
    boolean i32 = Opcodes.signature(op) != null && Opcodes.signature(op).endsWith(":i");
    switch (op) {
      case Opcodes.ATOMIC_FENCE:
        Memory.fence();
        return sp;
      case Opcodes.MEMORY_ATOMIC_NOTIFY:
        s[sp - 2] = mem.atomicNotify(Memory.ea(s[sp - 2], offset), s[sp - 1]);
        return sp - 1;
      case Opcodes.MEMORY_ATOMIC_WAIT32:
      case Opcodes.MEMORY_ATOMIC_WAIT64:
        s[sp - 3] = mem.atomicWait(Memory.ea(s[sp - 3], offset), n, s[sp - 2], s[sp - 1]);
        return sp - 2;
      default:
        break;
    }
    if (op <= Opcodes.I64_ATOMIC_LOAD32_U) {
      long v = mem.atomicLoad(Memory.ea(s[sp - 1], offset), n);
      s[sp - 1] = i32 ? (int) v : v;
      return sp;
    }
    if (op <= Opcodes.I64_ATOMIC_STORE32) {
      mem.atomicStore(Memory.ea(s[sp - 2], offset), n, s[sp - 1]);
      return sp - 2;
    }
    if (op <= Opcodes.I64_ATOMIC_RMW32_XCHG_U) {
      Memory.Rmw rmw = RMW[(op - Opcodes.I32_ATOMIC_RMW_ADD) / 7];
      long v = mem.atomicRmw(rmw, Memory.ea(s[sp - 2], offset), n, s[sp - 1]);
      s[sp - 2] = i32 ? (int) v : v;
      return sp - 1;
    }
    long v = mem.atomicCmpxchg(Memory.ea(s[sp - 3], offset), n, s[sp - 2], s[sp - 1]);
    s[sp - 3] = i32 ? (int) v : v;
    return sp - 2;
  }
}
