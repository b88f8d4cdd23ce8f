package io.wali4j.core.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The process table of the WALI processes of this JVM: virtual pids, parent and child links,
 * process groups and sessions, zombies with their wait status and resource usage, and the wait
 * queue of wait4/waitid. One lock guards it all (the table and every process's {@link
 * Process.Family} state); one condition wakes every waiter on any change, and each waiter rechecks
 * what it waits for.
 *
 * <p>A tree of processes starts at a root (a process the embedder started); its pids are never a
 * host's, so a WALI kill can reach only processes of the table. Orphans are reparented to their
 * tree's root while it runs (like a child subreaper, prctl(2) PR_SET_CHILD_SUBREAPER), else to no
 * one, and then reaped as soon as they end, as init would.
 */
public final class Kernel {

  /** Linux's default pid_max on 64-bit hosts: pids wrap below it. */
  public static final int PID_MAX = 4_194_304;

  public static final int WNOHANG = 1;
  public static final int WUNTRACED = 2;
  public static final int WSTOPPED = 2;
  public static final int WEXITED = 4;
  public static final int WCONTINUED = 8;
  public static final int WNOWAIT = 0x01000000;
  private static final int WNOTHREAD = 0x20000000;
  private static final int WALL = 0x40000000;
  private static final int WCLONE = 0x80000000;

  /** waitid idtypes. */
  public static final int P_ALL = 0;

  public static final int P_PID = 1;
  public static final int P_PGID = 2;

  static final int EPERM = 1;
  static final int ESRCH = 3;
  static final int EINTR = 4;
  static final int ECHILD = 10;
  static final int EACCES = 13;
  static final int EINVAL = 22;

  private static final Kernel SHARED = new Kernel((int) ProcessHandle.current().pid());

  final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Integer, Process> table = new HashMap<>();
  private final Set<Integer> tids = new HashSet<>();
  private final int hostPid;
  private final FileLocks fileLocks = new FileLocks();
  private int lastPid = 1;

  /**
   * A table whose roots report {@code hostPid} (the JVM's own pid) as their parent; that number is
   * never handed out.
   */
  Kernel(int hostPid) {
    this.hostPid = hostPid;
  }

  /** The fcntl record locks of this table's processes. */
  public FileLocks fileLocks() {
    return fileLocks;
  }

  /** The table of this JVM. */
  public static Kernel shared() {
    return SHARED;
  }

  /** Adds {@code p} with a fresh pid, as a child of {@code parent} (null for a root). */
  void add(Process p, Process parent) {
    lock.lock();
    try {
      int pid = freePid();
      Process.Family f = p.family;
      f.pid = pid;
      f.parent = parent;
      if (parent == null) {
        f.root = p;
        f.pgid = pid;
        f.sid = pid;
        f.foreground = pid;
      } else {
        f.root = parent.family.root;
        f.pgid = parent.family.pgid;
        f.sid = parent.family.sid;
        parent.family.children.add(p);
      }
      f.ppid = ppidOf(p);
      table.put(pid, p);
    } finally {
      lock.unlock();
    }
  }

  private int freePid() {
    for (int i = 0; i < PID_MAX; i++) {
      lastPid = lastPid + 1 >= PID_MAX ? 2 : lastPid + 1;
      if (lastPid != hostPid
          && !table.containsKey(lastPid)
          && !tids.contains(lastPid)
          && !isGroupOrSession(lastPid)) {
        return lastPid;
      }
    }
    throw new IllegalStateException("no free pid");
  }

  /**
   * A thread id for a new thread of a process: tids and pids are one number space on Linux (a
   * thread's tid is never another process's pid); released with {@link #releaseTid}.
   */
  int allocateTid() {
    lock.lock();
    try {
      int tid = freePid();
      tids.add(tid);
      return tid;
    } finally {
      lock.unlock();
    }
  }

  void releaseTid(int tid) {
    lock.lock();
    try {
      tids.remove(tid);
    } finally {
      lock.unlock();
    }
  }

  /** A pid still naming a group or session must not be reused (a new process would join it). */
  private boolean isGroupOrSession(int pid) {
    for (Process q : table.values()) {
      if (q.family.pgid == pid || q.family.sid == pid) {
        return true;
      }
    }
    return false;
  }

  /** The process {@code pid} of {@code caller}'s tree, or null. */
  public Process find(Process caller, int pid) {
    lock.lock();
    try {
      return lookup(caller, pid);
    } finally {
      lock.unlock();
    }
  }

