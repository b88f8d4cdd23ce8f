package io.wali4j.core.exec;

import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.TableType;
import io.wali4j.core.wasm.WasmException;
import java.util.Arrays;

/**
 * A table instance (spec 4.2.7): a growable vector of references. A reference is a long: a funcref
 * is the function's id in its {@link Store}, an externref is the host's value as given; -1 is null.
 */
public final class Table implements Extern {

  public static final long NULL = -1;

  /**
   * The most elements a table may have here (Java arrays are int-indexed); table.grow past it fails
   * with -1. System property {@code wali4j.table.maxElements}.
   */
  public static final int MAX_ELEMENTS = Integer.getInteger("wali4j.table.maxElements", 10_000_000);

  private final TableType type;
  private final long max;
  private long[] elements;
  private int size;

  public Table(TableType type) {
    this(type, MAX_ELEMENTS);
  }

  /**
   * A table that never grows past {@code elementLimit} elements (the host's limit; table.grow past
   * it returns -1, as past the type's maximum).
   *
   * @throws WasmException {@link Failure#TABLE_LIMIT} when the type's minimum is over the limit
   */
  public Table(TableType type, int elementLimit) {
    this.type = type;
    int cap = Math.min(Math.max(0, elementLimit), MAX_ELEMENTS);
    long limit = type.limits().hasMax() ? type.limits().max() : Long.MAX_VALUE;
    this.max = Math.min(limit, cap);
    long min = type.limits().min();
    if (min > cap) {
      throw new WasmException(Failure.TABLE_LIMIT, min + " elements, limit " + cap);
    }
    this.size = (int) min;
    this.elements = new long[size];
    Arrays.fill(elements, NULL);
  }

  public TableType type() {
    return type;
  }

  public int size() {
    return size;
  }

  static RuntimeException outOfBounds() {
    return Ops.trap(Failure.OUT_OF_BOUNDS_TABLE);
  }

  /** table.get; {@code i} is an unsigned 32-bit index. */
  public long get(int i) {
    if (Integer.compareUnsigned(i, size) >= 0) {
      throw outOfBounds();
    }
    return elements[i];
  }

  /** table.set. */
  public void set(int i, long ref) {
    if (Integer.compareUnsigned(i, size) >= 0) {
      throw outOfBounds();
    }
    elements[i] = ref;
  }

  /** The element at {@code i}, or an "undefined element" trap (call_indirect's rule). */
  public long element(int i) {
    if (Integer.compareUnsigned(i, size) >= 0) {
      throw Ops.trap(Failure.UNDEFINED_ELEMENT);
    }
    return elements[i];
  }

  /** table.grow: returns the old size, or -1 when the maximum would be exceeded. */
  public synchronized int grow(long delta, long init) {
    long old = size;
    long n = old + (delta & 0xFFFFFFFFL);
    if (n > max) {
      return -1;
    }
    if (n > elements.length) {
      elements = Arrays.copyOf(elements, (int) Math.min(max, Math.max(n, old * 2)));
    }
    Arrays.fill(elements, (int) old, (int) n, init);
    size = (int) n;
    return (int) old;
  }

  private void checkRange(long start, long len) {
    if (start + len > size) {
      throw outOfBounds();
    }
  }

  /** table.fill: {@code i} and {@code n} are unsigned 32-bit values. */
  public void fill(int i, long ref, int n) {
    long start = i & 0xFFFFFFFFL;
    long len = n & 0xFFFFFFFFL;
    checkRange(start, len);
    Arrays.fill(elements, (int) start, (int) (start + len), ref);
  }

  /** table.copy from {@code src} (possibly this table); overlapping ranges behave as memmove. */
  public void copyFrom(Table src, int s, int d, int n) {
    long from = s & 0xFFFFFFFFL;
    long to = d & 0xFFFFFFFFL;
    long len = n & 0xFFFFFFFFL;
    src.checkRange(from, len);
    checkRange(to, len);
    System.arraycopy(src.elements, (int) from, elements, (int) to, (int) len);
  }

  /** table.init: copies {@code segment[s .. s + n)} to {@code d}. */
  public void init(int d, long[] segment, int s, int n) {
    long from = s & 0xFFFFFFFFL;
    long to = d & 0xFFFFFFFFL;
    long len = n & 0xFFFFFFFFL;
    if (from + len > segment.length) {
      throw outOfBounds();
    }
    checkRange(to, len);
    System.arraycopy(segment, (int) from, elements, (int) to, (int) len);
  }
}
