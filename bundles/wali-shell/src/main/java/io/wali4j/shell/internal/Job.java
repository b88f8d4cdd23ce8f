package io.wali4j.shell.internal;

import io.wali4j.api.ExitStatus;
import java.util.concurrent.CompletableFuture;

/** A WALI process started from the shell: its number, command line, state and end. */
final class Job {

  private final int pid;
  private final String command;
  private final KillSwitch killSwitch;
  private final StdioPipes stdio;
  private final CompletableFuture<ExitStatus> end = new CompletableFuture<>();
  private volatile int killedBy;

  Job(int pid, String command, KillSwitch killSwitch, StdioPipes stdio) {
    this.pid = pid;
    this.command = command;
    this.killSwitch = killSwitch;
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

  /** {@code R} running, {@code K} killed and ending at its next syscall (ps(1)'s letters). */
  String state() {
    if (!running()) {
      return "Z";
    }
    return killedBy != 0 ? "K" : "R";
  }

  /** Ends the process with {@code signal} at its next syscall. */
  void kill(int signal) {
    killedBy = signal;
    killSwitch.kill(signal);
    stdio.closeStdin();
  }

  void ended(ExitStatus status) {
    end.complete(status);
  }
}
