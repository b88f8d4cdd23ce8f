package io.wali4j.core.kernel;

import java.util.Map;
import java.util.TreeMap;

/**
 * Bookkeeping of mmap and brk inside a process's linear memory: the ranges that munmap returned
 * (free for the next mmap) and the program break. Addresses are linear-memory offsets, in host
 * pages.
 */
public final class AddressSpace {

  public static final long PAGE = 4096;

  private final TreeMap<Long, Long> free = new TreeMap<>();
  private long brk = -1;
  private long brkStart = -1;
  private long brkEnd = -1;

  public static long roundUp(long len) {
    return (len + PAGE - 1) & -PAGE;
  }

  /** Takes {@code len} (page-rounded) bytes from a free range; returns the address or -1. */
  public synchronized long take(long len) {
    for (Map.Entry<Long, Long> e : free.entrySet()) {
      long start = e.getKey();
      long end = e.getValue();
      if (end - start >= len) {
        free.remove(start);
        if (end - start > len) {
          free.put(start + len, end);
        }
        return start;
      }
    }
    return -1;
  }

  /** Marks {@code [start, start + len)} free, merging it with free neighbours. */
  public synchronized void release(long start, long len) {
    if (len <= 0) {
      return;
    }
    claim(start, len);
    long end = start + len;
    Map.Entry<Long, Long> before = free.floorEntry(start);
    if (before != null && before.getValue() == start) {
      start = before.getKey();
      free.remove(start);
    }
    Long after = free.get(end);
    if (after != null) {
      free.remove(end);
      end = after;
    }
    free.put(start, end);
  }

  /** Removes {@code [start, start + len)} from the free ranges (a MAP_FIXED mapping took it). */
  public synchronized void claim(long start, long len) {
    long end = start + len;
    Map.Entry<Long, Long> e = free.lowerEntry(end);
    while (e != null && e.getValue() > start) {
      long s = e.getKey();
      long t = e.getValue();
      free.remove(s);
      if (s < start) {
        free.put(s, start);
      }
      if (t > end) {
        free.put(end, t);
      }
      e = free.lowerEntry(Math.min(s, end));
    }
  }

  /** Whether any page of {@code [start, start + len)} is free (unmapped). */
  public synchronized boolean anyFree(long start, long len) {
    Map.Entry<Long, Long> e = free.lowerEntry(start + len);
    return e != null && e.getValue() > start;
  }

  /** Whether all of {@code [start, start + len)} is free. */
  public synchronized boolean isFree(long start, long len) {
    Map.Entry<Long, Long> e = free.floorEntry(start);
    return e != null && e.getValue() >= start + len;
  }

  // The program break: brk starts at the end of memory on first use and grows memory while
  // nothing (an mmap) has been placed after it; brkEnd is the end of memory that brk owns.

  /** The program break, or -1 before the first brk call. */
  public synchronized long brk() {
    return brk;
  }

  public synchronized long brkStart() {
    return brkStart;
  }

  public synchronized long brkEnd() {
    return brkEnd;
  }

  /** Sets up the break at {@code end} of memory on the first brk call. */
  public synchronized void initBrk(long end) {
    if (brk < 0) {
      brk = end;
      brkStart = end;
      brkEnd = end;
    }
  }

  public synchronized void setBrk(long address, long end) {
    brk = address;
    brkEnd = end;
  }

  /** A copy for a forked child, whose memory is a copy of this one's. */
  public synchronized AddressSpace copy() {
    AddressSpace c = new AddressSpace();
    c.free.putAll(free);
    c.brk = brk;
    c.brkStart = brkStart;
    c.brkEnd = brkEnd;
    return c;
  }
}
