package io.wali4j.core.kernel;

import io.wali4j.core.exec.SafePoint;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One thread of a WALI process: its virtual tid, the Java platform thread that runs it, the address
 * set_tid_address recorded (cleared and woken when the thread exits), its name and its own scratch
 * buffer.
 *
 * <p>{@link #interrupt()} is the thread's wake-up hook: a futex wait in progress (or the next one)
 * returns EINTR, and the thread stops at its next syscall when the process is ending. Signal
 * delivery marks a signal pending for the thread and then interrupts it. {@link
 * #requestSafePoint()} stops it in pure Wasm: at its next branch or call.
 */
public final class WaliThread {

  /** The longest thread name, in bytes (TASK_COMM_LEN 16, NUL included). */
  public static final int NAME_MAX = 15;

  private static final ThreadLocal<WaliThread> CURRENT = new ThreadLocal<>();

  private final Process process;
  private final int tid;
  private final Scratch scratch;
  private volatile Thread javaThread;
  private volatile int clearChildTid;
  private volatile int robustList;

  /** The scheduling policy and nice value (sched_setscheduler, setpriority). */
  private volatile Sched sched = Sched.DEFAULT;

  private volatile byte[] name;

  /** The safe point of the Java thread bound to this WALI thread (null before it starts). */
  private volatile SafePoint safePoint;

  /**
   * The blocked-mask cell of the Java thread bound to this WALI thread (see {@link SignalMask}).
   */
  private volatile long[] blocked;

  /** The signals sent to this thread alone; guarded by the process's {@link Signals}. */
  private final PendingSignals pending = new PendingSignals();

  private final WakeEvent wake;

  private final AltStack altStack = new AltStack();

  /** The host thread id of the Java thread running it (0 before it starts). */
  private volatile int hostTid;

  /**
   * The number of the interruptible host call this thread is in, 0 when it is in none: written by
   * this thread only, read by senders (see {@link HostInterrupt}).
   */
  private volatile long hostCall;

  /** How many interruptible host calls this thread entered (this thread only). */
  private long hostCalls;

  private static final VarHandle HOST_CALL;

  static {
    try {
      HOST_CALL = MethodHandles.lookup().findVarHandle(WaliThread.class, "hostCall", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Set once the thread has ended; guarded by this object. */
  private boolean ended;

  /** Whether the thread waits in a futex now (a signal for it then interrupts the wait). */
  private boolean inFutexWait;

  /**
   * Whether the thread waits in {@link Signals#sleep} (sigsuspend, pause, nanosleep), and whether
   * {@link Threads#alert} chose it to take a process's signal that arrived meanwhile.
   */
  private volatile boolean inSignalSleep;

  private volatile boolean chosenForSignal;

  /** Whether a signal interrupted the futex wait (guarded by this object, as the flag above). */
  private boolean interruptedForSignal;

  WaliThread(Process process, int tid, Scratch scratch, byte[] name) {
    this.process = process;
    this.tid = tid;
    this.scratch = scratch;
    this.name = name;
    this.wake = new WakeEvent(process.host());
  }

  /** The WALI thread the calling Java thread runs, or null. */
  public static WaliThread current() {
    return CURRENT.get();
  }

  /** Makes {@code t} the calling Java thread's WALI thread; returns the previous one. */
  static WaliThread bind(WaliThread t) {
    WaliThread old = CURRENT.get();
    CURRENT.set(t);
    if (t != null) {
      t.safePoint = SafePoint.current();
      t.blocked = SignalMask.cell();
      Host h = t.process.host();
      t.hostTid = (int) h.trap().syscall0(h.nr().gettid);
    }
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

  /** The Wasm address of the thread's robust futex list head (set_robust_list), or 0. */
  public int robustList() {
    return robustList;
  }

  public void robustList(int head) {
    robustList = head;
  }

  /** The thread's scheduling attributes, virtual ({@link Sched}). */
  public Sched sched() {
    return sched;
  }

  public void sched(Sched s) {
    sched = s;
  }

  /** The thread's name (prctl PR_SET_NAME): at most 15 bytes, without the NUL. */
  public byte[] name() {
    return name.clone();
  }

  /** Renames the thread; {@code n} is cut to 15 bytes, as Linux cuts a task's comm. */
  public void name(byte[] n) {
    name = Arrays.copyOf(n, Math.min(n.length, NAME_MAX));
  }

  /** Wakes this thread from a futex wait (EINTR), now or at its next wait. */
  public void interrupt() {
    Thread t = javaThread;
    if (t != null) {
      t.interrupt();
    }
  }

  /**
   * Asks this thread to stop at its next safe point: Wasm running without syscalls then looks at
   * its process's pending signals and whether the process is ending.
   */
  public synchronized void requestSafePoint() {
    SafePoint sp = safePoint;
    if (sp != null && !ended) {
      sp.request();
    }
  }

  /**
   * The thread has ended: its safe-point request, if any, will not be reached, and later ones are
   * not made (each one outstanding makes every compiled call look at its thread's flag).
   */
  synchronized void retire() {
    ended = true;
    SafePoint sp = safePoint;
    if (sp != null) {
      sp.cancel();
    }
  }

  /** The host thread id of the Java thread running this thread, or 0 before it started. */
  int hostTid() {
    return hostTid;
  }

  /** This thread's alternate signal stack (sigaltstack); only this thread uses it. */
  public AltStack altStack() {
    return altStack;
  }

  PendingSignals pendingSignals() {
    return pending;
  }

  WakeEvent wakeEvent() {
    return wake;
  }

  /** Whether this thread blocks {@code sig} now (read from another thread: a recent value). */
  public boolean blocks(int sig) {
    long[] cell = blocked;
    return cell != null && (cell[0] & Signals.bit(sig) & ~SignalMask.UNBLOCKABLE) != 0;
  }

  /**
   * The calling thread (this one) enters a futex wait: a signal sent to it from now on interrupts
   * the wait; one sent before is seen by the caller's check of the pending signals after this, so
   * none is lost.
   */
  public synchronized void enterFutexWait() {
    inFutexWait = true;
  }

  /**
   * The calling thread leaves its futex wait. An interrupt a signal sent that the wait did not
   * consume (the wait ended by itself first) is cleared, so that it cannot cut a later wait short;
   * one the ending of the process needs is kept.
   */
  public synchronized void leaveFutexWait() {
    inFutexWait = false;
    if (interruptedForSignal) {
      interruptedForSignal = false;
      Thread.interrupted();
      if (process.threads().exiting()) {
        Thread.currentThread().interrupt();
      }
    }
  }

  synchronized boolean inFutexWait() {
    return inFutexWait;
  }

  /** The calling thread (this one) starts a {@link Signals#sleep}; nothing chose it yet. */
  void enterSignalSleep() {
    chosenForSignal = false;
    inSignalSleep = true;
  }

  void leaveSignalSleep() {
    inSignalSleep = false;
    chosenForSignal = false;
  }

  boolean inSignalSleep() {
    return inSignalSleep;
  }

  boolean chosenForSignal() {
    return chosenForSignal;
  }

  /** Chosen to take a process's signal: a {@link Signals#sleep} in progress ends for it. */
  void chooseForSignal() {
    if (inSignalSleep) {
      chosenForSignal = true;
      process.signals().wake();
    }
  }

  /** Interrupts this thread's futex wait, if it is in one. */
  synchronized void interruptFutexWait() {
    if (inFutexWait && !interruptedForSignal) {
      interruptedForSignal = true;
      interrupt();
    }
  }

  /**
   * The calling thread (this one) is about to make a host call that may block, interruptible by
   * {@link HostInterrupt}: after this it must look at its pending signals and whether its process
   * ends, and not make the call if either says so; a signal sent after that look ends the call.
   * {@link #leaveHostCall} must follow, whatever happens.
   */
  public void enterHostCall() {
    if (process.host().interrupt().fenceFreeEntry()) {
      // A plain store the compiler keeps before the look that follows (the fence is a C2 memory
      // barrier and no instruction on x86); senders fence for the CPU (HostInterrupt).
      HOST_CALL.setRelease(this, ++hostCalls);
      VarHandle.releaseFence();
    } else {
      hostCall = ++hostCalls; // a volatile write: ordered before the look that follows
    }
  }

  /** The calling thread (this one) left its interruptible host call. */
  public void leaveHostCall() {
    HOST_CALL.setRelease(this, 0L);
  }

  /** The number of the interruptible host call this thread is in, or 0. */
  long hostCall() {
    return hostCall;
  }

  /**
   * Whether this thread is in an interruptible host call now, asked by a sender after it made a
   * signal pending or the process ending: when the thread's entry is fence-free, a "no" is only
   * given after a barrier on every running thread makes an entry made before it visible.
   */
  boolean inHostCall() {
    if (hostCall != 0) {
      return true;
    }
    HostInterrupt hi = process.host().interrupt();
    if (!hi.fenceFreeEntry()) {
      return false;
    }
    hi.fenceWithThreads();
    return hostCall != 0;
  }

  /**
   * Ends the interruptible host call this thread is in, if any, unless it blocks {@code sig} (0:
   * whatever it blocks, the process is ending). The call is read before the mask: a mask the thread
   * changed before entering the call is then seen.
   */
  void interruptHostCall(int sig) {
    if (inHostCall() && (sig == 0 || !blocks(sig))) {
      process.host().interrupt().interrupt(this);
    }
  }

  /**
   * A signal {@code sig} became pending for this thread: it stops at its next safe point, a
   * blocking host call of it wakes, and a futex wait of it ends (EINTR) unless it blocks the
   * signal.
   */
  void alert(int sig) {
    requestSafePoint();
    wake.post();
    interruptHostCall(sig);
    if (!blocks(sig)) {
      interruptFutexWait();
    }
  }

  @Override
  public String toString() {
    return "thread " + tid + " of process " + process.pid();
  }
}
