package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;

import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.ResourceLimits;
import io.wali4j.core.kernel.Sched;
import io.wali4j.core.kernel.WaliThread;
import java.util.ArrayList;
import java.util.List;

/**
 * Scheduling policies and nice values (sched(7), setpriority(2)): sched_setscheduler,
 * sched_getscheduler, sched_setparam, sched_getparam, sched_get_priority_max,
 * sched_get_priority_min, sched_rr_get_interval, getpriority, setpriority.
 *
 * <p>A WALI thread runs on a JVM thread, and a real-time policy or a priority would act on the JVM
 * (and need privileges it should not use for a guest). So both are virtual, kept per thread ({@link
 * Sched}, inherited by new threads and forked children as Linux does): SCHED_OTHER (the default),
 * SCHED_BATCH and SCHED_IDLE with priority 0 are accepted and reported back, with
 * SCHED_RESET_ON_FORK; SCHED_FIFO and SCHED_RR are refused with EPERM, what a process without
 * CAP_SYS_NICE whose RLIMIT_RTPRIO is 0 gets (and getrlimit reports it 0); leaving SCHED_IDLE is
 * EPERM unless RLIMIT_NICE allows the thread's nice value, and so is clearing SCHED_RESET_ON_FORK,
 * as for such a process. A nice value may be raised, and lowered only as far as RLIMIT_NICE allows
 * (EACCES beyond: by default a thread can never lower it again, as an unprivileged process). Bad
 * policies and priorities are EINVAL, a negative pid or NULL param EINVAL, an unknown pid ESRCH, a
 * param outside memory EFAULT, in Linux's order. A pid names the calling thread (0), one of the
 * process's threads (its tid) or another process of the caller's tree (its main thread), all of the
 * same user, as Linux allows.
 */
final class SchedCalls {

  static final int SCHED_OTHER = 0;
  static final int SCHED_FIFO = 1;
  static final int SCHED_RR = 2;
  static final int SCHED_BATCH = 3;
  static final int SCHED_IDLE = 5;
  static final int SCHED_DEADLINE = 6;
  static final int RESET = Sched.RESET_ON_FORK;

  /** The highest real-time priority (MAX_RT_PRIO - 1). */
  static final int MAX_RT_PRIORITY = 99;

  /** sched_setparam's policy: the target's own (SETPARAM_POLICY). */
  private static final int KEEP_POLICY = -1;

  /** RLIMIT_NICE's value for nice 0 (nice_to_rlimit). */
  private static final int NICE_0_RLIMIT = 20;

  /** The thread (or process) whose policy a call reads or sets. */
  private record Target(Process p, WaliThread t) {
    Sched sched() {
      return t != null ? t.sched() : p.sched();
    }

    int policy() {
      return sched().policy();
    }

    void sched(Sched s) {
      if (t != null) {
        t.sched(s);
      }
      if (t == null || t.tid() == p.pid()) {
        p.sched(s); // the main thread's: what a new main thread starts with
      }
    }

    /** Whether the thread may have nice {@code nice} (can_nice: RLIMIT_NICE's 20 - nice). */
    boolean canNice(int nice) {
      long limit = p.rlimits().current(ResourceLimits.RLIMIT_NICE);
      return Long.compareUnsigned(NICE_0_RLIMIT - nice, limit) <= 0;
    }
  }

  /** pid 0: the caller; a tid of the process: that thread; another pid: that process. */
  private static Target target(Ctx c, int pid) {
    if (pid == 0) {
      return new Target(c.p, c.p.threads().current());
    }
    WaliThread own = c.p.threads().thread(pid);
    if (own != null) {
      return new Target(c.p, own);
    }
    Process other = c.p.kernel().find(c.p, pid);
    if (other == null) {
      throw SyscallError.ESRCH;
    }
    return new Target(other, other.threads().thread(pid));
  }

  @WaliImport("SYS_sched_setscheduler")
  long schedSetscheduler(Ctx c, int pid, int policy, int param) {
    if (policy < 0) {
      return -Errno.EINVAL;
    }
    return set(c, pid, policy, param);
  }

  @WaliImport("SYS_sched_setparam")
  long schedSetparam(Ctx c, int pid, int param) {
    return set(c, pid, KEEP_POLICY, param);
  }

  private static long set(Ctx c, int pid, int policy, int param) {
    if (param == 0 || pid < 0) {
      return -Errno.EINVAL;
    }
    int priority = U.getInt(c.addr(param, 4));
    Target t = target(c, pid);
    Sched sched = t.sched();
    int current = sched.policy();
    boolean reset = ((policy == KEEP_POLICY ? current : policy) & RESET) != 0;
    int p = policy == KEEP_POLICY ? current & ~RESET : policy & ~RESET;
    boolean realTime = p == SCHED_FIFO || p == SCHED_RR;
    if (!(realTime || p == SCHED_OTHER || p == SCHED_BATCH || p == SCHED_IDLE)
        || Integer.compareUnsigned(priority, MAX_RT_PRIORITY) > 0
        || realTime != (priority != 0)) {
      return -Errno.EINVAL; // SCHED_DEADLINE too: it needs sched_setattr's runtime and deadline
    }
    if (realTime) {
      return -Errno.EPERM; // RLIMIT_RTPRIO is 0 and cannot be raised (ResourceLimits)
    }
    if ((current & ~RESET) == SCHED_IDLE && p != SCHED_IDLE && !t.canNice(sched.nice())) {
      return -Errno.EPERM;
    }
    if ((current & RESET) != 0 && !reset) {
      return -Errno.EPERM;
    }
    t.sched(new Sched(p | (reset ? RESET : 0), sched.nice()));
    return 0;
  }

