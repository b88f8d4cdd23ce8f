package io.wali4j.core.kernel;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The signal state of one process (signal(7)): the disposition of each signal (a table-0 handler
 * index, SIG_DFL or SIG_IGN, with its sa_mask and sa_flags), the set of pending signals, and where
 * its blocked threads wait so that a new signal wakes them. The blocked mask is per thread ({@link
 * SignalMask}). Signals are generated with {@link #post}, taken by the target thread at its next
 * safe point ({@link #take}).
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
  private volatile long pending;

  /** The si_code each pending signal was sent with (SI_USER, SI_TKILL, SI_KERNEL...). */
  private final int[] codes = new int[NSIG + 1];

  private final int[] senders = new int[NSIG + 1];

  /** How many instances of each real-time signal are queued. */
  private final int[] queued = new int[NSIG + 1];

  /** The first real-time signal (the kernel's; the libc keeps a few for itself). */
  public static final int SIGRTMIN = 32;

  /** The memory offset of the page holding signal frames (siginfo), or -1 before the first. */
  private long framePage = -1;

  /** sigaltstack's {ss_sp, ss_flags, ss_size}; SS_DISABLE (2) until set. */
  private final int[] altStack = {0, 2, 0};

  private int onAltStack;

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

  /** A copy for a forked child: dispositions inherited, nothing pending (fork(2)). */
  public Signals copy() {
    Signals c = new Signals();
    lock.lock();
    try {
      System.arraycopy(actions, 0, c.actions, 0, actions.length);
      c.framePage = framePage;
    } finally {
      lock.unlock();
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
        pending &= ~bit(sig);
        queued[sig] = 0;
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
   * Generates {@code sig} with si_code {@code code} from {@code senderPid}: it becomes pending and
   * blocked waiters wake. (An ignored signal is dropped when the target next looks at it: the
   * target's mask, which decides whether it is kept, is its thread's.)
   */
  public boolean post(int sig, int code, int senderPid) {
    lock.lock();
    try {
      if (sig == SIGCONT) {
        pending &= ~STOP_SIGNALS;
      } else if ((STOP_SIGNALS & bit(sig)) != 0) {
        pending &= ~bit(SIGCONT);
      }
      if (sig >= SIGRTMIN) {
        // Real-time signals queue: each one sent is delivered (signal(7)).
        queued[sig]++;
      }
      codes[sig] = code;
      senders[sig] = senderPid;
      pending |= bit(sig);
      arrived.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The pending set (process-directed). */
  public long pending() {
    return pending;
  }

  /**
   * Whether a signal not in {@code blocked} is pending that does something when delivered (SIGKILL
   * and SIGSTOP are never blocked); pending signals that would be ignored are dropped.
   */
  public boolean deliverable(long blocked) {
    if (pending == 0) {
      return false; // the common case, asked before every read that may wait: no lock
    }
    lock.lock();
    try {
      long ready = pending & ~(blocked & ~SignalMask.UNBLOCKABLE);
      for (long r = ready; r != 0; r &= r - 1) {
        int sig = Long.numberOfTrailingZeros(r) + 1;
        if (ignored(sig)) {
          pending &= ~bit(sig);
          queued[sig] = 0;
          ready &= ~bit(sig);
        }
      }
      return ready != 0;
    } finally {
      lock.unlock();
    }
  }

  /** A signal taken for delivery: its number, si_code and sender. */
  public record Taken(int sig, int code, int sender) {}

  /** Takes the lowest-numbered pending signal not in {@code blocked}, or null. */
  public Taken take(long blocked) {
    lock.lock();
    try {
      long ready = pending & ~(blocked & ~SignalMask.UNBLOCKABLE);
      if (ready == 0) {
        return null;
      }
      // SIGKILL first: nothing may run before it.
      int sig = (ready & bit(SIGKILL)) != 0 ? SIGKILL : Long.numberOfTrailingZeros(ready) + 1;
      if (sig < SIGRTMIN || --queued[sig] <= 0) {
        queued[sig] = 0;
        pending &= ~bit(sig);
      }
      return new Taken(sig, codes[sig], senders[sig]);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code nanos} (negative: forever) until a signal not in {@code blocked} is pending;
   * returns the nanoseconds left (0 when the time ran out).
   */
  public long sleep(long nanos, long blocked) {
    long deadline = System.nanoTime() + nanos;
    lock.lock();
    try {
      while (!deliverable(blocked)) {
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

  /** The alternate signal stack: {ss_sp, ss_flags, ss_size}. */
  public int[] altStack() {
    lock.lock();
    try {
      return altStack.clone();
    } finally {
      lock.unlock();
    }
  }

  public void altStack(int sp, int flags, int size) {
    lock.lock();
    try {
      altStack[0] = sp;
      altStack[1] = flags;
      altStack[2] = size;
    } finally {
      lock.unlock();
    }
  }

  /** Enters (+1) or leaves (-1) a handler running "on the alternate stack" (SA_ONSTACK). */
  public void onAltStack(int delta) {
    lock.lock();
    try {
      onAltStack += delta;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a handler runs on the alternate stack now (sigaltstack reports SS_ONSTACK). */
  public boolean onAltStack() {
    lock.lock();
    try {
      return onAltStack > 0;
    } finally {
      lock.unlock();
    }
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
