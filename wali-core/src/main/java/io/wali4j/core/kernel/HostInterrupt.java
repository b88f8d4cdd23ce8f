package io.wali4j.core.kernel;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The host signal that ends a WALI thread's blocking host call (a read, write, accept, send or
 * receive on a pipe or socket) when a WALI signal or the end of its process needs the thread: a
 * real-time signal the JVM does not use ({@link #SIGNAL}), whose handler, installed once by the
 * trap, is native code that does nothing and has no SA_RESTART, so the call returns EINTR (or the
 * count it moved so far). The signal goes to one thread with tgkill; no other thread sees it.
 *
 * <p>The race between a thread's last look at its pending signals and its entry into the kernel is
 * closed on both sides. The thread first publishes that it is in a call ({@link
 * WaliThread#enterHostCall}, a volatile write), then reads whether a signal is pending or its
 * process ending (volatile reads); a sender first makes the signal pending (or the process ending,
 * volatile writes), then reads whether the thread is in a call. In the Java memory model's single
 * order of volatile accesses one of the two reads sees the other side's write: either the thread
 * sees the signal and does not make the call, or the sender sees the call and {@link #interrupt}s
 * it. A signal that arrives while the thread is still in user mode before the call only runs the
 * empty handler, so the sender sends again, pausing a little longer each time, until the thread has
 * left that call (its number changes): once the thread waits in the kernel, the next signal ends
 * the wait. The sender stops after {@link #GIVE_UP_NANOS} (a call that no signal can end, such as a
 * read of a hard-mounted NFS file, ends by itself).
 *
 * <p>Where the host has membarrier(2) (Linux 4.14), the fence moves to the rare side: the thread's
 * publication is a plain store, kept before its reads only by the compiler ({@link
 * WaliThread#enterHostCall}), so its CPU may still let the reads pass the store; a sender that
 * finds the thread not in a call first makes every running thread of the JVM execute a full memory
 * barrier ({@link #fenceWithThreads}, MEMBARRIER_CMD_PRIVATE_EXPEDITED) and reads again. After that
 * barrier either the thread's store is visible to the sender, or the thread had not made it yet and
 * its reads, which follow, see the sender's signal. A blocking call then costs no fence instruction
 * (about 5-10 ns a call here).
 *
 * <p>A signal that reaches a thread outside such a call (the thread left it just before the send,
 * or another process sent it to the JVM) ends whatever interruptible host call that thread makes at
 * that moment with EINTR; the runtime's own calls restart then, and the JDK's retry on EINTR.
 */
public final class HostInterrupt {

  /**
   * The host signal: glibc's SIGRTMIN + 6 (glibc takes 32 and 33, the JDK's NIO uses SIGRTMAX - 2
   * for the same purpose, HotSpot no real-time signal). Property {@code
   * wali4j.hostInterruptSignal}; 0 turns the mechanism off, and blocking calls then poll first.
   */
  public static final int SIGNAL = Integer.getInteger("wali4j.hostInterruptSignal", 40);

  /** How long a sender keeps sending to a thread that does not leave its call. */
  static final long GIVE_UP_NANOS = 2_000_000_000L;

  /** How often a sender looks, spinning, whether the thread left, before it pauses. */
  private static final int SPINS = 200;

  private static final long FIRST_PAUSE_NANOS = 20_000;
  private static final long MAX_PAUSE_NANOS = 5_000_000;

  private final Host host;

  /** 0 before the first {@link #available}, 1 when the handler is in place, -1 when not. */
  private volatile int state;

  /** Whether senders fence with membarrier (written before {@link #state} publishes it). */
  private boolean membarrier;

  private static final int MEMBARRIER_CMD_PRIVATE_EXPEDITED = 8;
  private static final int MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 16;

  /** Property {@code wali4j.hostInterruptMembarrier=false} keeps the fence on the thread's side. */
  private static final boolean USE_MEMBARRIER =
      !"false".equals(System.getProperty("wali4j.hostInterruptMembarrier"));

  private int hostPid;

  /** Signals sent again because an earlier one did not end the call (diagnostics, tests). */
  private final AtomicLong resends = new AtomicLong();

  HostInterrupt(Host host) {
    this.host = host;
  }

  /**
   * Whether blocking host calls can be interrupted this way: the handler is installed on the first
   * question; false when the signal is turned off, taken by someone else, or the trap or the host
   * cannot (the calls then poll first).
   */
  public boolean available() {
    int s = state;
    return s != 0 ? s > 0 : install();
  }

  private synchronized boolean install() {
    if (state == 0) {
      boolean ok =
          SIGNAL > 0
              && host.nr().tgkill >= 0
              && host.nr().getpid >= 0
              && host.trap().installInterruptHandler(SIGNAL) == 0;
      if (ok) {
        hostPid = (int) host.trap().syscall0(host.nr().getpid);
        membarrier =
            USE_MEMBARRIER
                && host.nr().membarrier >= 0
                && host.trap()
                        .syscall3(
                            host.nr().membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0)
                    == 0;
      }
      state = ok ? 1 : -1;
    }
    return state > 0;
  }

  /**
   * Whether a thread entering an interruptible call may publish it without a fence, because senders
   * fence for it ({@link #fenceWithThreads}); false before the mechanism is in place.
   */
  boolean fenceFreeEntry() {
    return state > 0 && membarrier;
  }

  /**
   * A full memory barrier on every running thread of the JVM (membarrier(2)): a thread's plain
   * store made before it is visible to the caller afterwards. Only when {@link #fenceFreeEntry}.
   */
  void fenceWithThreads() {
    host.trap().syscall3(host.nr().membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
  }

  /** How many signals were sent again because an earlier one did not end the call. */
  public long resends() {
    return resends.get();
  }

  /**
   * Ends the host call {@code t} is in, if it is in one (see the class comment): sends the signal
   * until the thread has left that call, or gives up after {@link #GIVE_UP_NANOS}.
   */
  void interrupt(WaliThread t) {
    long call = t.hostCall();
    int tid = t.hostTid();
    if (call == 0 || tid <= 0 || state <= 0) {
      return;
    }
    long pause = FIRST_PAUSE_NANOS;
    long start = System.nanoTime();
    for (int sent = 0; ; sent++) {
      if (sent > 0) {
        resends.incrementAndGet();
      }
      host.trap().syscall3(host.nr().tgkill, hostPid, tid, SIGNAL);
      for (int i = 0; i < SPINS; i++) {
        if (t.hostCall() != call) {
          return;
        }
        Thread.onSpinWait();
      }
      if (System.nanoTime() - start > GIVE_UP_NANOS) {
        return;
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(2 * pause, MAX_PAUSE_NANOS);
      if (t.hostCall() != call) {
        return;
      }
    }
  }
}
