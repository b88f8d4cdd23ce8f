package io.wali4j.core;

import io.wali4j.core.kernel.Process;

/**
 * Signals a WALI process from the Java side, as kill(2) from outside it would (si_code SI_USER,
 * sender pid 0): the program's actions, masks and default actions apply, as for any signal, and it
 * is delivered at the process's next safe point even while the program computes without syscalls.
 * Give one to {@link Wali.Builder#control}; a signal sent before the process starts is delivered
 * once it does, one sent after its end is dropped (kill(2) of a reaped process).
 */
public final class ProcessControl {

  private static final int SI_USER = 0;

  private boolean claimed;
  private Process process;
  private long early;
  private boolean ended;

  /**
   * Sends signal {@code sig} (Linux numbering, 1..64: 15 SIGTERM, 9 SIGKILL, 2 SIGINT...).
   *
   * @throws IllegalArgumentException when {@code sig} is not a signal number
   */
  public synchronized void signal(int sig) {
    if (sig < 1 || sig > 64) {
      throw new IllegalArgumentException("no signal " + sig + " (1..64)");
    }
    if (ended) {
      return;
    }
    if (process == null) {
      early |= 1L << (sig - 1);
      return;
    }
    process.signal(sig, SI_USER, 0);
  }

  /**
   * Reserves this control for the run about to start.
   *
   * @throws IllegalStateException when it already controls (or controlled) a process
   */
  synchronized void claim() {
    if (claimed) {
      throw new IllegalStateException("a ProcessControl controls one process");
    }
    claimed = true;
  }

  /** Binds this control to {@code p}, just started, and delivers the signals sent so far. */
  synchronized void started(Process p) {
    process = p;
    for (int sig = 1; early != 0; sig++, early >>>= 1) {
      if ((early & 1) != 0) {
        p.signal(sig, SI_USER, 0);
      }
    }
  }

  /** The process has ended (or never started): later signals go nowhere. */
  synchronized void ended() {
    ended = true;
    process = null;
  }
}
