package io.wali4j.core.kernel;

import io.wali4j.api.SyscallTrap;
import io.wali4j.core.exec.InPlaceBacking;
import io.wali4j.core.exec.MemoryBacking;
import java.util.ArrayDeque;

/**
 * Linear memory in native memory: one PROT_NONE reservation of the memory's maximum plus a guard,
 * committed (PROT_READ|PROT_WRITE) page by page as the memory grows. The base never moves, so a
 * shared memory can grow under running threads and a syscall gets {@code address() + ptr} with no
 * copy. Freshly committed anonymous pages are zero, as {@link MemoryBacking#grow} requires.
 */
public final class NativeMemoryBacking extends InPlaceBacking {

  static final int PROT_NONE = 0;
  static final int PROT_READ = 1;
  static final int PROT_WRITE = 2;
  static final int MAP_PRIVATE = 0x02;
  static final int MAP_FIXED = 0x10;
  static final int MAP_ANONYMOUS = 0x20;
  static final int MAP_NORESERVE = 0x4000;

  /** Reserved past the maximum so that no length a syscall could name runs off the end. */
  public static final long GUARD = 64L << 10;

  private final SyscallTrap trap;
  private final SyscallNumbers nr;
  private final long reserved;
  private volatile long committed;

  private NativeMemoryBacking(Host host, long address, long reserved) {
    super(address);
    this.trap = host.trap();
    this.nr = host.nr();
    this.reserved = reserved;
  }

  /**
   * Reserves {@code maxBytes} (plus {@link #GUARD}) of address space, none of it committed.
   *
   * @throws OutOfMemoryError when the host refuses the reservation
   */
  public static NativeMemoryBacking reserve(Host host, long maxBytes) {
    long size = maxBytes + GUARD;
    long a =
        host.trap()
            .syscall6(
                host.nr().mmap,
                0,
                size,
                PROT_NONE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                -1,
                0);
    if (a < 0 && a > -4096) {
      throw new OutOfMemoryError("cannot reserve " + size + " bytes of address space: errno " + -a);
    }
    // Transparent huge pages where the host allows them (madvise mode): a fork's copy of the
    // memory then walks 2 MiB pages, not 4 KiB ones, and the child's copy faults in 512x fewer.
    host.trap().syscall3(host.nr().madvise, a, size, MADV_HUGEPAGE);
    return new NativeMemoryBacking(host, a, size);
  }

  @Override
  public long capacity() {
    return committed;
  }

  /** The bytes of address space reserved, committed or not. */
  public long reserved() {
    return reserved;
  }

  @Override
  public synchronized boolean grow(long oldSize, long newSize) {
    if (newSize <= committed) {
      return true;
    }
    if (newSize > reserved - GUARD) {
      return false;
    }
    long r =
        trap.syscall3(
            nr.mprotect, address() + committed, newSize - committed, PROT_READ | PROT_WRITE);
    if (r < 0) {
      return false;
    }
    committed = newSize;
    return true;
  }

  /**
   * Returns the reservation; the memory must not be used afterwards (a debugging mode makes a late
   * use fault, see {@link NativeRelease}). A small one is kept, committed, for the next {@link
   * #reserveForCopy} (a fork's copy then lands in pages already faulted in, which costs far less
   * than faulting fresh ones); the rest goes back to the host.
   */
  public void release() {
    if (NativeRelease.KEEP_RELEASED) {
      unmap(); // never reused: a late access must fault (see NativeRelease)
      return;
    }
    synchronized (POOL) {
      if (POOL.size() < POOL_ENTRIES && committed <= POOL_MAX_COMMITTED) {
        POOL.push(this);
        return;
      }
    }
    unmap();
  }

  private synchronized void unmap() {
    NativeRelease.release(trap, nr, address(), reserved, NativeRelease.KEEP_RELEASED);
    committed = 0;
  }

  private static final int POOL_ENTRIES = 2;
  private static final long POOL_MAX_COMMITTED = 64L << 20;
  private static final int MADV_DONTNEED = 4;
  private static final int MADV_HUGEPAGE = 14;
  private static final int MADV_POPULATE_WRITE = 23;
  private static final ArrayDeque<NativeMemoryBacking> POOL = new ArrayDeque<>();

  /**
   * A reservation of {@code maxBytes} with exactly {@code size} bytes committed, whose first {@code
   * size} bytes hold anything (the caller overwrites them all: a fork's copy of its parent's
   * memory) and whose later pages are zero when committed. A released reservation of the same size
   * is reused when there is one.
   */
  public static NativeMemoryBacking reserveForCopy(Host host, long maxBytes, long size) {
    NativeMemoryBacking b = null;
    synchronized (POOL) {
      for (NativeMemoryBacking p : POOL) {
        if (p.reserved == maxBytes + GUARD && p.trap == host.trap()) {
          b = p;
          break;
        }
      }
      if (b != null) {
        POOL.remove(b);
      }
    }
    if (b == null) {
      b = reserve(host, maxBytes);
      if (!b.grow(0, size)) {
        b.unmap();
        throw new OutOfMemoryError("cannot commit " + size + " bytes");
      }
      // Fault the pages in with one call rather than one fault per page of the copy.
      host.trap().syscall3(host.nr().madvise, b.address(), size, MADV_POPULATE_WRITE);
      return b;
    }
    b.resize(size);
    return b;
  }

  /** Commits exactly {@code size} bytes: pages past it are dropped (zero when committed again). */
  private synchronized void resize(long size) {
    if (committed > size) {
      trap.syscall3(nr.madvise, address() + size, committed - size, MADV_DONTNEED);
      trap.syscall3(nr.mprotect, address() + size, committed - size, PROT_NONE);
      committed = size;
    } else if (!grow(committed, size)) {
      unmap();
      throw new OutOfMemoryError("cannot commit " + size + " bytes");
    }
  }
}
