package io.wali4j.core.kernel;

/**
 * A host eventfd that a signal makes readable, so that a thread waiting in a host poll next to it
 * (see the syscall package's BlockingIo) wakes up for the signal. Each thread has its own (a signal
 * directed at one thread wakes that thread, and another thread's drain cannot swallow its wake-up);
 * the process has one more for callers that are not its threads. It owns the eventfd and the 8
 * bytes of native memory that reading and writing its counter go through.
 *
 * <p>Anyone may post at any moment, the process's or thread's end included: a child that exits as
 * its parent ends sends it SIGCHLD, another process or the host sends a kill. So the descriptor and
 * the buffer are touched only under this object's lock and only while it is open: a post that read
 * the descriptor before a concurrent close and wrote afterwards would store into freed malloc
 * memory (glibc then aborts the JVM: "malloc_consolidate(): unaligned fastbin chunk detected") and
 * write to a number the host may have given to another file already. After {@link #close} every
 * call is a no-op and {@link #fd} is -1: nothing is reopened.
 */
final class WakeEvent {

  private static final int EFD_CLOEXEC = 0x80000;
  private static final int EFD_NONBLOCK = 0x800;
  private static final int COUNTER_BYTES = 8;

  private final Host host;

  /** The eventfd, or -1 before the first {@link #fd} and after {@link #close}. */
  private int fd = -1;

  /** Native memory for the counter, allocated with the eventfd and freed with it. */
  private long counter;

  private boolean closed;

  /** Set by {@link #wakeForGood}: drains no longer empty the eventfd. */
  private boolean forGood;

  WakeEvent(Host host) {
    this.host = host;
  }

  /**
   * The eventfd, opened on first use (non-blocking, close-on-exec); -1 when the host has none or
   * after {@link #close}.
   */
  synchronized int fd() {
    if (fd < 0 && !closed) {
      long r = host.trap().syscall2(host.nr().eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK);
      if (r >= 0) {
        counter = NativeAccess.U.allocateMemory(COUNTER_BYTES);
        fd = (int) r;
        if (forGood) {
          post(); // opened after the process began to end: its first poll must not wait either
        }
      }
    }
    return fd;
  }

  /** Makes the eventfd readable, when it is open. */
  synchronized void post() {
    if (fd >= 0) {
      NativeAccess.U.putLong(counter, 1);
      host.trap().syscall3(host.nr().write, fd, counter, COUNTER_BYTES);
    }
  }

  /**
   * Makes the eventfd readable for good: the process is ending and every thread waiting on it must
   * wake, however many there are, so a thread that wakes first must not empty it for the others.
   */
  synchronized void wakeForGood() {
    forGood = true;
    post();
  }

  /** Empties the eventfd after it woke a poll, when it is open (and not woken for good). */
  synchronized void drain() {
    if (fd >= 0 && !forGood) {
      host.trap().syscall3(host.nr().read, fd, counter, COUNTER_BYTES);
    }
  }

  /** Closes the eventfd and frees its buffer, once; later calls do nothing. */
  synchronized void close() {
    closed = true;
    if (fd >= 0) {
      host.trap().syscall1(host.nr().close, fd);
      fd = -1;
      NativeAccess.U.freeMemory(counter);
      counter = 0;
    }
  }
}
