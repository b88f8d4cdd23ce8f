package io.wali4j.core.exec;

import static io.wali4j.core.exec.UnsafeAccess.BYTE_ARRAY_BASE;
import static io.wali4j.core.exec.UnsafeAccess.U;

import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.WasmException;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * A linear memory instance (spec 4.2.8). Bytes are reached through {@link sun.misc.Unsafe} as
 * {@code (base, address + ea)}, so the heap backing and a native one share this code. Every access
 * checks {@code ea + size <= size()} in Java first and traps with "out of bounds memory access"
 * otherwise: nothing outside the memory is ever touched. Effective addresses are longs: a u32
 * address plus a u32 offset, so they never wrap.
 *
 * <p>Atomic accesses (threads proposal) are sequentially consistent: volatile reads and writes and
 * compare-and-swap; sub-word read-modify-writes use a compare-and-swap loop on the aligned 32-bit
 * word around them.
 */
public final class Memory implements Extern {

  public static final long PAGE_SIZE = MemoryType.PAGE_SIZE;

  /**
   * The most bytes a shared heap-backed memory reserves up front (its base must never move, so it
   * cannot grow past what it reserved); system property {@code wali4j.memory.sharedHeapReserve}.
   */
  public static final long SHARED_HEAP_RESERVE =
      Long.getLong("wali4j.memory.sharedHeapReserve", 256L << 20);

  /**
   * The most pages any memory may reach here, below the spec's 65536 when the host should keep
   * memories smaller; memory.grow past it returns -1. System property {@code
   * wali4j.memory.maxPages}.
   */
  public static final long MAX_PAGES_CAP =
      Math.min(MemoryType.MAX_PAGES, Long.getLong("wali4j.memory.maxPages", MemoryType.MAX_PAGES));

  private final MemoryType type;
  private final MemoryBacking backing;
  private final long maxPages;
  private final boolean shared;
  private final WaiterQueue waiters = new WaiterQueue();

  // Re-read from the backing after every grow. The interpreter's dispatch loop reads the three
  // fields directly and addresses the bytes itself with the bounds rule of at(): into a method as
  // large as Interpreter.run HotSpot inlines no accessor, and a call per load or store costs more
  // than the access (see Interpreter). Nothing outside this class writes them.
  /** Where the bytes are: the Java array of a heap backing, null for native memory. */
  public Object base;

  /** The offset of byte 0 from {@link #base} (or its native address). */
  public long address;

  /** The current size in bytes, as {@link #size()}. */
  public long size;

  /** A memory backed by the Java heap. */
  public Memory(MemoryType type) {
    this(type, MAX_PAGES_CAP);
  }

  /**
   * A memory backed by the Java heap that never grows past {@code pageLimit} pages.
   *
   * @throws WasmException {@link Failure#MEMORY_LIMIT} when the type's minimum is over the limit
   */
  public Memory(MemoryType type, long pageLimit) {
    this(type, heapBacking(type, pageLimit), pageLimit);
  }

  /** A memory over {@code backing}, whose capacity must already hold the minimum size. */
  public Memory(MemoryType type, MemoryBacking backing) {
    this(type, backing, MAX_PAGES_CAP);
  }

  /**
   * A memory over {@code backing} that never grows past {@code pageLimit} pages (the host's limit;
   * memory.grow past it returns -1, as past the type's maximum).
   *
   * @throws WasmException {@link Failure#MEMORY_LIMIT} when the type's minimum is over the limit
   */
  public Memory(MemoryType type, MemoryBacking backing, long pageLimit) {
    requireWithin(type, pageLimit);
    this.type = type;
    this.backing = backing;
    this.shared = type.limits().shared();
    long max = type.limits().hasMax() ? type.limits().max() : MemoryType.MAX_PAGES;
    this.maxPages = Math.min(max, Math.min(pageLimit, MAX_PAGES_CAP));
    this.size = type.limits().min() * PAGE_SIZE;
    if (backing.capacity() < size && !backing.grow(0, size)) {
      throw new OutOfMemoryError("cannot allocate " + size + " bytes of linear memory");
    }
    refresh();
  }

  private static void requireWithin(MemoryType type, long pageLimit) {
    if (type.limits().min() > Math.min(pageLimit, MAX_PAGES_CAP)) {
      throw new WasmException(
          Failure.MEMORY_LIMIT,
          type.limits().min() + " pages, limit " + Math.min(pageLimit, MAX_PAGES_CAP));
    }
  }

  private static MemoryBacking heapBacking(MemoryType type, long pageLimit) {
    requireWithin(type, pageLimit);
    long min = type.limits().min() * PAGE_SIZE;
    if (type.limits().shared()) {
      long max = Math.min(type.limits().max(), pageLimit) * PAGE_SIZE;
      return new HeapMemoryBacking(Math.max(min, Math.min(max, SHARED_HEAP_RESERVE)));
    }
    return new HeapMemoryBacking(min);
  }

