package io.wali4j.core.interp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytecode of {@code Interpreter.run(ThreadState)}, read from its class file: what HotSpot
 * compiles (its size against HotSpot's limit, its dispatch {@code tableswitch}).
 */
final class RunBytecode {

  private RunBytecode() {}

  /** The {@code Code} attribute's bytecode of {@code Interpreter.run}. */
  static byte[] code() throws IOException {
    try (InputStream in = Interpreter.class.getResourceAsStream("Interpreter.class")) {
      DataInputStream d = new DataInputStream(in);
      d.readInt(); // magic
      d.readInt(); // minor, major
      String[] utf8 = constantPool(d);
      d.skipBytes(6); // access, this, super
      d.skipBytes(2 * d.readUnsignedShort()); // interfaces
      skipMembers(d, d.readUnsignedShort()); // fields
      int methods = d.readUnsignedShort();
      for (int i = 0; i < methods; i++) {
        d.skipBytes(2);
        String name = utf8[d.readUnsignedShort()];
        String desc = utf8[d.readUnsignedShort()];
        int attributes = d.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attr = utf8[d.readUnsignedShort()];
          int length = d.readInt();
          if (attr.equals("Code")
              && name.equals("run")
              && desc.equals("(Lio/wali4j/core/interp/ThreadState;)V")) {
            d.skipBytes(4); // max stack, max locals
            byte[] code = new byte[d.readInt()];
            d.readFully(code);
            return code;
          }
          d.skipBytes(length);
        }
      }
      throw new AssertionError("no Interpreter.run");
    }
  }

  private static String[] constantPool(DataInputStream d) throws IOException {
    int count = d.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = d.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = d.readUTF();
        case 7, 8, 16, 19, 20 -> d.skipBytes(2);
        case 15 -> d.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> d.skipBytes(4);
        case 5, 6 -> {
          d.skipBytes(8);
          i++; // a long or double takes two entries
        }
        default -> throw new IOException("constant pool tag " + tag);
      }
    }
    return utf8;
  }

  private static void skipMembers(DataInputStream d, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      d.skipBytes(6);
      int attributes = d.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        d.skipBytes(2);
        d.skipBytes(d.readInt());
      }
    }
  }
}
