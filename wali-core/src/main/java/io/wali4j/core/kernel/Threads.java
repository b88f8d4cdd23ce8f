package io.wali4j.core.kernel;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.wasm.WasmException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The threads of one process and how the process ends. The main thread's tid is the pid; the others
 * get virtual tids from the {@link Kernel}'s pid space. exit(2) ends one thread (its
 * set_tid_address word is cleared and woken); when the last one is gone the process has ended with
 * the main thread's exit status, as on Linux. exit_group, a trap or a fatal signal in any thread
 * ends the process: every other thread is interrupted (a futex wait returns) and stops at its next
 * syscall.
 */
public final class Threads {

  /**
   * The most threads a process may have at once (the only place of this limit); property {@code
   * wali4j.threads.max}. pthread_create fails with EAGAIN past it.
   */
  public static final int MAX_THREADS = Integer.getInteger("wali4j.threads.max", 1024);

  /**
   * The Java stack of a thread's platform thread (64 MiB; property {@code
   * wali4j.threads.stackBytes}): the interpreter recurses on it for host calls back into Wasm, and
   * compiled code keeps a Java frame per Wasm call. Those frames are largest while HotSpot still
   * interprets the generated code, more than 160 bytes for a small function: at 16 MiB a recursion
   * of 100000 calls, which the interpreter runs within its default depth, overflowed there and
   * trapped as call stack exhausted. The memory is reserved, not committed: a thread uses what it
   * touches.
   */
  public static final long STACK_BYTES = Long.getLong("wali4j.threads.stackBytes", 64L << 20);

  /** How long the end of a process waits for its other threads to stop at a safe point. */
  static final long STOP_GRACE_NANOS = 250_000_000L;

  private static final int EAGAIN = 11;
  private static final int EINVAL = 22;
  private static final int SIGKILL = 9;

  private final Process process;
  private final Map<Integer, WaliThread> live = new LinkedHashMap<>();
  private final List<Runnable> whenGone = new ArrayList<>();
  private ThreadStarter starter;
  private WaliThread leader;
  private int leaderStatus;
  private ExitStatus groupStatus;
  private RuntimeException failure;
  private volatile boolean exiting;

  /** The main thread is starting: until it registers, the process has not ended. */
  private boolean leaderStarting;

  Threads(Process process) {
    this.process = process;
  }

  /**
   * Registers the calling Java thread as the process's main thread (tid = pid) and binds it;
   * returns the WALI thread it ran before (to restore with {@link #leave}).
   */
  public synchronized WaliThread enterLeader() {
    leader = new WaliThread(process, process.pid(), null, programName());
    leader.sched(process.sched());
    int[] alt = process.signals().inheritedAltStack();
    if (alt != null) {
      leader.altStack().copyFrom(alt);
    }
    leader.javaThread(Thread.currentThread());
    live.put(leader.tid(), leader);
    leaderStarting = false;
    notifyAll();
    return WaliThread.bind(leader);
  }

  /**
   * Starts the process's main thread (tid = pid) on a new platform thread that runs {@code body};
   * {@link #awaitEnd()} then waits for the process to end.
   */
  public void startLeader(Runnable body) {
    Runnable leaderBody =
        () -> {
          enterLeader();
          body.run();
        };
    synchronized (this) {
      leaderStarting = true;
    }
    SpareThread.start("wali-" + process.pid(), leaderBody, null);
  }

  /** Unbinds the calling Java thread, restoring {@code previous}. */
  public static void leave(WaliThread previous) {
    WaliThread.bind(previous);
  }

  public synchronized WaliThread leader() {
    return leader;
  }

  /** How new threads get their Wasm side; set once the module is instantiated. */
  public synchronized void starter(ThreadStarter s) {
    this.starter = s;
  }

  /** The tid of the calling thread: its own when it is one of this process's, else the pid. */
  public int currentTid() {
    WaliThread t = WaliThread.current();
    return t != null && t.process() == process ? t.tid() : process.pid();
  }

  /** The calling thread when it is one of this process's, else null. */
  public WaliThread current() {
    WaliThread t = WaliThread.current();
    return t != null && t.process() == process ? t : null;
  }

