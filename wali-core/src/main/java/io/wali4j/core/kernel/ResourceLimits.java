package io.wali4j.core.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A process's resource limits (getrlimit/setrlimit/prlimit64). They start as the host's and are
 * kept here, so a module lowering RLIMIT_NOFILE or RLIMIT_STACK never limits the JVM. A module can
 * lower a hard limit, never raise it past where it started (as an unprivileged process).
 */
public final class ResourceLimits {

  public static final int RLIM_NLIMITS = 16;
  public static final int RLIMIT_NOFILE = 7;
  public static final int RLIMIT_MEMLOCK = 8;
  public static final int RLIMIT_NICE = 13;
  public static final int RLIMIT_RTPRIO = 14;

  /**
   * Soft limits: changed under this object's monitor with release stores, read by {@link
   * #current(int)} without it (every write to a file asks for RLIMIT_FSIZE).
   */
  private final long[] cur = new long[RLIM_NLIMITS];

  private static final VarHandle LIMIT = MethodHandles.arrayElementVarHandle(long[].class);
  private final long[] max = new long[RLIM_NLIMITS];

  private ResourceLimits() {}

  ResourceLimits(Host host) {
    long buf = NativeAccess.U.allocateMemory(16);
    try {
      for (int r = 0; r < RLIM_NLIMITS; r++) {
        long rc = host.trap().syscall4(host.nr().prlimit64, 0, r, 0, buf);
        cur[r] = rc < 0 ? -1 : NativeAccess.U.getLong(buf);
        max[r] = rc < 0 ? -1 : NativeAccess.U.getLong(buf + 8);
      }
    } finally {
      NativeAccess.U.freeMemory(buf);
    }
    // The JVM raised its own soft RLIMIT_NOFILE to the hard one at startup, so this is what a
    // native program started from here gets; the virtual fd table is bounded by it.
    if (cur[RLIMIT_NOFILE] < 0 || max[RLIMIT_NOFILE] < 0) {
      cur[RLIMIT_NOFILE] = FdTable.MAX_FDS;
      max[RLIMIT_NOFILE] = FdTable.MAX_FDS;
    }
    // Locked memory and real-time priorities would act on the JVM itself: a WALI process may have
    // neither, as an unprivileged process with these limits at 0 (mlock(2), sched(7)).
    for (int r : new int[] {RLIMIT_MEMLOCK, RLIMIT_RTPRIO}) {
      cur[r] = 0;
      max[r] = 0;
    }
  }

  /**
   * The soft RLIMIT_NOFILE as a descriptor bound: fds {@code >= } it cannot be allocated (EMFILE),
   * named by dup2 (EBADF) or asked of F_DUPFD (EINVAL).
   */
  public synchronized int fdLimit() {
    long n = cur[RLIMIT_NOFILE];
    return n < 0 || n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
  }

  public long current(int resource) {
    return (long) LIMIT.getAcquire(cur, resource);
  }

  public synchronized long maximum(int resource) {
    return max[resource];
  }

  /**
   * Lowers both the soft and the hard limit of {@code resource} to at most {@code value} (the
   * embedder's limit, applied before the program starts).
   */
  public synchronized void capAt(int resource, long value) {
    if (Long.compareUnsigned(cur[resource], value) > 0) {
      LIMIT.setRelease(cur, resource, value);
    }
    if (Long.compareUnsigned(max[resource], value) > 0) {
      max[resource] = value;
    }
  }

  /** Sets a limit; returns 0, -EINVAL (cur above max) or -EPERM (max raised). */
  public synchronized int set(int resource, long newCur, long newMax) {
    if (Long.compareUnsigned(newCur, newMax) > 0) {
      return -22;
    }
    if (Long.compareUnsigned(newMax, max[resource]) > 0) {
      return -1;
    }
    LIMIT.setRelease(cur, resource, newCur);
    max[resource] = newMax;
    return 0;
  }

  /** A copy for a forked child: limits are inherited across fork (getrlimit(2)). */
  public synchronized ResourceLimits copy() {
    ResourceLimits c = new ResourceLimits();
    System.arraycopy(cur, 0, c.cur, 0, RLIM_NLIMITS);
    System.arraycopy(max, 0, c.max, 0, RLIM_NLIMITS);
    return c;
  }
}
