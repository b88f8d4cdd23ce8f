package io.wali4j.core.kernel;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The program a process runs, as the syscalls that copy or replace it see it: the runtime
 * implements it over its module, instance and execution tier.
 */
public interface ProcessImage {

  /**
   * fork(2) from inside a syscall of the calling thread: a child process with a copy of the memory,
   * globals, tables and descriptors, whose only thread resumes the calling thread's Wasm frames at
   * the fork call with result 0.
   *
   * @return the child's pid, or {@code -errno}
   */
  default int fork(Process parent) {
    return fork(parent, child -> {});
  }

  /**
   * As {@link #fork(Process)}, with {@code atStart} run on the child's thread, before it resumes
   * the Wasm frames and before any signal is delivered to it (clone's CLONE_CHILD_SETTID and
   * CLONE_CHILD_CLEARTID act there, on the child's memory and main thread).
   */
  int fork(Process parent, Consumer<Process> atStart);

  /**
   * execve(2) of a WALI module: replaces the program of {@code p} by {@code module} (bytes of a
   * binary .wasm) with {@code argv} and {@code env}. Does not return when it succeeds (the calling
   * thread unwinds to the process's runner, which starts the new image).
   *
   * @return {@code -errno} (ENOEXEC for a module that is malformed, invalid or not WALI)
   */
  int exec(Process p, byte[] module, List<String> argv, Map<String, String> env);
}
