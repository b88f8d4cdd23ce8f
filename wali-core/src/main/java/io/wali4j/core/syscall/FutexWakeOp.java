package io.wali4j.core.syscall;

import io.wali4j.core.exec.Memory;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * FUTEX_WAKE_OP (futex(2)): {@code val3} encodes an operation on the word at {@code uaddr2} and a
 * comparison of its old value that decides whether waiters on {@code uaddr2} are woken too.
 */
final class FutexWakeOp {

  private static final int OP_SET = 0;
  private static final int OP_ADD = 1;
  private static final int OP_OR = 2;
  private static final int OP_ANDN = 3;
  private static final int OP_XOR = 4;

  /** Bit 3 of the op field: the operand is a shift count (1 << oparg). */
  private static final int OPARG_SHIFT = 8;

  private FutexWakeOp() {}

  static long run(Memory m, int kind, int uaddr, int val, int val2, int uaddr2, int val3) {
    int op = (val3 >>> 28) & 0xF;
    int cmp = (val3 >>> 24) & 0xF;
    int oparg = (val3 << 8) >> 20;
    int cmparg = (val3 << 20) >> 20;
    if ((op & OPARG_SHIFT) != 0) {
      oparg = 1 << (oparg & 31);
    }
    IntUnaryOperator update = update(op & 7, oparg);
    IntPredicate compare = compare(cmp, cmparg);
    if (update == null || compare == null) {
      return -Errno.ENOSYS;
    }
    return m.futexWakeOp(
        uaddr & 0xFFFFFFFFL,
        ThreadCalls.wakeCount(val),
        uaddr2 & 0xFFFFFFFFL,
        ThreadCalls.wakeCount(val2),
        kind,
        update,
        compare);
  }

  private static IntUnaryOperator update(int op, int oparg) {
    switch (op) {
      case OP_SET:
        return old -> oparg;
      case OP_ADD:
        return old -> old + oparg;
      case OP_OR:
        return old -> old | oparg;
      case OP_ANDN:
        return old -> old & ~oparg;
      case OP_XOR:
        return old -> old ^ oparg;
      default:
        return null;
    }
  }

  private static IntPredicate compare(int cmp, int cmparg) {
    switch (cmp) {
      case 0:
        return old -> old == cmparg;
      case 1:
        return old -> old != cmparg;
      case 2:
        return old -> old < cmparg;
      case 3:
        return old -> old <= cmparg;
      case 4:
        return old -> old > cmparg;
      case 5:
        return old -> old >= cmparg;
      default:
        return null;
    }
  }
}
