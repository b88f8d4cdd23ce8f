package io.wali4j.core.exec;

import java.lang.reflect.Field;
import java.nio.ByteOrder;
import sun.misc.Unsafe;

/** The one place that obtains {@link Unsafe}. Wasm is little-endian, and so must the host be. */
public final class UnsafeAccess {

  public static final Unsafe U = load();
  static final long LONG_ARRAY_BASE = U.arrayBaseOffset(long[].class);
  static final long BYTE_ARRAY_BASE = U.arrayBaseOffset(byte[].class);

  private UnsafeAccess() {}

  private static Unsafe load() {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new ExceptionInInitializerError("wali4j linear memory needs a little-endian host");
    }
    try {
      Field f = Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (Unsafe) f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
