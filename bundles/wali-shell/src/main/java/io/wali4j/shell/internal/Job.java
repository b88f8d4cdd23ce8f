package io.wali4j.shell.internal;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.ProcessControl;
import java.util.concurrent.CompletableFuture;

/** A WALI process started from the shell: its number, command line, state and end. */
final class Job {

  private final int pid;
  private final String command;
  private final ProcessControl control;
  private final StdioPipes stdio;
  private final CompletableFuture<ExitStatus> end = new CompletableFuture<>();
  private volatile boolean killed;

  Job(int pid, String command, ProcessControl control, StdioPipes stdio) {
    this.pid = pid;
    this.command = command;
    this.control = control;
    this.stdio = stdio;
  }

  int pid() {
    return pid;
  }

  String command() {
    return command;
  }

  StdioPipes stdio() {
    return stdio;
  }

  CompletableFuture<ExitStatus> end() {
    return end;
  }

  boolean running() {
    return !end.isDone();
  }

  /**
   * {@code R} running, {@code K} sent a signal whose default action ends a process (by {@code
   * wali:kill} or Ctrl-C) and not ended yet: it handles, blocks or has not yet taken that signal.
   */
  String state() {
    if (!running()) {
      return "Z";
    }
    return killed ? "K" : "R";
  }

  /**
   * Sends {@code signal} to the process as kill(2) would (0 sends nothing); one that ends it by
   * default also closes its stdin, so that a read of the session's input does not hold it.
   */
  void kill(int signal) {
    if (signal == 0) {
      return;
    }
    control.signal(signal);
    if (Signals.endsProcess(signal)) {
      killed = true;
      stdio.closeStdin();
    }
  }

  void ended(ExitStatus status) {
    end.complete(status);
  }
}
