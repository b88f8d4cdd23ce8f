package io.wali4j.core.interp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Interpreter}'s {@code run} stays within HotSpot's limit for compiling a method (8000 bytes
 * of bytecode, {@code -XX:HugeMethodLimit}): past it, a JVM without {@code
 * -XX:-DontCompileHugeMethods} (an embedder's) never compiles the interpreter loop and every module
 * runs several times slower.
 */
class RunMethodSizeTest {

  private static final int HUGE_METHOD_LIMIT = 8000;

  @Test
  void runFitsHotSpotsCompileLimit() throws IOException {
    int size = codeLength("run", "(Lio/wali4j/core/interp/ThreadState;)V");
    assertTrue(size > 0 && size <= HUGE_METHOD_LIMIT, "Interpreter.run is " + size + " bytes");
  }

  /**
   * The length of the bytecode of {@code Interpreter.name descriptor}, read from its class file.
   */
  private static int codeLength(String name, String descriptor) throws IOException {
    try (InputStream in = Interpreter.class.getResourceAsStream("Interpreter.class")) {
      DataInputStream d = new DataInputStream(in);
      d.readInt(); // magic
      d.readInt(); // minor, major
      String[] utf8 = readConstantPool(d);
      d.skipBytes(6); // access, this, super
      d.skipBytes(2 * d.readUnsignedShort()); // interfaces
      skipMembers(d, d.readUnsignedShort());
      int methods = d.readUnsignedShort();
      for (int i = 0; i < methods; i++) {
        d.skipBytes(2);
        String n = utf8[d.readUnsignedShort()];
        String desc = utf8[d.readUnsignedShort()];
        int attributes = d.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attr = utf8[d.readUnsignedShort()];
          int length = d.readInt();
          if (attr.equals("Code") && n.equals(name) && desc.equals(descriptor)) {
            d.skipBytes(4); // max stack, max locals
            return d.readInt();
          }
          d.skipBytes(length);
        }
      }
      return -1;
    }
  }

  private static String[] readConstantPool(DataInputStream d) throws IOException {
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
