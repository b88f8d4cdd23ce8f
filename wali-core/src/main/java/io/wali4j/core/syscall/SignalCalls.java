package io.wali4j.core.syscall;

import io.wali4j.core.kernel.AltStack;
import io.wali4j.core.kernel.CpuTimers;
import io.wali4j.core.kernel.IntervalTimer;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.Signals;
import io.wali4j.core.kernel.WaliThread;
import java.util.List;

/**
 * Signals between WALI processes (all virtual: no host process is signalled): dispositions, masks,
 * pending sets, kill and its thread variants, waiting for a signal, and the interval timers.
 * Delivery itself happens at syscall return ({@link SignalDelivery}).
 */
final class SignalCalls {

  static final int SIG_BLOCK = 0;
  static final int SIG_UNBLOCK = 1;
  static final int SIG_SETMASK = 2;

  /** The kernel's sigset_t: 8 bytes, whatever the libc's sigset_t size (128 on WALI). */
  static final int KERNEL_SIGSET = 8;

  static final int SI_USER = 0;
  static final int SI_TKILL = -6;

  // struct sigaction as the WALI libc passes it (wali-abi.md section D)
  static final int SA_HANDLER = 0;
  static final int SA_MASK = 8;
  static final int SA_FLAGS = 136;
  static final int SA_RESTORER = 140;
  static final int SIGACTION_SIZE = 144;

  static final int ITIMER_REAL = 0;
  static final int ITIMER_PROF = 2;
  static final int ITIMERVAL_SIZE = 32;

  @WaliImport("SYS_rt_sigaction")
  long rtSigaction(Ctx c, int sig, int act, int oldact, int sigsetsize) {
    if (sigsetsize != KERNEL_SIGSET || !Signals.valid(sig)) {
      return -Errno.EINVAL;
    }
    long in = c.addrOrNull(act, SIGACTION_SIZE);
    long out = c.addrOrNull(oldact, SIGACTION_SIZE);
    if (in != 0 && (sig == Signals.SIGKILL || sig == Signals.SIGSTOP)) {
      return -Errno.EINVAL;
    }
    Signals signals = c.p.signals();
    Signals.Action old;
    if (in != 0) {
      Signals.Action a =
          new Signals.Action(
              NativeAccess.U.getInt(in + SA_HANDLER),
              NativeAccess.U.getLong(in + SA_MASK) & ~SignalMask.UNBLOCKABLE,
              NativeAccess.U.getInt(in + SA_FLAGS),
              NativeAccess.U.getInt(in + SA_RESTORER));
      old = signals.setAction(sig, a);
    } else {
      old = signals.action(sig);
    }
    if (out != 0) {
      NativeAccess.U.putInt(out + SA_HANDLER, old.handler());
      NativeAccess.U.putLong(out + SA_MASK, old.mask());
      NativeAccess.U.putInt(out + SA_FLAGS, old.flags());
      NativeAccess.U.putInt(out + SA_RESTORER, old.restorer());
    }
    return 0;
  }

  @WaliImport("SYS_rt_sigprocmask")
  long rtSigprocmask(Ctx c, int how, int set, int oldset, int sigsetsize) {
    if (sigsetsize != KERNEL_SIGSET) {
      return -Errno.EINVAL;
    }
    long in = c.addrOrNull(set, KERNEL_SIGSET);
    long out = c.addrOrNull(oldset, KERNEL_SIGSET);
    long old = SignalMask.get();
    if (in != 0) {
      long s = NativeAccess.U.getLong(in);
      switch (how) {
        case SIG_BLOCK:
          SignalMask.set(old | s);
          break;
        case SIG_UNBLOCK:
          SignalMask.set(old & ~s);
          break;
        case SIG_SETMASK:
          SignalMask.set(s);
          break;
        default:
          return -Errno.EINVAL;
      }
    }
    if (out != 0) {
      NativeAccess.U.putLong(out, old);
    }
    long newlyBlocked = SignalMask.get() & ~old;
    if ((newlyBlocked & c.p.signals().pendingForProcess()) != 0) {
      c.p.threads().retarget(newlyBlocked); // this thread may have been the one to take them
    }
    return 0;
  }

  /**
   * The pending signals that are blocked (those not blocked are being delivered): the calling
   * thread's own and the process's.
   */
  @WaliImport("SYS_rt_sigpending")
  long rtSigpending(Ctx c, int set, int sigsetsize) {
    if (sigsetsize > KERNEL_SIGSET) {
      return -Errno.EINVAL;
    }
    long out = c.addr(set, KERNEL_SIGSET);
    NativeAccess.U.putLong(out, c.p.signals().pending() & SignalMask.get());
    return 0;
  }

