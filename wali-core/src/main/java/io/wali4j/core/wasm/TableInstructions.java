package io.wali4j.core.wasm;

/**
 * Typing and emission of the table instructions of the reference-types and bulk-memory proposals
 * (spec 3.3.6): table.get/set/size/grow/fill/copy/init and elem.drop.
 */
final class TableInstructions {

  private static final int I32 = ValType.I32.ordinal();

  private TableInstructions() {}

  static void validate(CodeValidator v, int id) {
    ByteReader r = v.reader();
    Emitter out = v.out();
    switch (id) {
      case Opcodes.TABLE_INIT -> {
        int e = r.u32();
        int t = r.u32();
        TableType table = v.table(t);
        requireElem(v, e);
        // The segment's type is checked against the table by the module-level rules; here
        // it must equal the table's element type.
        ValType segType = v.elemType(e);
        if (segType != table.elementType()) {
          throw v.fail(
              Failure.TYPE_MISMATCH,
              "elem segment " + e + " of " + segType + " into a table of " + table.elementType());
        }
        popI32s(v, 3);
        out.op(id, v.instrOffset());
        out.imm(e);
        out.imm(t);
      }
      case Opcodes.ELEM_DROP -> {
        int e = r.u32();
        requireElem(v, e);
        out.op(id, v.instrOffset());
        out.imm(e);
      }
      case Opcodes.TABLE_COPY -> {
        int d = r.u32();
        int s = r.u32();
        TableType dst = v.table(d);
        TableType src = v.table(s);
        if (dst.elementType() != src.elementType()) {
          throw v.fail(
              Failure.TYPE_MISMATCH,
              "table.copy from a table of "
                  + src.elementType()
                  + " to a table of "
                  + dst.elementType());
        }
        popI32s(v, 3);
        out.op(id, v.instrOffset());
        out.imm(d);
        out.imm(s);
      }
      default -> single(v, id, r.u32());
    }
  }

  /** The instructions with one table index immediate. */
  private static void single(CodeValidator v, int id, int x) {
    int elem = v.table(x).elementType().ordinal();
    switch (id) {
      case Opcodes.TABLE_GET -> {
        v.pop(I32);
        v.push(elem);
      }
      case Opcodes.TABLE_SET -> {
        v.pop(elem);
        v.pop(I32);
      }
      case Opcodes.TABLE_SIZE -> v.push(I32);
      case Opcodes.TABLE_GROW -> {
        v.pop(I32);
        v.pop(elem);
        v.push(I32);
      }
      case Opcodes.TABLE_FILL -> {
        v.pop(I32);
        v.pop(elem);
        v.pop(I32);
      }
      default -> throw new IllegalStateException("not a table instruction: " + id);
    }
    v.out().op(id, v.instrOffset());
    v.out().imm(x);
  }

  private static void requireElem(CodeValidator v, int e) {
    if (Integer.compareUnsigned(e, v.elemCount()) >= 0) {
      throw v.fail(Failure.UNKNOWN_ELEM_SEGMENT, "elem segment " + Integer.toUnsignedString(e));
    }
  }

  private static void popI32s(CodeValidator v, int n) {
    for (int i = 0; i < n; i++) {
      v.pop(I32);
    }
  }
}
