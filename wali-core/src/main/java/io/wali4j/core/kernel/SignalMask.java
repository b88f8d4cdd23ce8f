package io.wali4j.core.kernel;

/**
 * The blocked-signal mask of the calling thread (bit {@code n - 1} for signal {@code n}), as
 * rt_sigprocmask sets it, signal delivery consults it, sigsetjmp saves it and siglongjmp restores
 * it. A mask set temporarily (rt_sigsuspend, and ppoll, pselect6, epoll_pwait with a sigmask) is
 * restored once the signals it let in were delivered: the first handler runs with it as its base
 * and the original comes back when that handler returns (Linux's saved_sigmask, sigmask_to_save).
 */
public final class SignalMask {

  /** SIGKILL and SIGSTOP cannot be blocked (signal(7)). */
  public static final long UNBLOCKABLE = (1L << (9 - 1)) | (1L << (19 - 1));

  /** [0] the mask, [1] the mask to restore after delivery, [2] 1 when [1] is set. */
  private static final ThreadLocal<long[]> BLOCKED = ThreadLocal.withInitial(() -> new long[3]);

  private SignalMask() {}

  /** The calling thread's cell, for its WALI thread to read the mask from another thread. */
  static long[] cell() {
    return BLOCKED.get();
  }

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

  /**
   * Sets {@code mask} until {@link #restoreTemporary()} or {@link #takeTemporary()} (rt_sigsuspend,
   * the sigmask of ppoll, pselect6, epoll_pwait); returns the old mask.
   */
  public static long setTemporary(long mask) {
    long[] cell = BLOCKED.get();
    long old = cell[0];
    cell[1] = old;
    cell[2] = 1;
    cell[0] = mask & ~UNBLOCKABLE;
    return old;
  }

  /** What {@link #takeTemporary()} returns when no temporary mask is set (never a stored mask). */
  public static final long NO_TEMPORARY = -1L;

  /**
   * Takes over the restoring of a temporary mask (signal delivery, which puts it back once the
   * handlers it let in ran, as Linux's restore_saved_sigmask): returns the mask {@link
   * #setTemporary} replaced, which nothing else restores from now on, or {@link #NO_TEMPORARY}.
   */
  public static long takeTemporary() {
    long[] cell = BLOCKED.get();
    if (cell[2] == 0) {
      return NO_TEMPORARY;
    }
    cell[2] = 0;
    return cell[1];
  }

  /** Puts back the mask a {@link #setTemporary} replaced, if any. */
  public static void restoreTemporary() {
    long[] cell = BLOCKED.get();
    if (cell[2] != 0) {
      cell[0] = cell[1];
      cell[2] = 0;
    }
  }
}