  /** The live thread with id {@code tid}, or null. */
  public synchronized WaliThread thread(int tid) {
    return live.get(tid);
  }

  /** The live threads, main thread first. */
  public synchronized List<WaliThread> all() {
    return List.copyOf(live.values());
  }

  /**
   * __wasm_thread_spawn: starts a thread running table 0 entry {@code fn} with {@code (tid, arg)};
   * returns its tid, or -EAGAIN (thread limit, process ending, no thread support) or -EINVAL (no
   * such function).
   */
  public long spawn(int fn, int arg) {
    int tid;
    ThreadStarter s;
    synchronized (this) {
      if (exiting || starter == null || live.size() >= maxThreads()) {
        return -EAGAIN;
      }
      s = starter;
    }
    tid = process.kernel().allocateTid();
    Runnable body;
    try {
      body = s.prepare(fn, tid, arg);
    } catch (IllegalArgumentException | WasmException e) {
      process.kernel().releaseTid(tid);
      return -EINVAL;
    }
    WaliThread parent = current();
    byte[] name = parent != null ? parent.name() : programName();
    WaliThread t = new WaliThread(process, tid, new Scratch(process.host()), name);
    t.sched((parent != null ? parent.sched() : process.sched()).inherited());
    // A new thread starts with its creator's blocked-signal mask (clone(2)).
    long mask = SignalMask.get();
    Thread j =
        new Thread(
            null, () -> run(t, mask, body), "wali-" + process.pid() + "-" + tid, STACK_BYTES);
    j.setDaemon(true);
    t.javaThread(j);
    synchronized (this) {
      if (exiting || live.size() >= maxThreads()) {
        t.scratch().release();
        process.kernel().releaseTid(tid);
        return -EAGAIN;
      }
      live.put(tid, t);
    }
    j.start();
    return tid;
  }

  /** A new process's thread name, as Linux derives it: the program file's name, cut to 15 bytes. */
  private byte[] programName() {
    String path = process.argv().isEmpty() ? "" : process.argv().get(0);
    String base = path.substring(path.lastIndexOf('/') + 1);
    byte[] b = base.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(b, Math.min(b.length, WaliThread.NAME_MAX));
  }

  private void run(WaliThread t, long signalMask, Runnable body) {
    WaliThread.bind(t);
    SignalMask.set(signalMask);
    body.run();
  }

  /**
   * The most live threads: the runtime's limit for the process, never above {@link #MAX_THREADS}.
   */
  private int maxThreads() {
    return Math.min(MAX_THREADS, process.threadLimit());
  }

  /** Whether the process is ending: threads stop at their next safe point. */
  public boolean exiting() {
    return exiting;
  }

  /** A safe point (every syscall passes one): a thread of an ending process stops here. */
  public void safePoint() {
    if (exiting) {
      throw new ThreadExit(0);
    }
  }

  /**
   * Process-directed {@code sig} became pending: every live thread is asked to stop at its next
   * safe point and its host polls wake (one that does not block the signal takes it). A futex wait,
   * an interruptible host call ({@link HostInterrupt}) or a sleep in sigsuspend, pause or nanosleep
   * ({@link Signals#sleep}) ends only when every thread that does not block the signal waits in
   * one, and then only in the first of them, as Linux wakes one thread to take a process's signal:
   * a call ended for nothing could return a short count, and a sigsuspend would return with no
   * handler run in its thread.
   */
  void alert(int sig) {
    List<WaliThread> all;
    synchronized (this) {
      all = new ArrayList<>(live.values());
    }
    WaliThread waiting = null;
    boolean taker = false;
    for (WaliThread t : all) {
      t.requestSafePoint();
      t.wakeEvent().post();
      boolean inCall = t.inHostCall(); // before the mask (see WaliThread.interruptHostCall)
      if (!t.blocks(sig)) {
        if (!t.inFutexWait() && !inCall && !t.inSignalSleep()) {
          taker = true;
        } else if (waiting == null) {
          waiting = t;
        }
      }
    }
    if (!taker && waiting != null) {
      waiting.interruptFutexWait();
      waiting.interruptHostCall(sig);
      waiting.chooseForSignal();
    }
  }

