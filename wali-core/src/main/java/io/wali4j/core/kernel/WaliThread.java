package io.wali4j.core.kernel;

/**
 * One thread of a WALI process: its virtual tid, the Java platform thread that runs it, the address
 * set_tid_address recorded (cleared and woken when the thread exits) and its own scratch buffer.
 *
 * <p>{@link #interrupt()} is the thread's wake-up hook: a futex wait in progress (or the next one)
 * returns EINTR, and the thread stops at its next syscall when the process is ending. Signal
 * delivery marks a signal pending for the thread and then interrupts it.
 */
public final class WaliThread {

  private static final ThreadLocal<WaliThread> CURRENT = new ThreadLocal<>();

  private final Process process;
  private final int tid;
  private final Scratch scratch;
  private volatile Thread javaThread;
  private volatile int clearChildTid;

  WaliThread(Process process, int tid, Scratch scratch) {
    this.process = process;
    this.tid = tid;
    this.scratch = scratch;
  }

  /** The WALI thread the calling Java thread runs, or null. */
  public static WaliThread current() {
    return CURRENT.get();
  }

  /** Makes {@code t} the calling Java thread's WALI thread; returns the previous one. */
  static WaliThread bind(WaliThread t) {
    WaliThread old = CURRENT.get();
    CURRENT.set(t);
    return old;
  }

  public Process process() {
    return process;
  }

  public int tid() {
    return tid;
  }

  /** This thread's scratch buffer, or null for the main thread (it uses the process's). */
  Scratch scratch() {
    return scratch;
  }

  void javaThread(Thread t) {
    javaThread = t;
  }

  /** The Java thread running this WALI thread (null before it starts). */
  public Thread javaThread() {
    return javaThread;
  }

  /** The Wasm address of the tid word cleared and woken at exit (set_tid_address), or 0. */
  public int clearChildTid() {
    return clearChildTid;
  }

  public void clearChildTid(int address) {
    clearChildTid = address;
  }

  /** Wakes this thread from a futex wait (EINTR), now or at its next wait. */
  public void interrupt() {
    Thread t = javaThread;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public String toString() {
    return "thread " + tid + " of process " + process.pid();
  }
}
