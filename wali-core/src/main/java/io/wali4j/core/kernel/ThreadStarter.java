package io.wali4j.core.kernel;

/**
 * How a process makes the Wasm side of a new thread (wali-abi.md section B, {@code
 * __wasm_thread_spawn}): a new instance of its module over its memory, whose table 0 entry {@code
 * fn} is called with {@code (tid, arg)}. Supplied by the code that runs the process.
 */
@FunctionalInterface
public interface ThreadStarter {

  /**
   * Prepares thread {@code tid} in the calling thread; the result runs it on the new thread.
   *
   * @throws IllegalArgumentException when table 0 has no {@code (i32, i32) -> ()} function at
   *     {@code fn}
   */
  Runnable prepare(int fn, int tid, int arg);
}
