package io.wali4j.core.kernel;

import java.util.concurrent.CompletableFuture;

/**
 * Starts a process's platform threads (a fork's child, a process's main thread) on a thread that is
 * already running. {@link Thread#start} returns only once the new thread runs, which on a busy
 * machine waits for a scheduler slice of the other core (milliseconds) on the forking thread's
 * path; handing the body to a spare thread parked for it costs a wakeup instead. Each thread that
 * takes a body first starts the next spare, off its starter's path. A spare runs one body and ends:
 * no thread is reused, so no thread-local state crosses from one body to the next. A parked spare
 * is not named like the threads that run WALI threads ("wali-...").
 */
public final class SpareThread {

  private static final Runnable NONE = () -> {};

  /** The spare thread, null while none is parked. */
  private static SpareThread spare;

  private final Thread thread;
  private final CompletableFuture<Runnable> body = new CompletableFuture<>();

  private SpareThread() {
    thread = new Thread(null, this::await, "spare-process-thread", Threads.STACK_BYTES);
    thread.setDaemon(true);
  }

  /**
   * Runs {@code body} on a daemon platform thread of {@link Threads#STACK_BYTES} named {@code name}
   * whose uncaught exceptions go to {@code handler} (null: the default).
   */
  public static void start(String name, Runnable body, Thread.UncaughtExceptionHandler handler) {
    SpareThread s;
    synchronized (SpareThread.class) {
      s = spare;
      spare = null;
    }
    if (s == null) {
      s = new SpareThread();
      s.thread.start();
    }
    s.thread.setName(name);
    s.thread.setUncaughtExceptionHandler(handler);
    s.body.complete(body);
  }

  private void await() {
    Runnable r = body.join();
    if (r == NONE) {
      return;
    }
    try {
      refill();
    } catch (OutOfMemoryError e) {
      // No thread for the next spare (the host's thread limit): the next start makes its own.
    }
    r.run();
  }

  /** Parks a new spare thread unless one is parked already. */
  private static void refill() {
    synchronized (SpareThread.class) {
      if (spare != null) {
        return;
      }
    }
    SpareThread s = new SpareThread();
    s.thread.start();
    synchronized (SpareThread.class) {
      if (spare == null) {
        spare = s;
        return;
      }
    }
    s.body.complete(NONE); // another thread parked one meanwhile: this one ends
  }
}