  /**
   * The process-directed signals of {@code set}, pending, lost the thread that was to take them (it
   * blocked them, or ended): another one that does not block them is found as when they were sent
   * (Linux's retarget_shared_pending), so that a thread waiting in a futex or host call wakes.
   */
  public void retarget(long set) {
    long left = set & process.signals().pendingForProcess();
    for (long r = left; r != 0 && !exiting; r &= r - 1) {
      alert(Long.numberOfTrailingZeros(r) + 1);
    }
  }

  /**
   * Ends the process with {@code status} (exit_group, a trap, a fatal signal); the first ending
   * wins. Every other thread is interrupted and stops at its next safe point.
   */
  public void endProcess(ExitStatus status) {
    List<WaliThread> others;
    synchronized (this) {
      if (groupStatus != null) {
        return;
      }
      groupStatus = status;
      exiting = true;
      others = new ArrayList<>(live.values());
      notifyAll();
    }
    WaliThread self = WaliThread.current();
    for (WaliThread t : others) {
      if (t != self) {
        t.requestSafePoint();
        t.interrupt();
        t.wakeEvent().wakeForGood(); // a blocking host call waiting on it returns and stops
        t.interruptHostCall(0); // and one made plainly ends (exiting is set: it stops)
      }
    }
    process.wakeEndingWaits();
  }

  /**
   * Ends the process because a thread ended with {@code e}, an exception that is not the program's
   * doing (see {@link #failure()}); the first one is kept.
   */
  public void fail(RuntimeException e) {
    synchronized (this) {
      if (failure == null) {
        failure = e;
      }
    }
    endProcess(ExitStatus.signaled(SIGKILL));
  }

  /**
   * The exception that ended the process when it was not the program's doing (a fault of the
   * runtime, or an embedder's unwind, e.g. a kill through its syscall hook), for the code that runs
   * the process to rethrow; null otherwise.
   */
  public synchronized RuntimeException failure() {
    return failure;
  }

  /**
   * The calling thread {@code t} has ended with {@code status} (exit(2), or 0 when it was stopped):
   * clears and wakes its set_tid_address word, forgets it, and ends the process with the main
   * thread's status when it was the last.
   */
  public void ended(WaliThread t, int status) {
    List<Runnable> run = List.of();
    synchronized (this) {
      releaseRobustList(t);
      if (live.remove(t.tid()) == null) {
        clearAndWake(t.clearChildTid());
        return;
      }
      // Once the tid is forgotten (a joiner woken here must find the thread gone: tgkill to it is
      // ESRCH, as on Linux) and still under this lock: the process cannot end and release its
      // memory before the word is written.
      clearAndWake(t.clearChildTid());
      if (t == leader) {
        leaderStatus = status;
      }
      if (live.isEmpty()) {
        if (groupStatus == null) {
          groupStatus = ExitStatus.exited(leaderStatus);
        }
        exiting = true;
        run = new ArrayList<>(whenGone);
        whenGone.clear();
      }
      notifyAll();
    }
    process.cpuTimers().threadEnded(t);
    t.retire();
    if (t.scratch() != null) {
      t.scratch().release();
    }
    process.signals().forget(t);
    t.wakeEvent().close();
    retarget(-1L); // had it been chosen to take a process's signal, another thread must
    if (t != leader) {
      process.kernel().releaseTid(t.tid());
    }
    run.forEach(Runnable::run);
  }

  /** The most entries of a robust list walked at exit (Linux's ROBUST_LIST_LIMIT). */
  private static final int ROBUST_LIST_LIMIT = 2048;

  private static final int FUTEX_WAITERS = 0x80000000;
  private static final int FUTEX_OWNER_DIED = 0x40000000;
  private static final int FUTEX_TID_MASK = 0x3fffffff;

