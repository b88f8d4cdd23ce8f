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
final class OffHeapBacking extends InPlaceBacking {

  private final long capacity;

  OffHeapBacking(long capacity) {
    super(UnsafeAccess.U.allocateMemory(Math.max(capacity, 8)));
    this.capacity = capacity;
    UnsafeAccess.U.setMemory(address(), Math.max(capacity, 8), (byte) 0);
  }

  @Override
  public long capacity() {
    return capacity;
  }

  @Override
  public boolean grow(long oldSize, long newSize) {
    return newSize <= capacity;
  }
}
