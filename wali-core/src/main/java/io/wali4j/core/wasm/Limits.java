package io.wali4j.core.wasm;

/**
 * Limits of a table or memory (spec 2.3.6): a minimum, an optional maximum ({@link #NO_MAX} when
 * absent) and, for memories of the threads proposal, the shared flag.
 */
public record Limits(long min, long max, boolean shared) {

  public static final long NO_MAX = -1;

  public boolean hasMax() {
    return max != NO_MAX;
  }
}