  /**
   * Linux's exit_robust_list: every futex on the thread's robust list (set_robust_list) still
   * holding its tid gets FUTEX_OWNER_DIED, keeping FUTEX_WAITERS, and one waiter is woken, so that
   * the next locker of a robust mutex learns its owner died (EOWNERDEAD) instead of waiting
   * forever. WALI's struct robust_list_head: next at 0, futex_offset (a long) at 8, list_op_pending
   * at 16; an entry's bit 0 marks a PI futex and is not part of its address.
   */
  private void releaseRobustList(WaliThread t) {
    int head = t.robustList();
    Memory m = process.memory();
    if (head == 0 || m == null) {
      return;
    }
    long h = head & 0xFFFFFFFFL;
    if ((h & 7) != 0 || h + 24 > m.size()) {
      return;
    }
    long offset = m.atomicLoad(h + 8, 8);
    long pending = m.atomicLoad(h + 16, 4) & ~1L;
    long entry = m.atomicLoad(h, 4) & ~1L;
    for (int n = 0; entry != h && n < ROBUST_LIST_LIMIT; n++) {
      if ((entry & 3) != 0 || entry + 4 > m.size()) {
        return;
      }
      long next = m.atomicLoad(entry, 4) & ~1L;
      if (entry != pending) {
        ownerDied(m, entry + offset, t.tid());
      }
      entry = next;
    }
    if (pending != 0) {
      ownerDied(m, pending + offset, t.tid());
    }
  }

  /**
   * Linux's handle_futex_death for the futex word at {@code ea} of the dying thread {@code tid}.
   */
  private static void ownerDied(Memory m, long ea, int tid) {
    ea &= 0xFFFFFFFFL;
    if ((ea & 3) != 0 || ea + 4 > m.size()) {
      return;
    }
    while (true) {
      int word = (int) m.atomicLoad(ea, 4);
      if ((word & FUTEX_TID_MASK) != tid) {
        return;
      }
      int dead = (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
      if ((int) m.atomicCmpxchg(ea, 4, word & 0xFFFFFFFFL, dead & 0xFFFFFFFFL) == word) {
        if ((word & FUTEX_WAITERS) != 0) {
          m.futexWake(ea, 1, -1, Memory.futexKind(false));
        }
        return;
      }
    }
  }

  /** Linux's CLONE_CHILD_CLEARTID at thread exit: store 0 and wake one (shared) waiter. */
  private void clearAndWake(int address) {
    Memory m = process.memory();
    long ea = address & 0xFFFFFFFFL;
    if (address == 0 || m == null || (ea & 3) != 0 || ea + 4 > m.size()) {
      return;
    }
    m.atomicStore(ea, 4, 0);
    m.futexWake(ea, 1, -1, Memory.futexKind(false));
  }

  /**
   * Waits for the process to end: every thread gone, or the process ended and its other threads
   * given {@link #STOP_GRACE_NANOS} to reach a safe point (one stuck in a blocking host call or a
   * loop without syscalls is left behind). Returns how the process ended. An interrupt of the
   * waiting Java thread kills the process (SIGKILL).
   */
  public synchronized ExitStatus awaitEnd() {
    try {
      awaitEndInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      endProcess(ExitStatus.signaled(SIGKILL));
    }
    return groupStatus;
  }

  private void awaitEndInterruptibly() throws InterruptedException {
    while (leaderStarting) {
      wait();
    }
    long graceEnd = 0;
    while (!live.isEmpty()) {
      if (groupStatus != null) {
        long now = System.nanoTime();
        if (graceEnd == 0) {
          graceEnd = now + STOP_GRACE_NANOS;
        } else if (now - graceEnd >= 0) {
          break;
        }
        long ms = Math.max(1, (graceEnd - now) / 1_000_000);
        wait(ms);
      } else {
        wait();
      }
    }
  }

  /** Whether no thread of the process is left. */
  public synchronized boolean allGone() {
    return live.isEmpty();
  }

  /** Runs {@code r} once the last thread is gone (now, when none is left). */
  public void whenAllGone(Runnable r) {
    synchronized (this) {
      if (!live.isEmpty()) {
        whenGone.add(r);
        return;
      }
    }
    r.run();
  }
}
