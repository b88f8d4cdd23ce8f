package io.wali4j.core.kernel;

import io.wali4j.core.exec.UnsafeAccess;
import java.nio.charset.StandardCharsets;
import sun.misc.Unsafe;

/**
 * Byte access to native addresses (linear memory and scratch buffers), through {@link Unsafe}.
 * Callers range-check first: these methods check nothing.
 */
public final class NativeAccess {

  public static final Unsafe U = UnsafeAccess.U;

  private NativeAccess() {}

  /** Writes {@code s} as UTF-8 plus a NUL at {@code address}; returns the bytes written. */
  public static int putCString(long address, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    putBytes(address, b);
    U.putByte(address + b.length, (byte) 0);
    return b.length + 1;
  }

  public static void putBytes(long address, byte[] b) {
    for (int i = 0; i < b.length; i++) {
      U.putByte(address + i, b[i]);
    }
  }

  public static byte[] getBytes(long address, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = U.getByte(address + i);
    }
    return b;
  }
}