  private void refresh() {
    base = backing.base();
    address = backing.address();
  }

  public MemoryType type() {
    return type;
  }

  /** Where the bytes live; a native backing lets the host hand out {@code address() + ea}. */
  public MemoryBacking backing() {
    return backing;
  }

  public boolean isShared() {
    return shared;
  }

  /** Current size in bytes. */
  public long size() {
    return size;
  }

  /** Current size in pages. */
  public long pages() {
    return size / PAGE_SIZE;
  }

  /**
   * memory.grow (spec 4.4.7): adds {@code deltaPages} (an unsigned 32-bit count) and returns the
   * old size in pages, or -1 when the maximum or the host's capacity would be exceeded.
   */
  public synchronized long grow(long deltaPages) {
    long old = pages();
    long pages = old + deltaPages;
    if (deltaPages < 0 || pages > maxPages) {
      return -1;
    }
    long newSize = pages * PAGE_SIZE;
    if (newSize > backing.capacity()) {
      // A shared memory's base must not move under other threads: it grows only in place.
      if ((shared && !backing.growsInPlace()) || !backing.grow(size, newSize)) {
        return -1;
      }
      refresh();
    }
    size = newSize;
    return old;
  }

  /** The effective address of a memarg access: u32 address plus u32 offset, never wrapping. */
  public static long ea(long addressSlot, int offset) {
    return (addressSlot & 0xFFFFFFFFL) + (offset & 0xFFFFFFFFL);
  }

  /** The trap of an access outside the memory. */
  public static RuntimeException outOfBounds() {
    return Ops.trap(Failure.OUT_OF_BOUNDS_MEMORY);
  }

  /**
   * The bounds rule of every access, shared by both tiers: whether {@code n} bytes at {@code ea}
   * leave a memory of {@code size} bytes (or {@code ea} is negative).
   */
  public static boolean outside(long ea, int n, long size) {
    // Negative when ea < 0 or ea + n > size: one test for both.
    return (ea | (size - n - ea)) < 0;
  }

  private long at(long ea, int n) {
    if (outside(ea, n, size)) {
      throw outOfBounds();
    }
    return address + ea;
  }

  // ---- plain loads and stores (the value conventions of the pre-decoded form) ----

  public int loadI32(long ea) {
    return U.getInt(base, at(ea, 4));
  }

  public long loadI64(long ea) {
    return U.getLong(base, at(ea, 8));
  }

  public byte loadI8(long ea) {
    return U.getByte(base, at(ea, 1));
  }

  public short loadI16(long ea) {
    return U.getShort(base, at(ea, 2));
  }

  public void storeI32(long ea, int v) {
    U.putInt(base, at(ea, 4), v);
  }

  public void storeI64(long ea, long v) {
    U.putLong(base, at(ea, 8), v);
  }

  public void storeI8(long ea, byte v) {
    U.putByte(base, at(ea, 1), v);
  }

  public void storeI16(long ea, short v) {
    U.putShort(base, at(ea, 2), v);
  }

  // ---- bulk access, for the host and for bulk-memory instructions ----

  /** Copies {@code len} bytes at {@code ea} into {@code dst[off ...]}. */
  public void read(long ea, byte[] dst, int off, int len) {
    checkRange(ea, len);
    U.copyMemory(base, address + ea, dst, BYTE_ARRAY_BASE + off, len);
  }

  /** Copies {@code src[off .. off + len)} to {@code ea}. */
  public void write(long ea, byte[] src, int off, int len) {
    checkRange(ea, len);
    U.copyMemory(src, BYTE_ARRAY_BASE + off, base, address + ea, len);
  }

  private void checkRange(long ea, long len) {
    if (ea < 0 || len < 0 || ea + len > size) {
      throw outOfBounds();
    }
  }

  /** memory.fill (spec 4.4.7): bounds are checked before any byte is written. */
  public void fill(long dst, byte value, long len) {
    checkRange(dst, len);
    U.setMemory(base, address + dst, len, value);
  }

  /** memory.copy: overlapping ranges copy as if through a temporary buffer. */
  public void copy(long dst, long src, long len) {
    copyFrom(this, src, dst, len);
  }

  /** Copies {@code len} bytes from {@code from} at {@code src} into this memory at {@code dst}. */
  public void copyFrom(Memory from, long src, long dst, long len) {
    from.checkRange(src, len);
    checkRange(dst, len);
    if (len == 0) {
      return;
    }
    // Unsafe.copyMemory is memmove-safe for heap arrays and native memory alike.
    U.copyMemory(from.base, from.address + src, base, address + dst, len);
  }

