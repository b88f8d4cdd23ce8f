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
}