  @WaliImport("SYS_sched_getscheduler")
  long schedGetscheduler(Ctx c, int pid) {
    if (pid < 0) {
      return -Errno.EINVAL;
    }
    return target(c, pid).policy();
  }

  /** The priority: always 0, the only one the accepted policies have. */
  @WaliImport("SYS_sched_getparam")
  long schedGetparam(Ctx c, int pid, int param) {
    if (param == 0 || pid < 0) {
      return -Errno.EINVAL;
    }
    target(c, pid);
    U.putInt(c.addr(param, 4), 0);
    return 0;
  }

  @WaliImport("SYS_sched_get_priority_max")
  long schedGetPriorityMax(Ctx c, int policy) {
    return priorityRange(policy, MAX_RT_PRIORITY);
  }

  @WaliImport("SYS_sched_get_priority_min")
  long schedGetPriorityMin(Ctx c, int policy) {
    return priorityRange(policy, 1);
  }

  private static long priorityRange(int policy, int realTime) {
    switch (policy) {
      case SCHED_FIFO:
      case SCHED_RR:
        return realTime;
      case SCHED_OTHER:
      case SCHED_BATCH:
      case SCHED_IDLE:
      case SCHED_DEADLINE:
        return 0;
      default:
        return -Errno.EINVAL;
    }
  }

  /**
   * The time slice of the target: every accepted policy is a fair one, whose slice the host gives
   * for the calling JVM thread (a WALI thread runs on one).
   */
  @WaliImport("SYS_sched_rr_get_interval")
  long schedRrGetInterval(Ctx c, int pid, int interval) {
    if (pid < 0) {
      return -Errno.EINVAL;
    }
    target(c, pid);
    return c.sys2(c.nr.sched_rr_get_interval, 0, c.addr(interval, ThreadCalls.TIMESPEC_SIZE));
  }

  static final int PRIO_PROCESS = 0;
  static final int PRIO_PGRP = 1;
  static final int PRIO_USER = 2;
  static final int MIN_NICE = -20;
  static final int MAX_NICE = 19;

  /**
   * The threads {@code which} and {@code who} name (kernel/sys.c): PRIO_PROCESS a thread (0: the
   * caller), PRIO_PGRP every thread of a process group's processes (0: the caller's), PRIO_USER
   * every thread of the processes of the caller's user (0 or the uid: all of the caller's tree, as
   * every WALI process runs as the JVM's user). EINVAL for another {@code which}.
   */
  private static List<Target> targets(Ctx c, int which, int who) {
    List<Target> out = new ArrayList<>();
    List<Process> processes;
    switch (which) {
      case PRIO_PROCESS:
        try {
          out.add(target(c, who));
        } catch (SyscallError e) {
          // no such thread: nothing matches (ESRCH)
        }
        return out;
      case PRIO_PGRP:
        processes = c.p.kernel().group(c.p, who == 0 ? c.p.kernel().pgid(c.p) : who);
        break;
      case PRIO_USER:
        processes =
            who == 0 || who == (int) c.sys0(c.nr.getuid) ? c.p.kernel().tree(c.p) : List.of();
        break;
      default:
        throw SyscallError.EINVAL;
    }
    for (Process p : processes) {
      List<WaliThread> threads = p.threads().all();
      if (threads.isEmpty()) {
        out.add(new Target(p, null));
      }
      for (WaliThread t : threads) {
        out.add(new Target(p, t));
      }
    }
    return out;
  }

  /**
   * getpriority(2) as the kernel answers it: 20 - nice of the highest priority (lowest nice) among
   * the threads named (the libc turns it back into a nice value); ESRCH when none.
   */
  @WaliImport("SYS_getpriority")
  long getpriority(Ctx c, int which, int who) {
    List<Target> targets = targets(c, which, who);
    if (targets.isEmpty()) {
      return -Errno.ESRCH;
    }
    int best = MAX_NICE;
    for (Target t : targets) {
      best = Math.min(best, t.sched().nice());
    }
    return NICE_0_RLIMIT - best;
  }

  /**
   * setpriority(2): {@code nice} clamped to [-20, 19] for every thread named; one lowered below its
   * nice further than RLIMIT_NICE allows is EACCES (the others still change, as Linux goes on).
   */
  @WaliImport("SYS_setpriority")
  long setpriority(Ctx c, int which, int who, int nice) {
    List<Target> targets = targets(c, which, who);
    if (targets.isEmpty()) {
      return -Errno.ESRCH;
    }
    int n = Math.max(MIN_NICE, Math.min(MAX_NICE, nice));
    long error = 0;
    for (Target t : targets) {
      Sched s = t.sched();
      if (n < s.nice() && !t.canNice(n)) {
        error = -Errno.EACCES;
        continue;
      }
      t.sched(new Sched(s.policy(), n));
    }
    return error;
  }
}
