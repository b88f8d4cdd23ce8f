package io.wali4j.core.exec;

import io.wali4j.core.wasm.ByteReader;
import io.wali4j.core.wasm.ConstExpr;
import io.wali4j.core.wasm.Opcodes;

/**
 * Evaluates a validated constant expression (spec 3.3.10, with extended-const): constants, {@code
 * global.get}, {@code ref.null}, {@code ref.func} and i32/i64 add, sub and mul.
 */
final class ConstEval {

  private ConstEval() {}

  static long eval(ConstExpr expr, Instance inst) {
    ByteReader r = new ByteReader(expr.code());
    long[] stack = new long[8];
    int sp = 0;
    while (true) {
      int op = r.u8();
      if (sp + 1 >= stack.length) {
        stack = java.util.Arrays.copyOf(stack, stack.length * 2);
      }
      switch (op) {
        case Opcodes.END:
          return stack[sp - 1];
        case Opcodes.I32_CONST:
          stack[sp++] = r.s32();
          break;
        case Opcodes.I64_CONST:
          stack[sp++] = r.s64();
          break;
        case Opcodes.F32_CONST:
          stack[sp++] = r.f32Bits();
          break;
        case Opcodes.F64_CONST:
          stack[sp++] = r.f64Bits();
          break;
        case Opcodes.GLOBAL_GET:
          stack[sp++] = inst.globals[r.u32()].get();
          break;
        case Opcodes.REF_NULL:
          r.u8();
          stack[sp++] = Table.NULL;
          break;
        case Opcodes.REF_FUNC:
          stack[sp++] = inst.functionIds[r.u32()];
          break;
        case Opcodes.I32_ADD:
          sp--;
          stack[sp - 1] = (int) stack[sp - 1] + (int) stack[sp];
          break;
        case Opcodes.I32_SUB:
          sp--;
          stack[sp - 1] = (int) stack[sp - 1] - (int) stack[sp];
          break;
        case Opcodes.I32_MUL:
          sp--;
          stack[sp - 1] = (int) stack[sp - 1] * (int) stack[sp];
          break;
        case Opcodes.I64_ADD:
          sp--;
          stack[sp - 1] = stack[sp - 1] + stack[sp];
          break;
        case Opcodes.I64_SUB:
          sp--;
          stack[sp - 1] = stack[sp - 1] - stack[sp];
          break;
        case Opcodes.I64_MUL:
          sp--;
          stack[sp - 1] = stack[sp - 1] * stack[sp];
          break;
        default:
          throw new IllegalStateException(
              "not a constant instruction: 0x" + Integer.toHexString(op) + " at " + expr.offset());
      }
    }
  }
}
