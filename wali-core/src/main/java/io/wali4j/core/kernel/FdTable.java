package io.wali4j.core.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * A process's descriptor table: WALI fd number -> host fd, plus the WALI-side FD_CLOEXEC flag. Host
 * fds are always opened close-on-exec (the JVM may start host processes); the flag the program sees
 * lives here. A module can name only fds in this table, so the JVM's own descriptors are out of its
 * reach. New numbers are the lowest free ones, as POSIX requires; a bit set of the open numbers
 * finds them without scanning the table (a process may hold tens of thousands).
 *
 * <p>Every syscall on an fd looks it up ({@link #host(int)}), so that lookup takes no lock: changes
 * are made under this table's monitor and publish each entry with a release store (a grown array
 * through the volatile field), which the lookup's acquire load pairs with.
 */
public final class FdTable {

  /**
   * The table's size when no limit is given ({@link #install(int, int, boolean)}); processes bound
   * it by their RLIMIT_NOFILE soft limit instead ({@link #install(int, int, int, boolean)}).
   */
  public static final int MAX_FDS = 1024;

  private static final int NONE = -1;

  private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(int[].class);

  private volatile int[] host;
  private boolean[] cloexec;

  /**
   * Per fd: a read that may wait polls first instead of trying not to wait (see {@code
   * BlockingIo}); a hint read and set without the lock, cleared when the number is reused.
   */
  private boolean[] pollBeforeRead;

  /** Per fd: the same for a write ({@link #pollBeforeWrite}). */
  private boolean[] pollBeforeWrite;

  /**
   * Per fd: whether reads and writes of its file never wait ({@link #waits}): set under the lock,
   * read without it, forgotten when the number is reused.
   */
  private byte[] waits;

  public static final byte WAITS_UNKNOWN = 0;
  public static final byte NEVER_WAITS = 1;
  public static final byte MAY_WAIT = 2;

  /** The open numbers: bit fd is set exactly when {@code host[fd] != NONE}. */
  private final BitSet open;

  public FdTable() {
    host = new int[16];
    cloexec = new boolean[16];
    pollBeforeRead = new boolean[16];
    pollBeforeWrite = new boolean[16];
    waits = new byte[16];
    Arrays.fill(host, NONE);
    open = new BitSet();
  }

  private FdTable(int[] host, boolean[] cloexec) {
    this.host = host;
    this.cloexec = cloexec;
    this.pollBeforeRead = new boolean[host.length];
    this.pollBeforeWrite = new boolean[host.length];
    this.waits = new byte[host.length];
    this.open = new BitSet(host.length);
    for (int fd = 0; fd < host.length; fd++) {
      open.set(fd, host[fd] != NONE);
    }
  }

  /** The host fd behind {@code fd}, or -1 when {@code fd} is not open. */
  public int host(int fd) {
    int[] h = host;
    return fd >= 0 && fd < h.length ? (int) ENTRY.getAcquire(h, fd) : NONE;
  }

  /**
   * Installs {@code hostFd} at the lowest free number {@code >= min}; returns it, or -1 when the
   * table is full (the caller then closes {@code hostFd}).
   */
  public synchronized int install(int min, int hostFd, boolean closeOnExec) {
    return install(min, MAX_FDS, hostFd, closeOnExec);
  }

  /**
   * Installs {@code hostFd} at the lowest free number in {@code [min, limit)} (limit: the soft
   * RLIMIT_NOFILE); returns it, or -1 when there is none (EMFILE: the caller closes {@code
   * hostFd}).
   */
  public synchronized int install(int min, int limit, int hostFd, boolean closeOnExec) {
    int fd = open.nextClearBit(Math.max(min, 0));
    if (fd >= limit) {
      return NONE;
    }
    put(fd, hostFd, closeOnExec);
    return fd;
  }

  /**
   * Puts {@code hostFd} at {@code fd} (dup2 semantics); returns the host fd that was there, which
   * the caller closes, or -1.
   */
  public synchronized int installAt(int fd, int hostFd, boolean closeOnExec) {
    int old = host(fd);
    put(fd, hostFd, closeOnExec);
    return old;
  }

  private void put(int fd, int hostFd, boolean closeOnExec) {
    if (fd >= host.length) {
      int n = Math.max(fd + 1, host.length * 2);
      int old = host.length;
      int[] grown = Arrays.copyOf(host, n);
      Arrays.fill(grown, old, n, NONE);
      cloexec = Arrays.copyOf(cloexec, n);
      pollBeforeRead = Arrays.copyOf(pollBeforeRead, n);
      pollBeforeWrite = Arrays.copyOf(pollBeforeWrite, n);
      waits = Arrays.copyOf(waits, n);
      host = grown;
    }
    pollBeforeRead[fd] = false;
    pollBeforeWrite[fd] = false;
    waits[fd] = WAITS_UNKNOWN;
    ENTRY.setRelease(host, fd, hostFd);
    cloexec[fd] = closeOnExec;
    open.set(fd, hostFd != NONE);
  }

  /**
   * Removes {@code fd}; returns its host fd (which the caller closes), or -1 if it was not open.
   */
  public synchronized int remove(int fd) {
    int h = host(fd);
    if (h != NONE) {
      ENTRY.setRelease(host, fd, NONE);
      cloexec[fd] = false;
      open.clear(fd);
    }
    return h;
  }

  /**
   * Whether a read of {@code fd} that may wait should poll first: its file does not support
   * RWF_NOWAIT, or reports EAGAIN while it is ready (a regular file on some file systems).
   */
  public boolean pollBeforeRead(int fd) {
    int[] h = host; // the volatile read orders this after the grown arrays' publication
    boolean[] p = pollBeforeRead;
    return fd >= 0 && fd < Math.min(h.length, p.length) && p[fd];
  }

  /** Makes reads of {@code fd} poll first from now on (until its number is reused). */
  public void setPollBeforeRead(int fd) {
    boolean[] p = pollBeforeRead;
    if (fd >= 0 && fd < p.length) {
      p[fd] = true;
    }
  }

  /**
   * Whether a write to {@code fd} that may wait should poll first: its file does not support
   * RWF_NOWAIT for writes (a terminal, a regular file on some file systems).
   */
  public boolean pollBeforeWrite(int fd) {
    int[] h = host; // as in pollBeforeRead
    boolean[] p = pollBeforeWrite;
    return fd >= 0 && fd < Math.min(h.length, p.length) && p[fd];
  }

  /** Makes writes to {@code fd} poll first from now on (until its number is reused). */
  public void setPollBeforeWrite(int fd) {
    boolean[] p = pollBeforeWrite;
    if (fd >= 0 && fd < p.length) {
      p[fd] = true;
    }
  }

  /**
   * What is known of whether reads and writes of {@code fd} may wait: {@link #WAITS_UNKNOWN} until
   * {@link #learnWaits} (and for an fd that is not open), then {@link #NEVER_WAITS} or {@link
   * #MAY_WAIT}, until the number is reused.
   */
  public byte waits(int fd) {
    int[] h = host; // as in pollBeforeRead
    byte[] w = waits;
    return fd >= 0 && fd < Math.min(h.length, w.length) ? w[fd] : WAITS_UNKNOWN;
  }

  /**
   * Whether reads and writes of {@code fd} never wait (a regular file, /dev/null), asked of {@code
   * neverWaits} with its host fd unless known; under this table's lock, so that the number cannot
   * be reused while its file is looked at. False for an fd that is not open.
   */
  public synchronized boolean learnWaits(int fd, IntPredicate neverWaits) {
    int h = host(fd);
    if (h == NONE) {
      return false;
    }
    if (waits[fd] == WAITS_UNKNOWN) {
      waits[fd] = neverWaits.test(h) ? NEVER_WAITS : MAY_WAIT;
    }
    return waits[fd] == NEVER_WAITS;
  }

  public synchronized boolean closeOnExec(int fd) {
    return host(fd) != NONE && cloexec[fd];
  }

  public synchronized void setCloseOnExec(int fd, boolean on) {
    if (host(fd) != NONE) {
      cloexec[fd] = on;
    }
  }

  /** Every open host fd, for closing them all when the process ends. */
  public synchronized int[] hostFds() {
    return Arrays.stream(host).filter(h -> h != NONE).toArray();
  }

  /**
   * A copy for a forked child: each host fd is duplicated by {@code dup} (so the two processes
   * close theirs independently), flags kept.
   */
  public synchronized FdTable copy(IntUnaryOperator dup) {
    int[] h = new int[host.length];
    for (int i = 0; i < h.length; i++) {
      h[i] = host[i] == NONE ? NONE : dup.applyAsInt(host[i]);
    }
    return new FdTable(h, cloexec.clone());
  }

  /**
   * Removes every descriptor flagged close-on-exec (execve); returns their host fds, which the
   * caller closes.
   */
  public synchronized int[] removeCloseOnExec() {
    int[] out = new int[host.length];
    int n = 0;
    for (int fd = 0; fd < host.length; fd++) {
      if (host[fd] != NONE && cloexec[fd]) {
        out[n++] = host[fd];
        ENTRY.setRelease(host, fd, NONE);
        cloexec[fd] = false;
        open.clear(fd);
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The host fd behind each WALI number that survives an execve (open, not close-on-exec), -1
   * elsewhere; as long as the highest such number plus one.
   */
  public synchronized int[] hostFdsForExec() {
    int n = 0;
    for (int fd = 0; fd < host.length; fd++) {
      if (host[fd] != NONE && !cloexec[fd]) {
        n = fd + 1;
      }
    }
    int[] out = new int[n];
    for (int fd = 0; fd < n; fd++) {
      out[fd] = host[fd] != NONE && !cloexec[fd] ? host[fd] : NONE;
    }
    return out;
  }
}
