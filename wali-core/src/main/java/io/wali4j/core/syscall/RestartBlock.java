package io.wali4j.core.syscall;

/**
 * Linux's restart_block, for the one call here whose arguments cannot carry what is left of its
 * wait: poll(fds, nfds, timeout_ms) interrupted by a signal that ran no handler is made again with
 * the time left to its first deadline (do_restart_poll), not with its whole timeout again. ppoll,
 * pselect6 and select need none: the kernel writes the time left into their timespec or timeval,
 * which the restart reads.
 *
 * <p>poll stores its deadline here just before it returns {@link SignalDelivery#ERESTARTNOHAND};
 * {@link SignalDelivery#afterSyscall} takes it out before any handler can run (a poll in a handler
 * must not find it) and puts it back only when it makes the call again, which then takes it.
 */
final class RestartBlock {

  /** [0] 1 when a deadline is stored, [1] the deadline ({@link System#nanoTime()}). */
  private static final ThreadLocal<long[]> BLOCK = ThreadLocal.withInitial(() -> new long[2]);

  /** No deadline stored (what {@link #take()} returns then). */
  static final long NONE = Long.MIN_VALUE;

  private RestartBlock() {}

  /** Stores the calling thread's deadline, {@link System#nanoTime()} based. */
  static void put(long deadline) {
    long[] b = BLOCK.get();
    b[0] = deadline == NONE ? 0 : 1;
    b[1] = deadline;
  }

  /** Takes the calling thread's stored deadline out, or returns {@link #NONE}. */
  static long take() {
    long[] b = BLOCK.get();
    if (b[0] == 0) {
      return NONE;
    }
    b[0] = 0;
    return b[1];
  }
}
