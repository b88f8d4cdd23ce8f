package io.wali4j.jit.internal;

import io.wali4j.core.exec.MemoryBacking;
import sun.misc.Unsafe;

/**
 * Native linear memory for the differential fuzz target, shaped like the runtime's own (base null,
 * a fixed address, grows in place: what compiled code treats as {@code MemoryKind.NATIVE}) but
 * allocated with {@link Unsafe} up to its maximum at once, between two canary regions holding a
 * known pattern. A compiled access that escaped its bounds check would change a canary.
 */
final class CanaryBacking implements MemoryBacking {

  static final long CANARY = 4096;
  private static final Unsafe U = JitRuntime.U;

  private final long region;
  private final long address;
  private final long max;
  private long committed;

  CanaryBacking(long maxBytes) {
    max = maxBytes;
    region = U.allocateMemory(CANARY + maxBytes + CANARY);
    address = region + CANARY;
    for (long i = 0; i < CANARY; i++) {
      U.putByte(region + i, pattern(i));
      U.putByte(address + max + i, pattern(CANARY + i));
    }
  }

  private static byte pattern(long i) {
    return (byte) (i * 31 + 7 + (i >>> 8));
  }

  /** Null when both canaries hold their pattern, else where the first changed byte is. */
  String damagedCanary() {
    for (long i = 0; i < CANARY; i++) {
      if (U.getByte(region + i) != pattern(i)) {
        return "canary before memory changed at offset " + (i - CANARY);
      }
      if (U.getByte(address + max + i) != pattern(CANARY + i)) {
        return "canary after memory changed at offset " + (max + i);
      }
    }
    return null;
  }

  void release() {
    U.freeMemory(region);
  }

  @Override
  public Object base() {
    return null;
  }

  @Override
  public long address() {
    return address;
  }

  @Override
  public long capacity() {
    return committed;
  }

  @Override
  public boolean growsInPlace() {
    return true;
  }

  @Override
  public synchronized boolean grow(long oldSize, long newSize) {
    if (newSize <= committed) {
      return true;
    }
    if (newSize > max) {
      return false;
    }
    U.setMemory(address + committed, newSize - committed, (byte) 0);
    committed = newSize;
    return true;
  }
}
