package io.wali4j.core.syscall;

import java.util.List;

/**
 * A C struct's layout on one side (WALI's wasm32 view or a host ISA's): named fields at byte
 * offsets, each 1, 2, 4 or 8 bytes. Two layouts of the same struct list the same fields in the same
 * order, so {@link StructCodec} can convert between them field by field.
 */
public record Layout(String name, int size, List<Field> fields) {

  /**
   * A field: integer of {@code size} bytes at {@code offset}, sign-extended when {@code signed}.
   */
  public record Field(String name, int offset, int size, boolean signed) {}

  public static Field unsigned(String name, int offset, int size) {
    return new Field(name, offset, size, false);
  }

  public static Field signed(String name, int offset, int size) {
    return new Field(name, offset, size, true);
  }

  public static Layout of(String name, int size, Field... fields) {
    return new Layout(name, size, List.of(fields));
  }

  public Field field(int i) {
    return fields.get(i);
  }
}
