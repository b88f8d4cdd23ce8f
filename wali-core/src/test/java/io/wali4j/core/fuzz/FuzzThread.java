package io.wali4j.core.fuzz;

import io.wali4j.core.interp.ThreadState;

/**
 * The bounds fuzz targets run under, for targets outside this module too (the compiler's
 * differential target): a stack of a given size for the calling thread, and its fuel.
 */
public final class FuzzThread {

  private FuzzThread() {}

  /** Runs {@code body} with a Wasm stack of {@code slots} values and {@code frames} frames. */
  public static void run(int slots, int frames, Runnable body) {
    ThreadState previous = ThreadState.bind(new ThreadState(slots, frames));
    try {
      body.run();
    } finally {
      ThreadState.bind(previous);
    }
  }

  /** Sets the fuel metered code on this thread may still spend. */
  public static void fuel(long units) {
    ThreadState.current().fuel(units);
  }

  /** The fuel left on this thread. */
  public static long fuel() {
    return ThreadState.current().fuel();
  }
}
