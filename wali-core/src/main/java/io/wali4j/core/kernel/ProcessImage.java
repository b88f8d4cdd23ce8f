package io.wali4j.core.kernel;

import java.util.List;
import java.util.Map;

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
  int fork(Process parent);

  /**
   * execve(2) of a WALI module: replaces the program of {@code p} by {@code module} (bytes of a
   * binary .wasm) with {@code argv} and {@code env}. Does not return when it succeeds (the calling
   * thread unwinds to the process's runner, which starts the new image).
   *
   * @return {@code -errno} (ENOEXEC for a module that is malformed, invalid or not WALI)
   */
  int exec(Process p, byte[] module, List<String> argv, Map<String, String> env);
}