  private Process lookup(Process caller, int pid) {
    Process p = table.get(pid);
    return p != null && p.family.root == caller.family.root ? p : null;
  }

  /** Every live (not zombie) process of {@code caller}'s tree in process group {@code pgid}. */
  public List<Process> group(Process caller, int pgid) {
    lock.lock();
    try {
      List<Process> out = new ArrayList<>();
      for (Process q : table.values()) {
        if (q.family.root == caller.family.root
            && q.family.pgid == pgid
            && q.family.state != Process.State.ZOMBIE) {
          out.add(q);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Every live process of {@code caller}'s tree (the targets of kill(-1)). */
  public List<Process> tree(Process caller) {
    lock.lock();
    try {
      List<Process> out = new ArrayList<>();
      for (Process q : table.values()) {
        if (q.family.root == caller.family.root && q.family.state != Process.State.ZOMBIE) {
          out.add(q);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** The parent's pid: no lock, the table keeps it current whenever the parent changes. */
  public int ppid(Process p) {
    return p.family.ppid;
  }

  /** What getppid answers for {@code p}; called with the lock held. */
  private int ppidOf(Process p) {
    Process parent = p.family.parent;
    if (parent != null) {
      return parent.family.pid;
    }
    return p.family.root == p ? hostPid : 1;
  }

  public int pgid(Process p) {
    lock.lock();
    try {
      return p.family.pgid;
    } finally {
      lock.unlock();
    }
  }

  public int sid(Process p) {
    lock.lock();
    try {
      return p.family.sid;
    } finally {
      lock.unlock();
    }
  }

  /** getpgid(2): pid 0 is the caller; -ESRCH for no such process. */
  public int getpgid(Process caller, int pid) {
    lock.lock();
    try {
      Process p = pid == 0 ? caller : lookup(caller, pid);
      return p == null ? -ESRCH : p.family.pgid;
    } finally {
      lock.unlock();
    }
  }

  /** getsid(2). */
  public int getsid(Process caller, int pid) {
    lock.lock();
    try {
      Process p = pid == 0 ? caller : lookup(caller, pid);
      return p == null ? -ESRCH : p.family.sid;
    } finally {
      lock.unlock();
    }
  }

  /**
   * setpgid(2): the caller or one of its children (not after it called execve: EACCES) moves to
   * group {@code pgid} (0: its own pid), which must exist in the same session unless it is the
   * target's own pid; a session leader cannot move (EPERM).
   */
  public int setpgid(Process caller, int pid, int pgid) {
    if (pgid < 0) {
      return -EINVAL;
    }
    lock.lock();
    try {
      Process p = pid == 0 ? caller : lookup(caller, pid);
      if (p == null || (p != caller && p.family.parent != caller)) {
        return -ESRCH;
      }
      if (p != caller && p.family.execed) {
        return -EACCES;
      }
      Process.Family f = p.family;
      if (f.sid != caller.family.sid || f.sid == f.pid) {
        return -EPERM;
      }
      int target = pgid == 0 ? f.pid : pgid;
      if (target != f.pid && !groupInSession(caller, target, f.sid)) {
        return -EPERM;
      }
      f.pgid = target;
      return 0;
    } finally {
      lock.unlock();
    }
  }

  private boolean groupInSession(Process caller, int pgid, int sid) {
    for (Process q : table.values()) {
      if (q.family.root == caller.family.root
          && q.family.pgid == pgid
          && q.family.sid == sid
          && q.family.state != Process.State.ZOMBIE) {
        return true;
      }
    }
    return false;
  }

  /** setsid(2): a new session and group led by the caller, unless it leads a group (EPERM). */
  public int setsid(Process caller) {
    lock.lock();
    try {
      int pid = caller.family.pid;
      for (Process q : table.values()) {
        if (q.family.pgid == pid && q.family.state != Process.State.ZOMBIE) {
          return -EPERM;
        }
      }
      caller.family.sid = pid;
      caller.family.pgid = pid;
      caller.family.foreground = pid;
      return pid;
    } finally {
      lock.unlock();
    }
  }

  /** The foreground process group of {@code p}'s session (the terminal's, tcgetpgrp). */
  public int foreground(Process p) {
    lock.lock();
    try {
      Process leader = table.get(p.family.sid);
      return leader != null ? leader.family.foreground : p.family.sid;
    } finally {
      lock.unlock();
    }
  }

  /**
   * tcsetpgrp: makes {@code pgid} the foreground group of {@code p}'s session; it must be a group
   * of that session (else EPERM).
   */
  public int setForeground(Process p, int pgid) {
    if (pgid < 0) {
      return -EINVAL;
    }
    lock.lock();
    try {
      if (!groupInSession(p, pgid, p.family.sid)) {
        return -EPERM;
      }
      Process leader = table.get(p.family.sid);
      if (leader != null) {
        leader.family.foreground = pgid;
      }
      return 0;
    } finally {
      lock.unlock();
    }
  }

  /** Marks {@code p} as having called execve (a parent can no longer setpgid it). */
  public void execed(Process p) {
    lock.lock();
    try {
      p.family.execed = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends {@code p} with {@code waitStatus} (the wait(2) encoding) and {@code usage}: it becomes a
   * zombie for its parent to reap (or is reaped at once when it has none), its children go to its
   * tree's root, and waiters wake. Returns the parent, which gets SIGCHLD, or null.
   */
  public Process exit(Process p, int waitStatus, Usage usage) {
    return exit(p, waitStatus, usage, false);
  }

  /**
   * {@link #exit(Process, int, Usage)}; with {@code noticeFollows}, no wait reaps {@code p} until
   * {@link #noticed} says its parent's SIGCHLD was sent, so that a parent whose wait returned finds
   * the signal already pending (or, ignored, already dropped), as on Linux.
   */
  public Process exit(Process p, int waitStatus, Usage usage, boolean noticeFollows) {
    lock.lock();
    try {
      Process.Family f = p.family;
      f.state = Process.State.ZOMBIE;
      f.noticePending = noticeFollows;
      f.waitStatus = waitStatus;
      f.usage = usage.plus(f.childUsage);
      Process reaper = f.root != p && f.root.family.state != Process.State.ZOMBIE ? f.root : null;
      for (Process c : f.children) {
        c.family.parent = reaper;
        c.family.ppid = ppidOf(c);
        if (reaper != null) {
          reaper.family.children.add(c);
        } else if (c.family.state == Process.State.ZOMBIE) {
          table.remove(c.family.pid);
        }
      }
      f.children.clear();
      Process parent = f.parent;
      if (parent == null || parent.signals().reapsChildren()) {
        table.remove(f.pid);
        if (parent != null) {
          parent.family.children.remove(p);
        }
      }
      changed.signalAll();
      return parent;
    } finally {
      lock.unlock();
    }
  }

  /** The SIGCHLD of ended {@code p} was sent (see {@link #exit(Process, int, Usage, boolean)}). */
  public void noticed(Process p) {
    lock.lock();
    try {
      p.family.noticePending = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Records that {@code p} stopped (by {@code sig}) or continued, for WUNTRACED/WCONTINUED. */
  public void stopped(Process p, int sig, boolean stop) {
    lock.lock();
    try {
      Process.Family f = p.family;
      if (f.state == Process.State.ZOMBIE) {
        return;
      }
      f.state = stop ? Process.State.STOPPED : Process.State.RUNNING;
      f.stopReport = stop ? sig : 0;
      f.continueReport = !stop;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Continues {@code p} if it is stopped (SIGCONT, SIGKILL): its stopped thread runs on, its parent
   * can see WCONTINUED and gets SIGCHLD (CLD_CONTINUED) unless it set SA_NOCLDSTOP.
   */
  public void continued(Process p) {
    Process parent;
    lock.lock();
    try {
      Process.Family f = p.family;
      if (f.state != Process.State.STOPPED) {
        return;
      }
      f.state = Process.State.RUNNING;
      f.stopReport = 0;
      f.continueReport = true;
      parent = f.parent;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    p.signals().wake();
    if (parent != null && parent.signals().wantsStopNotices()) {
      parent.childSignal(CLD_CONTINUED, p.pid(), Signals.SIGCONT);
    }
  }

  /**
   * Stops {@code p} by {@code sig} (the default action of SIGSTOP, SIGTSTP, ...) and blocks the
   * calling thread until it is continued or SIGKILL is pending.
   */
  public void stop(Process p, int sig) {
    Process parent;
    lock.lock();
    try {
      Process.Family f = p.family;
      f.state = Process.State.STOPPED;
      f.stopReport = sig;
      f.continueReport = false;
      parent = f.parent;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (parent != null && parent.signals().wantsStopNotices()) {
      parent.childSignal(CLD_STOPPED, p.pid(), sig);
    }
    lock.lock();
    try {
      while (p.family.state == Process.State.STOPPED
          && (p.signals().pending() & Signals.bit(Signals.SIGKILL)) == 0) {
        changed.await(50, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** si_code of SIGCHLD: the child stopped, continued. */
  static final int CLD_STOPPED = 5;

  static final int CLD_CONTINUED = 6;

  /** Wakes every waiter, so that each rechecks its condition (e.g. a signal arrived). */
  public void wakeAll() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** What a successful wait found: a child's pid, its wait status, and its usage (exits only). */
  public record Waited(int pid, int waitStatus, Usage usage) {

    /** A WNOHANG wait that found no child ready. */
    static final Waited NONE = new Waited(0, 0, Usage.ZERO);
  }

  /** The options wait4 accepts; others are EINVAL. */
  public static boolean validWait4Options(int options) {
    return (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) == 0;
  }

  /** The options waitid accepts; one of WEXITED, WSTOPPED, WCONTINUED is required. */
  public static boolean validWaitidOptions(int options) {
    int events = WEXITED | WSTOPPED | WCONTINUED;
    return (options & events) != 0
        && (options & ~(events | WNOHANG | WNOWAIT | WNOTHREAD | WALL | WCLONE)) == 0;
  }

  /**
   * Waits for a child of {@code caller} selected by ({@code idtype}, {@code id}) to change state as
   * {@code options} asks (WEXITED, WSTOPPED, WCONTINUED, WNOHANG, WNOWAIT). A reaped zombie leaves
   * the table and its usage joins the caller's children's usage.
   *
   * @param interrupted checked while blocked: true ends the wait with {@code -EINTR}
   * @return what it found, {@link Waited#NONE} (WNOHANG, nothing ready) or null with {@code
   *     errno[0]} set (ECHILD: no such child; EINTR)
   */
  public Waited waitChild(
      Process caller, int idtype, int id, int options, BooleanSupplier interrupted, int[] errno) {
    lock.lock();
    try {
      while (true) {
        boolean any = false;
        for (Process c : caller.family.children) {
          if (!selected(c, idtype, id)) {
            continue;
          }
          any = true;
          Waited w = ready(caller, c, options);
          if (w != null) {
            return w;
          }
        }
        if (!any) {
          errno[0] = ECHILD;
          return null;
        }
        if ((options & WNOHANG) != 0) {
          return Waited.NONE;
        }
        if (interrupted.getAsBoolean()) {
          errno[0] = EINTR;
          return null;
        }
        // A bounded wait: a missed wake-up costs at most this long.
        changed.await(50, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      errno[0] = EINTR;
      return null;
    } finally {
      lock.unlock();
    }
  }

  private static boolean selected(Process c, int idtype, int id) {
    switch (idtype) {
      case P_PID:
        return c.family.pid == id;
      case P_PGID:
        return c.family.pgid == id;
      default:
        return true;
    }
  }

  private Waited ready(Process caller, Process c, int options) {
    Process.Family f = c.family;
    boolean keep = (options & WNOWAIT) != 0;
    if (f.state == Process.State.ZOMBIE && !f.noticePending && (options & WEXITED) != 0) {
      if (!keep) {
        caller.family.children.remove(c);
        table.remove(f.pid);
        caller.family.childUsage = caller.family.childUsage.plus(f.usage);
      }
      return new Waited(f.pid, f.waitStatus, f.usage);
    }
    if (f.stopReport != 0 && (options & WSTOPPED) != 0) {
      int sig = f.stopReport;
      if (!keep) {
        f.stopReport = 0;
      }
      return new Waited(f.pid, (sig << 8) | 0x7f, Usage.ZERO);
    }
    if (f.continueReport && (options & WCONTINUED) != 0) {
      if (!keep) {
        f.continueReport = false;
      }
      return new Waited(f.pid, 0xffff, Usage.ZERO);
    }
    return null;
  }

  /** The usage of the reaped children of {@code p} (getrusage RUSAGE_CHILDREN). */
  public Usage childUsage(Process p) {
    lock.lock();
    try {
      return p.family.childUsage;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code p} has ended. */
  public boolean isZombie(Process p) {
    lock.lock();
    try {
      return p.family.state == Process.State.ZOMBIE;
    } finally {
      lock.unlock();
    }
  }

  /** The wait status of an exit with {@code code}. */
  public static int exitedStatus(int code) {
    return (code & 0xff) << 8;
  }

  /** The wait status of a death by signal {@code sig}. */
  public static int signaledStatus(int sig, boolean coreDumped) {
    return (sig & 0x7f) | (coreDumped ? 0x80 : 0);
  }
}
