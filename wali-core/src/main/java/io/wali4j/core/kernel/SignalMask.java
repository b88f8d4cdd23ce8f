package io.wali4j.core.kernel;

/**
 * The blocked-signal mask of the calling thread (bit {@code n - 1} for signal {@code n}), as
 * sigsetjmp saves it and siglongjmp restores it. Signal delivery and {@code rt_sigprocmask} are not
 * implemented yet: until they are, this per-thread value is the mask's only home, and they are to
 * build on it.
 */
public final class SignalMask {

  /** SIGKILL and SIGSTOP cannot be blocked (signal(7)). */
  private static final long UNBLOCKABLE = (1L << (9 - 1)) | (1L << (19 - 1));

  private static final ThreadLocal<long[]> BLOCKED = ThreadLocal.withInitial(() -> new long[1]);

  private SignalMask() {}

  /** The calling thread's blocked mask. */
  public static long get() {
    return BLOCKED.get()[0];
  }

  /** Replaces the calling thread's blocked mask; returns the previous one. */
  public static long set(long mask) {
    long[] cell = BLOCKED.get();
    long old = cell[0];
    cell[0] = mask & ~UNBLOCKABLE;
    return old;
  }
}
