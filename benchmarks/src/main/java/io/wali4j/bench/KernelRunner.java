package io.wali4j.bench;

/** One loaded kernel on one tier: calls the module's exported {@code run}. */
@FunctionalInterface
public interface KernelRunner {

  /** Calls {@code run(n)} and returns its checksum. */
  long run(int n);
}
