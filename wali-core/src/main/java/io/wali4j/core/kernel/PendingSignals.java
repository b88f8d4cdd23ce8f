package io.wali4j.core.kernel;

import java.util.ArrayDeque;

/**
 * One set of pending signals with what each was sent with (signal(7)): Linux keeps one per process
 * (process-directed: kill, a timer) and one per thread (thread-directed: tkill, tgkill, a fault of
 * that thread). A standard signal is pending at most once, with what the first one sent was sent
 * with (a second is dropped, as Linux's legacy_queue does); a real-time signal queues, each
 * instance with its own si_code, sender and value. Not thread-safe: {@link Signals} guards every
 * set of a process with its lock.
 */
final class PendingSignals {

  /** Bit {@code n - 1} for pending signal {@code n}; read without the lock as a fast check. */
  volatile long bits;

  /** What each pending standard signal was sent with. */
  private final Signals.Taken[] standard = new Signals.Taken[Signals.SIGRTMIN];

  /** The queued instances of each real-time signal, oldest first (null until the first). */
  @SuppressWarnings("unchecked")
  private final ArrayDeque<Signals.Taken>[] queued = new ArrayDeque[Signals.NSIG + 1];

  /** Adds one instance of {@code sig}, sent as {@code info} says. */
  void add(Signals.Taken info) {
    int sig = info.sig();
    if (sig >= Signals.SIGRTMIN) {
      if (queued[sig] == null) {
        queued[sig] = new ArrayDeque<>();
      }
      queued[sig].add(info);
    } else if ((bits & Signals.bit(sig)) == 0) {
      standard[sig] = info;
    }
    bits |= Signals.bit(sig);
  }

  /** Forgets every pending instance of the signals in {@code set}. */
  void discard(long set) {
    if ((bits & set) == 0) {
      return;
    }
    for (long r = bits & set; r != 0; r &= r - 1) {
      int sig = Long.numberOfTrailingZeros(r) + 1;
      if (sig >= Signals.SIGRTMIN) {
        queued[sig].clear();
      } else {
        standard[sig] = null;
      }
    }
    bits &= ~set;
  }

  /** Takes one instance of pending {@code sig}: the oldest of a real-time signal. */
  Signals.Taken take(int sig) {
    Signals.Taken t;
    if (sig >= Signals.SIGRTMIN) {
      t = queued[sig].poll();
      if (queued[sig].isEmpty()) {
        bits &= ~Signals.bit(sig);
      }
    } else {
      t = standard[sig];
      standard[sig] = null;
      bits &= ~Signals.bit(sig);
    }
    return t;
  }
}