  /** memory.init: copies {@code data[src .. src + len)} to {@code dst}. */
  public void init(long dst, byte[] data, long src, long len) {
    if (src < 0 || len < 0 || src + len > data.length) {
      throw outOfBounds();
    }
    checkRange(dst, len);
    U.copyMemory(data, BYTE_ARRAY_BASE + src, base, address + dst, len);
  }

  // ---- atomics (threads proposal) ----

  private long atomicAt(long ea, int n) {
    long a = at(ea, n);
    if ((ea & (n - 1)) != 0) {
      throw Ops.trap(Failure.UNALIGNED_ATOMIC);
    }
    return a;
  }

  /** An atomic load of {@code n} bytes, zero-extended. */
  public long atomicLoad(long ea, int n) {
    long a = atomicAt(ea, n);
    switch (n) {
      case 1:
        return U.getByteVolatile(base, a) & 0xFFL;
      case 2:
        return U.getShortVolatile(base, a) & 0xFFFFL;
      case 4:
        return U.getIntVolatile(base, a) & 0xFFFFFFFFL;
      default:
        return U.getLongVolatile(base, a);
    }
  }

  /** An atomic store of the low {@code n} bytes of {@code v}. */
  public void atomicStore(long ea, int n, long v) {
    long a = atomicAt(ea, n);
    switch (n) {
      case 1:
        U.putByteVolatile(base, a, (byte) v);
        break;
      case 2:
        U.putShortVolatile(base, a, (short) v);
        break;
      case 4:
        U.putIntVolatile(base, a, (int) v);
        break;
      default:
        U.putLongVolatile(base, a, v);
        break;
    }
  }

  /** The read-modify-write operations of the threads proposal. */
  public enum Rmw {
    ADD,
    SUB,
    AND,
    OR,
    XOR,
    XCHG;

    long apply(long old, long v) {
      switch (this) {
        case ADD:
          return old + v;
        case SUB:
          return old - v;
        case AND:
          return old & v;
        case OR:
          return old | v;
        case XOR:
          return old ^ v;
        default:
          return v;
      }
    }
  }

  /** An atomic read-modify-write of {@code n} bytes; returns the old value, zero-extended. */
  public long atomicRmw(Rmw op, long ea, int n, long v) {
    long a = atomicAt(ea, n);
    if (n == 8) {
      long old;
      do {
        old = U.getLongVolatile(base, a);
      } while (!U.compareAndSwapLong(base, a, old, op.apply(old, v)));
      return old;
    }
    if (n == 4) {
      int old;
      do {
        old = U.getIntVolatile(base, a);
      } while (!U.compareAndSwapInt(base, a, old, (int) op.apply(old, v)));
      return old & 0xFFFFFFFFL;
    }
    return subWordRmw(op, a, n, v, 0, false);
  }

  /**
   * An atomic compare-exchange of {@code n} bytes: stores {@code replacement} when the current
   * value equals {@code expected} wrapped to {@code n} bytes; returns the old value.
   */
  public long atomicCmpxchg(long ea, int n, long expected, long replacement) {
    long a = atomicAt(ea, n);
    if (n == 8) {
      while (true) {
        long old = U.getLongVolatile(base, a);
        if (old != expected || U.compareAndSwapLong(base, a, old, replacement)) {
          return old;
        }
      }
    }
    if (n == 4) {
      while (true) {
        int old = U.getIntVolatile(base, a);
        if (old != (int) expected || U.compareAndSwapInt(base, a, old, (int) replacement)) {
          return old & 0xFFFFFFFFL;
        }
      }
    }
    return subWordRmw(null, a, n, replacement, expected, true);
  }

  /** A 1- or 2-byte atomic done as a CAS loop on the aligned little-endian word around it. */
  private long subWordRmw(Rmw op, long a, int n, long v, long expected, boolean cmpxchg) {
    long word = a & ~3L;
    int shift = (int) (a - word) * 8;
    int mask = (n == 1 ? 0xFF : 0xFFFF) << shift;
    long valueMask = n == 1 ? 0xFFL : 0xFFFFL;
    while (true) {
      int oldWord = U.getIntVolatile(base, word);
      long old = (oldWord & mask) >>> shift & valueMask;
      long updated;
      if (cmpxchg) {
        if (old != (expected & valueMask)) {
          return old;
        }
        updated = v;
      } else {
        updated = op.apply(old, v);
      }
      int newWord = (oldWord & ~mask) | (((int) updated << shift) & mask);
      if (U.compareAndSwapInt(base, word, oldWord, newWord)) {
        return old;
      }
    }
  }

