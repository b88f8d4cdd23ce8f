package io.wali4j.core.kernel;

/**
 * One set of pending signals with what each was sent with (signal(7)): Linux keeps one per process
 * (process-directed: kill, a timer) and one per thread (thread-directed: tkill, tgkill, a fault of
 * that thread). A standard signal is pending at most once; a real-time signal queues. Not
 * thread-safe: {@link Signals} guards every set of a process with its lock.
 */
final class PendingSignals {

  /** Bit {@code n - 1} for pending signal {@code n}; read without the lock as a fast check. */
  volatile long bits;

  /** The si_code each pending signal was sent with (SI_USER, SI_TKILL, SI_KERNEL...). */
  private final int[] codes = new int[Signals.NSIG + 1];

  private final int[] senders = new int[Signals.NSIG + 1];

  /**
   * SIGCHLD's si_status: the child's exit code, or the signal that ended, stopped or continued it.
   */
  private final int[] statuses = new int[Signals.NSIG + 1];

  /** How many instances of each real-time signal are queued. */
  private final int[] queued = new int[Signals.NSIG + 1];

  void add(int sig, int code, int sender, int status) {
    if (sig >= Signals.SIGRTMIN) {
      // Real-time signals queue: each one sent is delivered (signal(7)).
      queued[sig]++;
    }
    codes[sig] = code;
    senders[sig] = sender;
    statuses[sig] = status;
    bits |= Signals.bit(sig);
  }

  /** Forgets every pending instance of the signals in {@code set}. */
  void discard(long set) {
    if ((bits & set) == 0) {
      return;
    }
    for (long r = bits & set; r != 0; r &= r - 1) {
      queued[Long.numberOfTrailingZeros(r) + 1] = 0;
    }
    bits &= ~set;
  }

  /** Takes one instance of pending {@code sig}. */
  Signals.Taken take(int sig) {
    if (sig < Signals.SIGRTMIN || --queued[sig] <= 0) {
      queued[sig] = 0;
      bits &= ~Signals.bit(sig);
    }
    return new Signals.Taken(sig, codes[sig], senders[sig], statuses[sig]);
  }
}
