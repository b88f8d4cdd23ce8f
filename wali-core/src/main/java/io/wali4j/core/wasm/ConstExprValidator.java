package io.wali4j.core.wasm;

/**
 * Validates constant expressions (spec 3.3.10, with the extended-const proposal): only {@code
 * t.const}, {@code ref.null}, {@code ref.func}, {@code global.get} of an immutable global the
 * expression may see, and {@code i32/i64} {@code add}, {@code sub}, {@code mul}; the result must be
 * exactly one value of the expected type. Every {@code ref.func} it meets declares its function for
 * {@code ref.func} in bodies (spec 3.4.10, C.refs).
 */
final class ConstExprValidator {

  private final Module module;
  private final boolean[] declaredRefs;
  private int[] stack = new int[16];

  ConstExprValidator(Module module, boolean[] declaredRefs) {
    this.module = module;
    this.declaredRefs = declaredRefs;
  }

  /**
   * Validates {@code expr} against {@code expected}; {@code visibleGlobals} is how many globals of
   * the index space {@code global.get} may name (the imported ones, spec 3.4.10).
   */
  void validate(ConstExpr expr, ValType expected, int visibleGlobals, String what) {
    ByteReader r = new ByteReader(expr.code());
    int sp = 0;
    // The spec interpreter checks constness of every instruction before typing the sequence,
    // so a type error is reported only once the whole expression proved constant.
    String typeError = null;
    while (true) {
      int at = r.position();
      int op = r.u8();
      int pops = 0;
      int pushed;
      switch (op) {
        case Opcodes.END -> {
          if (!r.atEnd()) {
            throw fail(Failure.CONSTANT_EXPRESSION_REQUIRED, expr, at, what, "code after end");
          }
          if (typeError == null && (sp != 1 || stack[0] != expected.ordinal())) {
            typeError = "result must be one " + expected;
          }
          if (typeError != null) {
            throw fail(Failure.TYPE_MISMATCH, expr, at, what, typeError);
          }
          return;
        }
        case Opcodes.I32_CONST -> {
          r.s32();
          pushed = ValType.I32.ordinal();
        }
        case Opcodes.I64_CONST -> {
          r.s64();
          pushed = ValType.I64.ordinal();
        }
        case Opcodes.F32_CONST -> {
          r.f32Bits();
          pushed = ValType.F32.ordinal();
        }
        case Opcodes.F64_CONST -> {
          r.f64Bits();
          pushed = ValType.F64.ordinal();
        }
        case Opcodes.REF_NULL -> {
          int b = r.u8();
          if (b != ValType.FUNCREF.code() && b != ValType.EXTERNREF.code()) {
            throw fail(Failure.MALFORMED_REFERENCE_TYPE, expr, at, what, null);
          }
          pushed =
              b == ValType.FUNCREF.code() ? ValType.FUNCREF.ordinal() : ValType.EXTERNREF.ordinal();
        }
        case Opcodes.REF_FUNC -> {
          int f = r.u32();
          if (Integer.compareUnsigned(f, module.functionCount()) >= 0) {
            throw fail(Failure.UNKNOWN_FUNCTION, expr, at, what, "function " + f);
          }
          declaredRefs[f] = true;
          pushed = ValType.FUNCREF.ordinal();
        }
        case Opcodes.GLOBAL_GET -> {
          int g = r.u32();
          if (Integer.compareUnsigned(g, visibleGlobals) >= 0) {
            throw fail(Failure.UNKNOWN_GLOBAL, expr, at, what, "global " + g);
          }
          GlobalType gt = module.allGlobals().get(g);
          if (gt.mutable()) {
            throw fail(
                Failure.CONSTANT_EXPRESSION_REQUIRED,
                expr,
                at,
                what,
                "global.get of mutable global " + g);
          }
          pushed = gt.type().ordinal();
        }
        case Opcodes.I32_ADD, Opcodes.I32_SUB, Opcodes.I32_MUL -> {
          pops = 2;
          pushed = ValType.I32.ordinal();
        }
        case Opcodes.I64_ADD, Opcodes.I64_SUB, Opcodes.I64_MUL -> {
          pops = 2;
          pushed = ValType.I64.ordinal();
        }
        default ->
            throw fail(
                Failure.CONSTANT_EXPRESSION_REQUIRED,
                expr,
                at,
                what,
                "opcode 0x" + Integer.toHexString(op));
      }
      for (int i = 0; i < pops; i++) {
        if (sp == 0 || stack[sp - 1] != pushed) {
          if (typeError == null) {
            typeError = "operands of " + Opcodes.name(op);
          }
          sp = Math.max(0, sp - 1);
        } else {
          sp--;
        }
      }
      if (sp == stack.length) {
        stack = java.util.Arrays.copyOf(stack, sp * 2);
      }
      stack[sp++] = pushed;
    }
  }

  private static WasmException fail(Failure f, ConstExpr expr, int at, String what, String detail) {
    return new WasmException(
        f,
        "in "
            + what
            + " at byte offset "
            + (expr.offset() + at)
            + (detail == null ? "" : ": " + detail));
  }
}
