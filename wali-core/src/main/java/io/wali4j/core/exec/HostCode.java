package io.wali4j.core.exec;

/** The body of a host function. */
@FunctionalInterface
public interface HostCode {

  /**
   * Runs the host function. The arguments are {@code stack[base .. base + params)}; the results are
   * written to {@code stack[base ...]}. {@code caller} is the instance whose code made the call
   * (its memory is the one pointers refer to), or null when called from the host.
   */
  void call(Instance caller, long[] stack, int base);
}
