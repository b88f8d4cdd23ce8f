package io.wali4j.bench;

import io.wali4j.core.exec.InPlaceBacking;
import io.wali4j.core.exec.UnsafeAccess;

/**
 * A kernel's linear memory off the Java heap, allocated once at its minimum size: base null, a
 * fixed address, growing in place. The compiler tier then specialises the kernel's code for native
 * memory, the shape every WALI process's memory has (a native reservation), where the default heap
 * memory gives the other one ({@code long[]} base). The kernels never grow their memory; a grow
 * past the first allocation fails (memory.grow returns -1). The memory is never freed: one kernel
 * runs per JVM.
 */
final class OffHeapBacking extends InPlaceBacking.Fixed {

  OffHeapBacking(long capacity) {
    super(zeroed(Math.max(capacity, 8)), capacity);
  }

  /** A new allocation of {@code bytes} zero bytes. */
  private static long zeroed(long bytes) {
    long address = UnsafeAccess.U.allocateMemory(bytes);
    UnsafeAccess.U.setMemory(address, bytes, (byte) 0);
    return address;
  }
}