  /**
   * memory.atomic.wait32/wait64: blocks while the {@code n}-byte value at {@code ea} equals {@code
   * expected}. Returns 0 when woken by notify, 1 when the value differed, 2 on timeout ({@code
   * timeoutNanos} negative waits forever) or when the thread was interrupted (its interrupt status
   * stays set for the next safe point).
   */
  public int atomicWait(long ea, int n, long expected, long timeoutNanos) {
    if (!shared) {
      throw Ops.trap(Failure.EXPECTED_SHARED_MEMORY);
    }
    atomicAt(ea, n);
    long want = n == 4 ? expected & 0xFFFFFFFFL : expected;
    int r =
        waiters.await(
            ea,
            () -> atomicLoad(ea, n) == want,
            WaiterQueue.ANY,
            WaiterQueue.ANY_KIND,
            timeoutNanos);
    return r == WaiterQueue.INTERRUPTED ? WaiterQueue.TIMED_OUT : r;
  }

  /** memory.atomic.notify: wakes up to {@code count} (unsigned) waiters on {@code ea}. */
  public int atomicNotify(long ea, long count) {
    atomicAt(ea, 4);
    if (!shared) {
      return 0;
    }
    return waiters.wake(ea, count & 0xFFFFFFFFL, WaiterQueue.ANY, WaiterQueue.ANY_KIND);
  }

  // ---- futex words: the same waiter queues, on shared and unshared memories alike ----

  /** {@link #futexWait} results. */
  public static final int FUTEX_WOKEN = WaiterQueue.WOKEN;

  public static final int FUTEX_NOT_EQUAL = WaiterQueue.NOT_EQUAL;
  public static final int FUTEX_TIMED_OUT = WaiterQueue.TIMED_OUT;
  public static final int FUTEX_INTERRUPTED = WaiterQueue.INTERRUPTED;

  /**
   * Whether a futex call is private or shared: Linux keeps the two apart on the same word (a shared
   * wake, like the one at thread exit, does not wake a private waiter). Wasm waits and notifies
   * meet both.
   */
  public static int futexKind(boolean isPrivate) {
    return isPrivate ? WaiterQueue.PRIVATE : WaiterQueue.SHARED;
  }

  /**
   * Blocks on the aligned i32 at {@code ea} while it holds {@code expected}, until a wake of its
   * {@link #futexKind kind} whose bitset shares a bit with {@code bitset} (a Wasm notify matches
   * every kind and bitset), the timeout ({@code timeoutNanos} negative waits forever) or an
   * interrupt of the calling thread: one of the {@code FUTEX_*} results.
   */
  public int futexWait(long ea, int expected, int bitset, int kind, long timeoutNanos) {
    atomicAt(ea, 4);
    return waiters.await(ea, () -> (int) atomicLoad(ea, 4) == expected, bitset, kind, timeoutNanos);
  }

  /**
   * Wakes up to {@code count} waiters of {@code kind} on {@code ea} whose bitset meets {@code
   * bitset}.
   */
  public int futexWake(long ea, long count, int bitset, int kind) {
    atomicAt(ea, 4);
    return waiters.wake(ea, count, bitset, kind);
  }

  /**
   * FUTEX_CMP_REQUEUE (and FUTEX_REQUEUE when {@code check} is false): wakes up to {@code
   * wakeCount} waiters on {@code ea} and moves up to {@code requeueCount} of the others to wait on
   * {@code ea2}; returns how many were woken or moved, or -1 when the word at {@code ea} did not
   * hold {@code expected}.
   */
  public int futexRequeue(
      long ea, long ea2, long wakeCount, long requeueCount, int kind, boolean check, int expected) {
    atomicAt(ea, 4);
    atomicAt(ea2, 4);
    return waiters.requeue(
        ea,
        ea2,
        wakeCount,
        requeueCount,
        kind,
        () -> !check || (int) atomicLoad(ea, 4) == expected);
  }

  /**
   * FUTEX_WAKE_OP: atomically applies {@code update} to the word at {@code ea2} (it gets the old
   * value and returns the new one), wakes up to {@code count} waiters on {@code ea} and, when
   * {@code wakeSecond} accepts the old value, up to {@code count2} on {@code ea2}; returns how many
   * in all.
   */
  public int futexWakeOp(
      long ea,
      long count,
      long ea2,
      long count2,
      int kind,
      IntUnaryOperator update,
      IntPredicate wakeSecond) {
    atomicAt(ea, 4);
    long a = atomicAt(ea2, 4);
    return waiters.wakeOp(
        ea,
        count,
        ea2,
        count2,
        kind,
        () -> {
          int old;
          do {
            old = U.getIntVolatile(base, a);
          } while (!U.compareAndSwapInt(base, a, old, update.applyAsInt(old)));
          return wakeSecond.test(old);
        });
  }

  /** atomic.fence. */
  public static void fence() {
    U.fullFence();
  }
}
