package io.wali4j.core.testing;

import io.wali4j.core.exec.InPlaceBacking;
import io.wali4j.core.kernel.Host;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.NativeMemoryBacking;

/**
 * Test backing for linear memory laid out as the runtime's native one (a reservation committed as
 * it grows, with {@link NativeMemoryBacking#GUARD} of PROT_NONE past the maximum), between two
 * canary regions of 64 KiB filled with a known pattern. A host write outside the memory lands in a
 * canary (found by {@link #damagedCanary}) or in PROT_NONE (EFAULT for a syscall, a crash for the
 * JVM: the forked test JVM dying is a failure too). Shared with the compiler tier's tests
 * (wali-core's test-jar), whose differential fuzzing checks that compiled accesses stay inside
 * memory.
 */
public final class GuardedBacking extends InPlaceBacking {

  static final long CANARY = 64L << 10;
  private static final int PROT_NONE = 0;
  private static final int PROT_RW = 3;
  private static final int MAP_PRIVATE_ANONYMOUS_NORESERVE = 0x02 | 0x20 | 0x4000;

  /** The host trap that maps, protects and unmaps the region. */
  private static final Host HOST = Host.load();

  private final long region;
  private final long total;
  private final long reserved;
  private long committed;

  /** A memory of at most {@code maxBytes}, none committed. */
  public GuardedBacking(long maxBytes) {
    this(
        maxBytes + NativeMemoryBacking.GUARD,
        map(CANARY + maxBytes + NativeMemoryBacking.GUARD + CANARY));
  }

  /** Over the {@code region} mapped for {@code reserved} bytes between the canaries. */
  private GuardedBacking(long reserved, long region) {
    super(region + CANARY);
    this.reserved = reserved;
    this.total = CANARY + reserved + CANARY;
    this.region = region;
    long address = address();
    protect(region, CANARY);
    protect(address + reserved, CANARY);
    for (long i = 0; i < CANARY; i++) {
      NativeAccess.U.putByte(region + i, pattern(i));
      NativeAccess.U.putByte(address + reserved + i, pattern(CANARY + i));
    }
  }

  /** A PROT_NONE region of {@code total} bytes. */
  private static long map(long total) {
    long region =
        HOST.trap()
            .syscall6(HOST.nr().mmap, 0, total, PROT_NONE, MAP_PRIVATE_ANONYMOUS_NORESERVE, -1, 0);
    if (region < 0 && region > -4096) {
      throw new IllegalStateException("mmap: errno " + -region);
    }
    return region;
  }

  private static byte pattern(long i) {
    return (byte) (i * 31 + 7 + (i >>> 8));
  }

  private void protect(long at, long len) {
    long r = HOST.trap().syscall3(HOST.nr().mprotect, at, len, PROT_RW);
    if (r < 0) {
      throw new IllegalStateException("mprotect: errno " + -r);
    }
  }

  /** Null when both canaries hold their pattern, else where the first changed byte is. */
  public String damagedCanary() {
    for (long i = 0; i < CANARY; i++) {
      if (NativeAccess.U.getByte(region + i) != pattern(i)) {
        return "canary before memory changed at memory offset " + (i - CANARY);
      }
      if (NativeAccess.U.getByte(address() + reserved + i) != pattern(CANARY + i)) {
        return "canary after the reservation changed at memory offset " + (reserved + i);
      }
    }
    return null;
  }

  /** Zeroes the committed memory (each call starts from the same state). */
  public void clear() {
    NativeAccess.U.setMemory(address(), committed, (byte) 0);
  }

  public void release() {
    HOST.trap().syscall2(HOST.nr().munmap, region, total);
  }

  @Override
  public long capacity() {
    return committed;
  }

  @Override
  public synchronized boolean grow(long oldSize, long newSize) {
    if (newSize <= committed) {
      return true;
    }
    if (newSize > reserved - NativeMemoryBacking.GUARD) {
      return false;
    }
    protect(address() + committed, newSize - committed);
    committed = newSize;
    return true;
  }
}