  /**
   * Waits with {@code mask} in force until a signal is delivered; the old mask comes back after its
   * handler ran. Ends with EINTR once a handler ran in this thread; a wake-up that runs none (a
   * signal another thread took, a stop and a continue, a signal whose default is to do nothing)
   * makes the call again with the mask at {@code set} read anew, as Linux's ERESTARTNOHAND does.
   */
  @WaliImport("SYS_rt_sigsuspend")
  long rtSigsuspend(Ctx c, int set, int sigsetsize) {
    if (sigsetsize != KERNEL_SIGSET) {
      return -Errno.EINVAL;
    }
    long mask = NativeAccess.U.getLong(c.addr(set, KERNEL_SIGSET));
    SignalMask.setTemporary(mask);
    c.p.signals().sleep(-1, SignalMask.get());
    long r = endOfWait(c);
    WaitMask.finish(c, true, r, SignalDelivery.ERESTARTNOHAND);
    return r;
  }

  /**
   * What a wait for a signal returns: made again when no handler runs, unless the process is ending
   * (the thread then stops at the safe point after the call).
   */
  private static long endOfWait(Ctx c) {
    return c.p.threads().exiting() ? -Errno.EINTR : SignalDelivery.ERESTARTNOHAND;
  }

  /**
   * rt_sigtimedwait(2), behind sigwait and sigtimedwait: takes a pending signal of {@code set} (the
   * calling thread's own first, then the process's), waiting up to {@code timeout} (NULL: forever)
   * for one; fills {@code info} and returns the signal. EAGAIN when the time runs out, EINTR when
   * another signal that the mask lets through comes first (never restarted).
   */
  @WaliImport("SYS_rt_sigtimedwait")
  long rtSigtimedwait(Ctx c, int set, int info, int timeout, int sigsetsize) {
    if (sigsetsize != KERNEL_SIGSET) {
      return -Errno.EINVAL;
    }
    long want = NativeAccess.U.getLong(c.addr(set, KERNEL_SIGSET)) & ~SignalMask.UNBLOCKABLE;
    long out = c.addrOrNull(info, SignalDelivery.SIGINFO_SIZE);
    long nanos = -1;
    if (timeout != 0) {
      long ts = c.addr(timeout, 16);
      long sec = NativeAccess.U.getLong(ts);
      long nsec = NativeAccess.U.getLong(ts + 8);
      if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
        return -Errno.EINVAL;
      }
      nanos =
          sec > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
    }
    long mask = SignalMask.get();
    Signals.Taken t = c.p.signals().awaitOneOf(want, mask, nanos);
    if (t == null) {
      return c.p.signals().deliverable(mask & ~want) ? -Errno.EINTR : -Errno.EAGAIN;
    }
    if (out != 0) {
      SignalDelivery.siginfo(c, out, t);
    }
    return t.sig();
  }

  /** Waits until a handler ran in this thread (EINTR), as rt_sigsuspend with the mask as it is. */
  @WaliImport("SYS_pause")
  long pause(Ctx c) {
    c.p.signals().sleep(-1, SignalMask.get());
    return endOfWait(c);
  }

  /** Nothing to undo: the runtime returns from handlers itself (no sigreturn trampoline). */
  @WaliImport("SYS_rt_sigreturn")
  long rtSigreturn(Ctx c, long unused) {
    return 0;
  }

  /**
   * sigaltstack(2) of the calling thread. An SA_ONSTACK handler then runs with the module's C stack
   * pointer moved to the top of this stack ({@link SignalDelivery}); while one runs, SS_ONSTACK is
   * reported and the stack cannot be changed (EPERM).
   */
  @WaliImport("SYS_sigaltstack")
  long sigaltstack(Ctx c, int ss, int oldSs) {
    long in = c.addrOrNull(ss, 12);
    long out = c.addrOrNull(oldSs, 12);
    WaliThread self = c.p.threads().current();
    AltStack alt = self != null ? self.altStack() : new AltStack();
    int[] prev = alt.get();
    boolean onStack = alt.inUse();
    if (onStack) {
      prev[1] = AltStack.SS_ONSTACK;
    }
    if (in != 0) {
      if (onStack) {
        return -Errno.EPERM;
      }
      int sp = NativeAccess.U.getInt(in);
      int flags = NativeAccess.U.getInt(in + 4);
      int size = NativeAccess.U.getInt(in + 8);
      final int ssAutodisarm = 0x80000000;
      final int minsigstksz = 2048;
      if ((flags & ~AltStack.SS_DISABLE & ~ssAutodisarm) != 0) {
        return -Errno.EINVAL;
      }
      if ((flags & AltStack.SS_DISABLE) != 0) {
        alt.set(0, AltStack.SS_DISABLE, 0);
      } else {
        if (Integer.toUnsignedLong(size) < minsigstksz) {
          return -Errno.ENOMEM;
        }
        alt.set(sp, 0, size);
      }
    }
    if (out != 0) {
      NativeAccess.U.putInt(out, prev[0]);
      NativeAccess.U.putInt(out + 4, prev[1]);
      NativeAccess.U.putInt(out + 8, prev[2]);
    }
    return 0;
  }

  /**
   * kill(2): pid > 0 that process, 0 the caller's group, -1 every process of the caller's tree but
   * itself, < -1 group -pid. Signal 0 only checks that a target exists. As in Linux, a missing
   * target (ESRCH) is reported before an invalid signal (EINVAL, from check_kill_permission).
   */
  @WaliImport("SYS_kill")
  long kill(Ctx c, int pid, int sig) {
    Process me = c.p;
    List<Process> targets;
    if (pid > 0) {
      Process t = me.kernel().find(me, pid);
      targets = t == null ? List.of() : List.of(t);
    } else if (pid == -1) {
      targets = me.kernel().tree(me);
      targets.remove(me);
    } else {
      int pgid = pid == 0 ? me.kernel().pgid(me) : -pid;
      targets = me.kernel().group(me, pgid);
    }
    if (targets.isEmpty()) {
      return -Errno.ESRCH;
    }
    if (sig != 0 && !Signals.valid(sig)) {
      return -Errno.EINVAL;
    }
    if (sig != 0) {
      for (Process t : targets) {
        t.signal(sig, SI_USER, me.pid());
      }
    }
    return 0;
  }

  /**
   * tkill(2). A thread id names one of the caller's own threads or another process's main thread
   * (the process's id); the signal becomes pending for that thread alone, which takes it even when
   * another thread leaves it unblocked. Linux's order of checks: a tid that is not positive
   * (EINVAL), no such thread (ESRCH), then an invalid signal (EINVAL).
   */
  @WaliImport("SYS_tkill")
  long tkill(Ctx c, int tid, int sig) {
    if (tid <= 0) {
      return -Errno.EINVAL;
    }
    WaliThread own = c.p.threads().thread(tid);
    if (own != null) {
      return sendToThread(c, c.p, own, sig);
    }
    Process t = c.p.kernel().find(c.p, tid);
    return sendToThread(c, t, t == null ? null : t.threads().thread(tid), sig);
  }

  /** tgkill(2): thread {@code tid} of process {@code tgid}, as {@link #tkill}. */
  @WaliImport("SYS_tgkill")
  long tgkill(Ctx c, int tgid, int tid, int sig) {
    if (tgid <= 0 || tid <= 0) {
      return -Errno.EINVAL;
    }
    Process g = c.p.kernel().find(c.p, tgid);
    WaliThread t = g == null ? null : g.threads().thread(tid);
    if (g != null && tid != tgid && t == null) {
      g = null;
    }
    return sendToThread(c, g, t, sig);
  }

  /**
   * Sends {@code sig} to thread {@code t} of process {@code p}; {@code t} null (a main thread that
   * has ended while its process lives on, or a process running a host program) makes the signal the
   * process's.
   */
  private static long sendToThread(Ctx c, Process p, WaliThread t, int sig) {
    if (p == null) {
      return -Errno.ESRCH;
    }
    if (sig != 0 && !Signals.valid(sig)) {
      return -Errno.EINVAL;
    }
    if (sig != 0) {
      p.signal(t, sig, SI_TKILL, c.p.pid());
    }
    return 0;
  }

  // siginfo_t as rt_sigqueueinfo takes it (SignalDelivery writes the same fields)
  static final int SI_CODE = 8;
  static final int SI_PID = 16;
  static final int SI_VALUE = 24;

  /**
   * rt_sigqueueinfo(2), behind sigqueue: sends {@code sig} to process {@code tgid} with the
   * si_code, si_pid and si_value of {@code uinfo}; a real-time signal queues each one with its
   * value. As Linux: the siginfo is read first (EFAULT); a code that is not negative, or SI_TKILL,
   * may only be sent to the caller itself (EPERM: it would impersonate kill or the kernel); then a
   * missing process (ESRCH), then an invalid signal (EINVAL).
   */
  @WaliImport("SYS_rt_sigqueueinfo")
  long rtSigqueueinfo(Ctx c, int tgid, int sig, int uinfo) {
    long in = c.addr(uinfo, SignalDelivery.SIGINFO_SIZE);
    int code = NativeAccess.U.getInt(in + SI_CODE);
    if ((code >= 0 || code == SI_TKILL) && tgid != c.p.pid()) {
      return -Errno.EPERM;
    }
    Process t = c.p.kernel().find(c.p, tgid);
    if (t == null) {
      return -Errno.ESRCH;
    }
    return queue(c, t, null, sig, in);
  }

  /** rt_tgsigqueueinfo(2): as {@link #rtSigqueueinfo}, to thread {@code tid} of {@code tgid}. */
  @WaliImport("SYS_rt_tgsigqueueinfo")
  long rtTgsigqueueinfo(Ctx c, int tgid, int tid, int sig, int uinfo) {
    long in = c.addr(uinfo, SignalDelivery.SIGINFO_SIZE);
    if (tgid <= 0 || tid <= 0) {
      return -Errno.EINVAL;
    }
    int code = NativeAccess.U.getInt(in + SI_CODE);
    if ((code >= 0 || code == SI_TKILL) && tid != c.p.threads().currentTid()) {
      return -Errno.EPERM;
    }
    Process g = c.p.kernel().find(c.p, tgid);
    WaliThread t = g == null ? null : g.threads().thread(tid);
    if (g == null || (t == null && tid != tgid)) {
      return -Errno.ESRCH;
    }
    return queue(c, g, t, sig, in);
  }

  private static long queue(Ctx c, Process p, WaliThread t, int sig, long info) {
    if (sig != 0 && !Signals.valid(sig)) {
      return -Errno.EINVAL;
    }
    if (sig != 0) {
      p.queue(
          t,
          new Signals.Taken(
              sig,
              NativeAccess.U.getInt(info + SI_CODE),
              NativeAccess.U.getInt(info + SI_PID),
              0,
              NativeAccess.U.getInt(info + SI_VALUE)));
    }
    return 0;
  }

  /** Returns the seconds that were left, rounded as Linux does (a half second counts as one). */
  @WaliImport("SYS_alarm")
  long alarm(Ctx c, int seconds) {
    long[] old = c.p.timer().set(Integer.toUnsignedLong(seconds) * 1_000_000_000L, 0);
    long secs = old[0] / 1_000_000_000L;
    long usec = (old[0] % 1_000_000_000L) / 1000;
    if ((secs == 0 && usec != 0) || usec >= 500_000) {
      secs++;
    }
    return secs;
  }

  /**
   * setitimer(2): ITIMER_REAL runs on the monotonic clock ({@link IntervalTimer}), ITIMER_VIRTUAL
   * and ITIMER_PROF on the process's CPU time ({@link CpuTimers}).
   */
  @WaliImport("SYS_setitimer")
  long setitimer(Ctx c, int which, int value, int ovalue) {
    if (which < ITIMER_REAL || which > ITIMER_PROF) {
      return -Errno.EINVAL;
    }
    long in = c.addrOrNull(value, ITIMERVAL_SIZE);
    long out = c.addrOrNull(ovalue, ITIMERVAL_SIZE);
    long interval = 0;
    long start = 0;
    if (in != 0) {
      interval = timeval(in);
      start = timeval(in + 16);
      if (interval < 0 || start < 0) {
        return -Errno.EINVAL;
      }
    }
    long[] old;
    if (which == ITIMER_REAL) {
      old = in != 0 ? c.p.timer().set(start, interval) : c.p.timer().get();
    } else {
      old = in != 0 ? c.p.cpuTimers().set(which, start, interval) : c.p.cpuTimers().get(which);
    }
    if (out != 0) {
      putTimeval(out, old[1]);
      putTimeval(out + 16, old[0]);
    }
    return 0;
  }

  @WaliImport("SYS_getitimer")
  long getitimer(Ctx c, int which, int value) {
    if (which < ITIMER_REAL || which > ITIMER_PROF) {
      return -Errno.EINVAL;
    }
    long out = c.addr(value, ITIMERVAL_SIZE);
    long[] now = which == ITIMER_REAL ? c.p.timer().get() : c.p.cpuTimers().get(which);
    putTimeval(out, now[1]);
    putTimeval(out + 16, now[0]);
    return 0;
  }

  /** A struct timeval in nanoseconds, or -1 when it is not a valid one. */
  private static long timeval(long at) {
    long sec = NativeAccess.U.getLong(at);
    long usec = NativeAccess.U.getLong(at + 8);
    if (sec < 0 || usec < 0 || usec >= 1_000_000) {
      return -1;
    }
    return sec * 1_000_000_000L + usec * 1000;
  }

  private static void putTimeval(long at, long nanos) {
    long usec = (nanos + 999) / 1000;
    NativeAccess.U.putLong(at, usec / 1_000_000);
    NativeAccess.U.putLong(at + 8, usec % 1_000_000);
  }
}
