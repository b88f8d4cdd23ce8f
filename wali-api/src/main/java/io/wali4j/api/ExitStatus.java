package io.wali4j.api;

/**
 * How a WALI process ended: it exited with a code, or a signal ended it (a trap ends a process as
 * the corresponding signal would: SIGILL, SIGSEGV, SIGFPE).
 */
public record ExitStatus(int code, int signal) {

  public ExitStatus {
    if (signal < 0 || signal > 127) {
      throw new IllegalArgumentException("signal out of range: " + signal);
    }
  }

  /**
   * The process called exit (or returned from main) with {@code code}; only the low 8 bits count.
   */
  public static ExitStatus exited(int code) {
    return new ExitStatus(code & 0xFF, 0);
  }

  /** The process was ended by signal {@code signal}. */
  public static ExitStatus signaled(int signal) {
    return new ExitStatus(0, signal);
  }

  public boolean isSignaled() {
    return signal != 0;
  }

  /** The status a shell reports: the exit code, or 128 + the signal number. */
  public int shellStatus() {
    return isSignaled() ? 128 + signal : code;
  }
}
