package io.wali4j.itests;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The host processes the corpus tests start from this JVM, and the runs that must not overlap their
 * start. A process started from a JVM holds a copy of every descriptor of the JVM from its fork to
 * its exec (close-on-exec ones too), so a WALI program running in this JVM that closes a pipe's
 * write end in that window sees no POLLHUP on the read end, where natively, alone in its process,
 * it would (poll_pipes, once, while a parallel task started gcc). A corpus difference is therefore
 * confirmed by a run during which the tests start no process ({@link #alone}). What the programs
 * themselves start is not covered: that is part of what they do.
 */
final class HostSpawns {

  private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();

  private HostSpawns() {}

  /** {@code pb.start()}, unless a run that must be alone is running: then after it. */
  static Process start(ProcessBuilder pb) throws IOException {
    LOCK.readLock().lock();
    try {
      return pb.start();
    } finally {
      LOCK.readLock().unlock();
    }
  }

  /** What {@link #alone} runs. */
  @FunctionalInterface
  interface Run<T> {
    T run() throws IOException, InterruptedException;
  }

  /** Runs {@code run} while no {@link #start} is in progress or begins. */
  static <T> T alone(Run<T> run) throws IOException, InterruptedException {
    LOCK.writeLock().lock();
    try {
      return run.run();
    } finally {
      LOCK.writeLock().unlock();
    }
  }
}
