package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;

/**
 * The one generic struct converter (qemu-user style): reads and writes fields of a {@link Layout}
 * at native addresses, and converts a struct between two layouts of it field by field, widening or
 * narrowing each integer as the field sizes and signedness say. Addresses must be checked by the
 * caller.
 */
public final class StructCodec {

  private StructCodec() {}

  /** Field {@code i} of the {@code layout} struct at {@code address}. */
  public static long get(Layout layout, long address, int i) {
    Layout.Field f = layout.field(i);
    long a = address + f.offset();
    switch (f.size()) {
      case 1:
        return f.signed() ? U.getByte(a) : U.getByte(a) & 0xFFL;
      case 2:
        return f.signed() ? U.getShort(a) : U.getShort(a) & 0xFFFFL;
      case 4:
        return f.signed() ? U.getInt(a) : U.getInt(a) & 0xFFFFFFFFL;
      case 8:
        return U.getLong(a);
      default:
        throw new IllegalArgumentException("field size " + f.size());
    }
  }

  /** Sets field {@code i} of the struct at {@code address}, truncating {@code v} to its size. */
  public static void put(Layout layout, long address, int i, long v) {
    Layout.Field f = layout.field(i);
    long a = address + f.offset();
    switch (f.size()) {
      case 1:
        U.putByte(a, (byte) v);
        break;
      case 2:
        U.putShort(a, (short) v);
        break;
      case 4:
        U.putInt(a, (int) v);
        break;
      case 8:
        U.putLong(a, v);
        break;
      default:
        throw new IllegalArgumentException("field size " + f.size());
    }
  }

  /** Converts {@code count} consecutive structs from layout {@code from} to layout {@code to}. */
  public static void convert(Layout from, long src, Layout to, long dst, int count) {
    int n = from.fields().size();
    for (int k = 0; k < count; k++) {
      long s = src + (long) k * from.size();
      long d = dst + (long) k * to.size();
      for (int i = 0; i < n; i++) {
        put(to, d, i, get(from, s, i));
      }
    }
  }
}
