package io.wali4j.core.exec;

/**
 * Linear memory on the Java heap, in a {@code long[]} (not a {@code byte[]}: a Java array has at
 * most 2^31 elements, and 2^29 longs reach the 4 GiB a 32-bit memory may need). Growing copies into
 * a larger array, which moves the base; a shared memory therefore allocates its whole capacity up
 * front and never reallocates.
 */
final class HeapMemoryBacking implements MemoryBacking {

  private long[] words;

  /** A backing with {@code capacity} usable bytes (a multiple of 8). */
  HeapMemoryBacking(long capacity) {
    words = new long[toWords(capacity)];
  }

  private static int toWords(long bytes) {
    long n = (bytes + 7) >>> 3;
    if (n > Integer.MAX_VALUE - 8) {
      throw new OutOfMemoryError("linear memory too large for the heap: " + bytes + " bytes");
    }
    return (int) n;
  }

  @Override
  public Object base() {
    return words;
  }

  @Override
  public long address() {
    return UnsafeAccess.LONG_ARRAY_BASE;
  }

  @Override
  public long capacity() {
    return (long) words.length << 3;
  }

  @Override
  public boolean grow(long oldSize, long newSize) {
    if (newSize <= capacity()) {
      return true;
    }
    try {
      long[] larger = new long[toWords(newSize)];
      System.arraycopy(words, 0, larger, 0, toWords(oldSize));
      words = larger;
      return true;
    } catch (OutOfMemoryError e) {
      // The spec lets memory.grow fail (return -1) when the host cannot provide the pages.
      return false;
    }
  }
}
