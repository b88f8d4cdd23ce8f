package io.wali4j.core.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * POSIX record locks (fcntl F_SETLK, F_SETLKW, F_GETLK) of the WALI processes of one kernel. The
 * host would own them all for the JVM, one process, so that two WALI processes never conflict: here
 * they are owned by the virtual pid, kept per file (host dev and inode), and follow fcntl(2)'s
 * rules: a process's own locks never conflict with each other and a new lock replaces, splits or
 * merges with them; locks of different processes conflict when they overlap and one is a write
 * lock; all of a process's locks on a file go when it closes any descriptor of the file, and all of
 * its locks when it exits. flock(2) and open file description (F_OFD_*) locks are the host's: their
 * owner is the open file description, which WALI descriptors share as natively.
 */
public final class FileLocks {

  public static final int F_RDLCK = 0;
  public static final int F_WRLCK = 1;
  public static final int F_UNLCK = 2;

  /** The end of a lock that reaches the end of the file, whatever its size (l_len 0). */
  public static final long TO_EOF = Long.MAX_VALUE;

  /** A file, as the host identifies it. */
  public record FileKey(long dev, long ino) {}

  /** One lock: its owner's virtual pid, F_RDLCK or F_WRLCK, and the bytes [start, end). */
  public record Lock(int pid, int type, long start, long end) {

    boolean overlaps(long s, long e) {
      return start < e && s < end;
    }

    boolean conflictsWith(int otherPid, int otherType, long s, long e) {
      return pid != otherPid && overlaps(s, e) && (type == F_WRLCK || otherType == F_WRLCK);
    }
  }

  private final Map<FileKey, List<Lock>> byFile = new HashMap<>();
  private final Map<Integer, Set<FileKey>> byOwner = new HashMap<>();

  /** The first lock of another process that keeps {@code pid} from locking, or null. */
  public synchronized Lock conflict(FileKey f, int pid, int type, long start, long end) {
    for (Lock l : byFile.getOrDefault(f, List.of())) {
      if (l.conflictsWith(pid, type, start, end)) {
        return l;
      }
    }
    return null;
  }

  /**
   * Sets (F_RDLCK, F_WRLCK) or removes (F_UNLCK) {@code pid}'s lock on [start, end) if no other
   * process's lock is in the way; returns whether it did.
   */
  public synchronized boolean tryLock(FileKey f, int pid, int type, long start, long end) {
    if (type != F_UNLCK && conflict(f, pid, type, start, end) != null) {
      return false;
    }
    List<Lock> all = byFile.computeIfAbsent(f, k -> new ArrayList<>());
    List<Lock> kept = new ArrayList<>();
    long s = start;
    long e = end;
    for (Lock l : all) {
      if (l.pid() != pid) {
        kept.add(l);
      } else if (type != F_UNLCK && l.type() == type && l.start() <= e && s <= l.end()) {
        // Same type, overlapping or adjacent: one lock covers both (fs/locks.c merges them).
        s = Math.min(s, l.start());
        e = Math.max(e, l.end());
      } else if (!l.overlaps(start, end)) {
        kept.add(l);
      } else {
        if (l.start() < start) {
          kept.add(new Lock(pid, l.type(), l.start(), start));
        }
        if (l.end() > end) {
          kept.add(new Lock(pid, l.type(), end, l.end()));
        }
      }
    }
    if (type != F_UNLCK) {
      kept.add(new Lock(pid, type, s, e));
    }
    kept.sort((a, b) -> Long.compare(a.start(), b.start()));
    all.clear();
    all.addAll(kept);
    index(f);
    notifyAll();
    return true;
  }

  /**
   * F_SETLKW: waits until the lock can be set. Returns 0, or -1 when {@code interrupted} said so (a
   * signal for the caller) before it could.
   */
  public synchronized int lockWait(
      FileKey f, int pid, int type, long start, long end, BooleanSupplier interrupted) {
    while (!tryLock(f, pid, type, start, end)) {
      if (interrupted.getAsBoolean()) {
        return -1;
      }
      try {
        // Bounded: a signal sent meanwhile is seen within this long.
        wait(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return 0;
  }

  /** Whether {@code pid} holds any lock (a cheap test before finding which file a close ends). */
  public synchronized boolean holdsAny(int pid) {
    return byOwner.containsKey(pid);
  }

  /** Drops {@code pid}'s locks on {@code f}: it closed a descriptor of the file. */
  public synchronized void release(FileKey f, int pid) {
    List<Lock> all = byFile.get(f);
    if (all != null && all.removeIf(l -> l.pid() == pid)) {
      index(f);
      notifyAll();
    }
  }

  /** Drops every lock of {@code pid}: it exited. */
  public synchronized void releaseAll(int pid) {
    Set<FileKey> files = byOwner.get(pid);
    if (files != null) {
      for (FileKey f : new ArrayList<>(files)) {
        release(f, pid);
      }
    }
  }

  /** The locks on {@code f}, in order of their start (for tests and diagnostics). */
  public synchronized List<Lock> locks(FileKey f) {
    return List.copyOf(byFile.getOrDefault(f, List.of()));
  }

  /** Brings {@link #byOwner} up to date for {@code f}, and forgets the file once it has no lock. */
  private void index(FileKey f) {
    List<Lock> all = byFile.get(f);
    for (Iterator<Map.Entry<Integer, Set<FileKey>>> it = byOwner.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<Integer, Set<FileKey>> e = it.next();
      e.getValue().remove(f);
      if (e.getValue().isEmpty()) {
        it.remove();
      }
    }
    if (all.isEmpty()) {
      byFile.remove(f);
      return;
    }
    for (Lock l : all) {
      byOwner.computeIfAbsent(l.pid(), k -> new HashSet<>()).add(f);
    }
  }
}
