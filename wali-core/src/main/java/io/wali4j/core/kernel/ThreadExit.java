package io.wali4j.core.kernel;

/**
 * Unwinds the Wasm and host frames of one thread of a multi-threaded process: it called exit(2)
 * while other threads live, or another thread ended the process (exit_group, a trap) and this one
 * stops at its next safe point. The thread ends; the process goes on while others live.
 */
public final class ThreadExit extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public ThreadExit(int status) {
    super("thread exit " + status, null, false, false);
    this.status = status;
  }

  /** The status the thread passed to exit(2). */
  public int status() {
    return status;
  }
}
