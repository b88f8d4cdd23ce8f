package io.wali4j.core.wasm;

import java.util.ArrayList;
import java.util.List;

/** Decodes element and data segments (spec 5.5.12, 5.5.14) and constant expressions. */
final class SegmentDecoder {

  private SegmentDecoder() {}

  /** A constant expression: its bytes up to and including the closing {@code end}. */
  static ConstExpr constExpr(ByteReader r) {
    int start = r.position();
    int end = InstructionSkipper.skipExpression(r);
    byte[] code = new byte[end - start];
    System.arraycopy(r.bytes(), start, code, 0, code.length);
    return new ConstExpr(code, start);
  }

  /**
   * An element segment in any of the eight encodings selected by its flags: bit 0 passive or
   * declarative, bit 1 an explicit table index (active) or declarative (otherwise), bit 2
   * expressions instead of function indices.
   */
  static ElementSegment element(ByteReader r) {
    int at = r.position();
    int flags = r.u32();
    if (flags < 0 || flags > 7) {
      throw ByteReader.fail(Failure.MALFORMED_ELEMENTS_KIND, at);
    }
    boolean passiveOrDeclarative = (flags & 1) != 0;
    boolean explicit = (flags & 2) != 0;
    boolean expressions = (flags & 4) != 0;
    ElementSegment.Mode mode;
    if (!passiveOrDeclarative) {
      mode = ElementSegment.Mode.ACTIVE;
    } else {
      mode = explicit ? ElementSegment.Mode.DECLARATIVE : ElementSegment.Mode.PASSIVE;
    }
    int tableIndex = 0;
    ConstExpr offset = null;
    if (mode == ElementSegment.Mode.ACTIVE) {
      if (explicit) {
        tableIndex = r.index();
      }
      offset = constExpr(r);
    }
    // Flags 0 and 4 imply funcref; the others name an elemkind (0x00) or a reference type.
    ValType type = ValType.FUNCREF;
    if (passiveOrDeclarative || explicit) {
      type = expressions ? Types.refType(r) : elemKind(r);
    }
    List<ConstExpr> init = expressions ? expressions(r) : functionIndices(r);
    return new ElementSegment(mode, tableIndex, offset, type, init);
  }

  private static ValType elemKind(ByteReader r) {
    int at = r.position();
    if (r.u8() != 0x00) {
      throw ByteReader.fail(Failure.MALFORMED_ELEMENTS_KIND, at);
    }
    return ValType.FUNCREF;
  }

  private static List<ConstExpr> expressions(ByteReader r) {
    int n = r.vecLength();
    List<ConstExpr> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(constExpr(r));
    }
    return out;
  }

  /** A vector of funcidx, each turned into the expression {@code ref.func i end}. */
  private static List<ConstExpr> functionIndices(ByteReader r) {
    int n = r.vecLength();
    List<ConstExpr> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int at = r.position();
      out.add(new ConstExpr(refFunc(r.u32()), at));
    }
    return out;
  }

  /** The bytes of {@code ref.func funcidx; end}, the index in canonical unsigned LEB128. */
  static byte[] refFunc(int funcidx) {
    byte[] buf = new byte[7];
    int n = 0;
    buf[n++] = (byte) Opcodes.REF_FUNC;
    long v = funcidx & 0xFFFFFFFFL;
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      buf[n++] = (byte) (v != 0 ? b | 0x80 : b);
    } while (v != 0);
    buf[n++] = (byte) Opcodes.END;
    byte[] out = new byte[n];
    System.arraycopy(buf, 0, out, 0, n);
    return out;
  }

  /** A data segment: flags 0 (active, memory 0), 1 (passive) or 2 (active, explicit memory). */
  static DataSegment data(ByteReader r) {
    int at = r.position();
    int flags = r.u32();
    switch (flags) {
      case 0 -> {
        ConstExpr offset = constExpr(r);
        return new DataSegment(true, 0, offset, r.bytes(r.vecLength()));
      }
      case 1 -> {
        return new DataSegment(false, 0, null, r.bytes(r.vecLength()));
      }
      case 2 -> {
        int memidx = r.index();
        ConstExpr offset = constExpr(r);
        return new DataSegment(true, memidx, offset, r.bytes(r.vecLength()));
      }
      default -> throw ByteReader.fail(Failure.MALFORMED_DATA_KIND, at);
    }
  }
}
