package io.wali4j.shell.internal;

/**
 * Unwinds a WALI process that {@code wali:kill} ended, from the syscall where the kill was noticed
 * up to the job's thread, which records the process as ended by the signal.
 */
final class Killed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int signal;

  Killed(int signal) {
    super("killed by signal " + signal, null, false, false);
    this.signal = signal;
  }

  int signal() {
    return signal;
  }
}
