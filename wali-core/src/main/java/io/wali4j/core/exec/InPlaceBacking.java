package io.wali4j.core.exec;

/**
 * A backing in native memory at an address that never changes: base null, growing in place (a
 * reservation committed as it grows, or one allocation of the largest size). What differs between
 * such backings is how much of it is usable ({@link #capacity}) and how it grows.
 */
public abstract class InPlaceBacking implements MemoryBacking {

  private final long address;

  /** A backing whose byte 0 is at native {@code address}. */
  protected InPlaceBacking(long address) {
    this.address = address;
  }

  @Override
  public final Object base() {
    return null;
  }

  @Override
  public final long address() {
    return address;
  }

  @Override
  public final boolean growsInPlace() {
    return true;
  }

  /**
   * Native bytes of a fixed size at {@code address}: a grow within {@code capacity} succeeds (the
   * bytes are there already), one past it fails (memory.grow returns -1).
   */
  public static class Fixed extends InPlaceBacking {

    private final long capacity;

    /** {@code capacity} bytes at native {@code address}, owned by the caller. */
    public Fixed(long address, long capacity) {
      super(address);
      this.capacity = capacity;
    }

    @Override
    public final long capacity() {
      return capacity;
    }

    @Override
    public final boolean grow(long oldSize, long newSize) {
      return newSize <= capacity;
    }
  }
}
