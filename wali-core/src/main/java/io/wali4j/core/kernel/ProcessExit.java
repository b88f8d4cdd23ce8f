package io.wali4j.core.kernel;

/**
 * Unwinds the Wasm and host frames of a process that called exit, exit_group or __proc_exit, up to
 * the code that runs the process (never {@code System.exit}: the JVM hosts other processes).
 */
public final class ProcessExit extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public ProcessExit(int status) {
    super("exit " + status, null, false, false);
    this.status = status;
  }

  /** The status the process passed to exit (only the low 8 bits are reported). */
  public int status() {
    return status;
  }
}
