package io.wali4j.core.exec;

/**
 * Where a linear memory's bytes live, addressed the way {@link sun.misc.Unsafe} addresses them: a
 * base object plus a long address (a heap array and its base offset, or null and a native address).
 * {@link Memory} reads {@link #base()} and {@link #address()} again after every {@link #grow}, so a
 * backing may move its bytes when it grows, unless it is shared between threads.
 */
public interface MemoryBacking {

  /** The object the address is relative to, or null for native memory. */
  Object base();

  /** The address of byte 0 relative to {@link #base()}. */
  long address();

  /** Bytes usable now without another {@link #grow}. */
  long capacity();

  /**
   * Makes {@code newSize} bytes usable, keeping the first {@code oldSize} bytes and zeroing the
   * rest. Returns false when that is impossible (the memory stays as it was).
   */
  boolean grow(long oldSize, long newSize);

  /**
   * Whether this backing grows in place, its base and address never changing (a native reservation
   * committed on grow). A shared memory may grow only over such a backing.
   */
  default boolean growsInPlace() {
    return false;
  }
}
