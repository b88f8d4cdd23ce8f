package io.wali4j.core.kernel;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The signal state of one process (signal(7)): the disposition of each signal (a table-0 handler
 * index, SIG_DFL or SIG_IGN, with its sa_mask and sa_flags), the pending signals, and where its
 * blocked threads wait so that a new signal wakes them. As in Linux, a signal is pending either for
 * the process (kill, a timer: any thread that does not block it takes it) or for one thread (tkill,
 * tgkill, a fault of that thread: only that thread takes it, in its own {@link PendingSignals}); a
 * thread sees the union of both. The blocked mask is per thread ({@link SignalMask}). Signals are
 * generated with {@link #post}, taken by a thread at its next safe point ({@link #take}).
 */
public final class Signals {

  public static final int NSIG = 64;

  public static final int SIGHUP = 1;
  public static final int SIGINT = 2;
  public static final int SIGKILL = 9;
  public static final int SIGPIPE = 13;
  public static final int SIGALRM = 14;
  public static final int SIGTERM = 15;
  public static final int SIGCHLD = 17;
  public static final int SIGCONT = 18;
  public static final int SIGSTOP = 19;
  public static final int SIGTSTP = 20;
  public static final int SIGTTIN = 21;
  public static final int SIGTTOU = 22;
  public static final int SIGURG = 23;
  public static final int SIGWINCH = 28;

  public static final int SIG_DFL = 0;
  public static final int SIG_IGN = 1;

  public static final int SA_NOCLDSTOP = 1;
  public static final int SA_NOCLDWAIT = 2;
  public static final int SA_SIGINFO = 4;
  public static final int SA_RESTART = 0x10000000;
  public static final int SA_NODEFER = 0x40000000;
  public static final int SA_RESETHAND = 0x80000000;

  private static final long STOP_SIGNALS =
      bit(SIGSTOP) | bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU);
  private static final long IGNORED_BY_DEFAULT =
      bit(SIGCHLD) | bit(SIGCONT) | bit(SIGURG) | bit(SIGWINCH);

  /** What a signal does: its handler (or SIG_DFL / SIG_IGN), sa_mask and sa_flags. */
  public record Action(int handler, long mask, int flags, int restorer) {
    public static final Action DEFAULT = new Action(SIG_DFL, 0, 0, 0);
  }

  /** The default action of a signal whose disposition is SIG_DFL (signal(7)). */
  public enum Default {
    TERMINATE,
    IGNORE,
    STOP,
    CONTINUE
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final Action[] actions = new Action[NSIG + 1];

  /** The process-directed pending signals. */
  private final PendingSignals shared = new PendingSignals();

  /** The threads with thread-directed signals pending (their sets are guarded by the lock too). */
  private final Set<WaliThread> directed = new LinkedHashSet<>();

  /** Whether {@link #directed} is not empty: lets the lock-free checks skip the thread's set. */
  private volatile boolean anyDirected;

  /** The signalfds the process holds ({@link SignalFd}): each hears of every signal posted. */
  private final List<SignalFd> signalFds = new CopyOnWriteArrayList<>();

  /** The first real-time signal (the kernel's; the libc keeps a few for itself). */
  public static final int SIGRTMIN = 32;

  /** The memory offset of the page holding signal frames (siginfo), or -1 before the first. */
  private long framePage = -1;

  /** The forking thread's alternate stack, for the child's main thread (null: none). */
  private int[] inheritedAltStack;

  public Signals() {
    Arrays.fill(actions, Action.DEFAULT);
  }

  public static long bit(int sig) {
    return 1L << (sig - 1);
  }

  public static boolean valid(int sig) {
    return sig >= 1 && sig <= NSIG;
  }

  public static Default defaultAction(int sig) {
    if (sig == SIGCONT) {
      return Default.CONTINUE;
    }
    if ((STOP_SIGNALS & bit(sig)) != 0) {
      return Default.STOP;
    }
    return (IGNORED_BY_DEFAULT & bit(sig)) != 0 ? Default.IGNORE : Default.TERMINATE;
  }

  /**
   * A copy for a forked child, made on the forking thread: dispositions inherited, nothing pending
   * (fork(2)).
   */
  public Signals copy() {
    Signals c = new Signals();
    lock.lock();
    try {
      System.arraycopy(actions, 0, c.actions, 0, actions.length);
      c.framePage = framePage;
      WaliThread t = WaliThread.current();
      // fork(2) copies the calling thread's sigaltstack into the child's thread.
      c.inheritedAltStack = t != null && t.process().signals() == this ? t.altStack().get() : null;
    } finally {
      lock.unlock();
    }
    for (SignalFd s : signalFds) {
      s.hold(c); // the child holds the parent's descriptors, signalfds among them
    }
    return c;
  }

  /** execve: caught signals go back to SIG_DFL, ignored ones stay ignored, pending stay. */
  public void resetForExec() {
    lock.lock();
    try {
      for (int s = 1; s <= NSIG; s++) {
        if (actions[s].handler() != SIG_IGN) {
          actions[s] = Action.DEFAULT;
        }
      }
      framePage = -1;
    } finally {
      lock.unlock();
    }
  }

  public Action action(int sig) {
    lock.lock();
    try {
      return actions[sig];
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sets the action of {@code sig}; returns the old one. Setting SIG_IGN (or SIG_DFL of a signal
   * ignored by default) discards a pending {@code sig}, as POSIX requires.
   */
  public Action setAction(int sig, Action a) {
    lock.lock();
    try {
      Action old = actions[sig];
      actions[sig] = a;
      if (ignored(sig)) {
        discardEverywhere(bit(sig));
      }
      return old;
    } finally {
      lock.unlock();
    }
  }

  private boolean ignored(int sig) {
    int h = actions[sig].handler();
    return h == SIG_IGN || (h == SIG_DFL && defaultAction(sig) == Default.IGNORE);
  }

  /** Whether the parent's children are reaped at exit (SIGCHLD ignored, or SA_NOCLDWAIT). */
  public boolean reapsChildren() {
    Action a = action(SIGCHLD);
    return a.handler() == SIG_IGN || (a.flags() & SA_NOCLDWAIT) != 0;
  }

  /** Whether a stopped or continued child notifies this parent (no SA_NOCLDSTOP). */
  public boolean wantsStopNotices() {
    return (action(SIGCHLD).flags() & SA_NOCLDSTOP) == 0;
  }

  /**
   * Generates process-directed {@code sig} with si_code {@code code} from {@code senderPid}: it
   * becomes pending for the process and blocked waiters wake. (An ignored signal is dropped when a
   * thread next looks at it: the mask that decides whether it is kept is a thread's.)
   */
  public boolean post(int sig, int code, int senderPid) {
    return post(null, sig, code, senderPid);
  }

  /**
   * Generates {@code sig} for thread {@code target} only (tkill, tgkill, a synchronous fault), or
   * for the process when {@code target} is null.
   */
  public boolean post(WaliThread target, int sig, int code, int senderPid) {
    return post(target, new Taken(sig, code, senderPid, 0, 0));
  }

  /**
   * Generates {@code info.sig()} for thread {@code target} only, or for the process when it is
   * null, sent as {@code info} says (rt_sigqueueinfo: with the sender's si_code, pid and value).
   */
  public boolean post(WaliThread target, Taken info) {
    int sig = info.sig();
    lock.lock();
    try {
      if (sig == SIGCONT) {
        discardEverywhere(STOP_SIGNALS);
      } else if ((STOP_SIGNALS & bit(sig)) != 0) {
        discardEverywhere(bit(SIGCONT));
      }
      if (target == null) {
        shared.add(info);
      } else {
        target.pendingSignals().add(info);
        directed.add(target);
        anyDirected = true;
      }
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    // Outside the lock: a signalfd takes its own lock, then this one (SignalFd#settle).
    for (SignalFd s : signalFds) {
      s.posted(sig);
    }
    return true;
  }

  /** The signalfds the process holds. */
  List<SignalFd> signalFds() {
    return signalFds;
  }

  /** The process ended: it no longer holds its signalfds. */
  public void releaseSignalFds() {
    for (SignalFd s : signalFds) {
      s.release(this);
    }
    signalFds.clear();
  }

  /** The signals pending for the process or for any of its threads. */
  long pendingAnywhere() {
    lock.lock();
    try {
      long p = shared.bits;
      for (WaliThread t : directed) {
        p |= t.pendingSignals().bits;
      }
      return p;
    } finally {
      lock.unlock();
    }
  }

  /** Forgets {@code set} in the process's pending set and every thread's. Holds the lock. */
  private void discardEverywhere(long set) {
    shared.discard(set);
    for (WaliThread t : directed) {
      t.pendingSignals().discard(set);
    }
    tidy();
  }

  /** Drops threads whose sets became empty from {@link #directed}. Holds the lock. */
  private void tidy() {
    directed.removeIf(t -> t.pendingSignals().bits == 0);
    anyDirected = !directed.isEmpty();
  }

  /** A thread that ended: its thread-directed signals go with it. */
  public void forget(WaliThread t) {
    lock.lock();
    try {
      t.pendingSignals().discard(-1L);
      tidy();
    } finally {
      lock.unlock();
    }
  }

  /** The calling thread's own pending set when it is a thread of this process, else null. */
  private PendingSignals mine() {
    WaliThread t = WaliThread.current();
    return t != null && t.process().signals() == this ? t.pendingSignals() : null;
  }

  /**
   * The signals pending for the calling thread: the process's and, when the caller is one of the
   * process's threads, its own (rt_sigpending's union).
   */
  public long pending() {
    long p = shared.bits;
    if (anyDirected) {
      PendingSignals m = mine();
      if (m != null) {
        p |= m.bits;
      }
    }
    return p;
  }

  /** The process-directed pending signals only. */
  public long pendingForProcess() {
    return shared.bits;
  }

  /**
   * Whether a signal not in {@code blocked} is pending that does something when delivered (SIGKILL
   * and SIGSTOP are never blocked); pending signals that would be ignored are dropped.
   */
  public boolean deliverable(long blocked) {
    if (pending() == 0) {
      return false; // the common case, asked before every read that may wait: no lock
    }
    lock.lock();
    try {
      PendingSignals m = mine();
      long all = shared.bits | (m == null ? 0 : m.bits);
      long ready = all & ~(blocked & ~SignalMask.UNBLOCKABLE);
      long drop = 0;
      for (long r = ready; r != 0; r &= r - 1) {
        int sig = Long.numberOfTrailingZeros(r) + 1;
        if (ignored(sig)) {
          drop |= bit(sig);
        }
      }
      if (drop != 0) {
        shared.discard(drop);
        if (m != null) {
          m.discard(drop);
        }
        tidy();
      }
      return (ready & ~drop) != 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A signal as sent and taken for delivery: its number, si_code, sender, (SIGCHLD) si_status and
   * (rt_sigqueueinfo) si_value.
   */
  public record Taken(int sig, int code, int sender, int status, int value) {}

  /**
   * Takes the lowest-numbered pending signal not in {@code blocked}, or null; the calling thread's
   * own signals come before the process's, as Linux dequeues them.
   */
  public Taken take(long blocked) {
    long allowed = ~(blocked & ~SignalMask.UNBLOCKABLE);
    lock.lock();
    try {
      // SIGKILL first: nothing may run before it.
      if ((shared.bits & bit(SIGKILL)) != 0) {
        return shared.take(SIGKILL);
      }
      return takeFrom(allowed);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the lowest-numbered pending signal in {@code set} (rt_sigtimedwait), the calling thread's
   * own first, or null.
   */
  public Taken takeWaited(long set) {
    lock.lock();
    try {
      return takeFrom(set & ~SignalMask.UNBLOCKABLE);
    } finally {
      lock.unlock();
    }
  }

  private Taken takeFrom(long allowed) {
    PendingSignals m = mine();
    if (m != null && (m.bits & allowed) != 0) {
      Taken t = m.take(Long.numberOfTrailingZeros(m.bits & allowed) + 1);
      tidy();
      return t;
    }
    long ready = shared.bits & allowed;
    return ready == 0 ? null : shared.take(Long.numberOfTrailingZeros(ready) + 1);
  }

  /**
   * Waits up to {@code nanos} (negative: forever) until a signal not in {@code blocked} is pending;
   * returns the nanoseconds left (0 when the time ran out). One pending for the process when the
   * wait starts ends it at once; one that arrives during it ends it only when this thread is the
   * one chosen to take it ({@link Threads#alert}: no thread that can take it runs), as Linux wakes
   * one thread for a process's signal. A signal for this thread alone always ends it.
   */
  public long sleep(long nanos, long blocked) {
    long deadline = System.nanoTime() + nanos;
    WaliThread self = WaliThread.current();
    if (self != null && self.process().signals() != this) {
      self = null;
    }
    lock.lock();
    try {
      if (self != null) {
        self.enterSignalSleep();
      }
      for (boolean first = true; !endsSleep(self, first, blocked); first = false) {
        if (nanos < 0) {
          arrived.await(1, TimeUnit.SECONDS);
          continue;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return 0;
        }
        arrived.awaitNanos(left);
      }
      return Math.max(1, deadline - System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Math.max(1, deadline - System.nanoTime());
    } finally {
      if (self != null) {
        self.leaveSignalSleep();
      }
      lock.unlock();
    }
  }

  /** Whether what is pending ends {@code self}'s sleep (see {@link #sleep}). Holds the lock. */
  private boolean endsSleep(WaliThread self, boolean first, long blocked) {
    return first || self == null || self.chosenForSignal()
        ? deliverable(blocked)
        : deliverableToThreadAlone(blocked);
  }

  /** Whether a signal for the calling thread alone (not the process's) is deliverable. */
  private boolean deliverableToThreadAlone(long blocked) {
    PendingSignals m = mine();
    if (m == null) {
      return false;
    }
    long ready = m.bits & ~(blocked & ~SignalMask.UNBLOCKABLE);
    for (long r = ready; r != 0; r &= r - 1) {
      if (!ignored(Long.numberOfTrailingZeros(r) + 1)) {
        return true;
      }
    }
    return false;
  }

  /**
   * rt_sigtimedwait: takes a signal of {@code set} pending for the calling thread (its own first),
   * waiting up to {@code nanos} (negative: forever) for one. Returns null when the time ran out or
   * when a signal outside {@code set} that {@code blocked} lets through came first (the caller
   * tells the two apart with {@link #deliverable}). A signal of the set stays pending while waited
   * for even when its action is to ignore it, as Linux keeps a blocked signal.
   */
  public Taken awaitOneOf(long set, long blocked, long nanos) {
    long deadline = System.nanoTime() + nanos;
    lock.lock();
    try {
      while (true) {
        Taken t = takeFrom(set & ~SignalMask.UNBLOCKABLE);
        if (t != null) {
          return t;
        }
        if (deliverable(blocked & ~set)) {
          return null;
        }
        if (nanos < 0) {
          arrived.await(1, TimeUnit.SECONDS);
          continue;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        arrived.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every thread of the process waiting in {@link #sleep} (e.g. after SIGCONT). */
  public void wake() {
    lock.lock();
    try {
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The alternate stack a forked child's main thread starts with, or null (none). */
  int[] inheritedAltStack() {
    return inheritedAltStack;
  }

  /** The signal-frame page (a memory offset), or -1 before one was allocated. */
  public long framePage() {
    lock.lock();
    try {
      return framePage;
    } finally {
      lock.unlock();
    }
  }

  public void framePage(long offset) {
    lock.lock();
    try {
      framePage = offset;
    } finally {
      lock.unlock();
    }
  }
}
