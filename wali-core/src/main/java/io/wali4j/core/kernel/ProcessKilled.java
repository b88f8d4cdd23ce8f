package io.wali4j.core.kernel;

/**
 * Unwinds the Wasm and host frames of a process that a signal's default action terminates, up to
 * the code that runs the process, which reports it as killed by that signal.
 */
public final class ProcessKilled extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int signal;

  public ProcessKilled(int signal) {
    super("killed by signal " + signal, null, false, false);
    this.signal = signal;
  }

  public int signal() {
    return signal;
  }
}
