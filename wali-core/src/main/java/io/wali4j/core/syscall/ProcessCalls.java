package io.wali4j.core.syscall;

import io.wali4j.core.exec.Memory;
import io.wali4j.core.kernel.Kernel;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.WaliThread;

/**
 * Processes in the {@link Kernel}'s table: fork, wait4/waitid, execve, and the ids of the process
 * tree (ppid, process group, session). Pids are virtual: none of these calls reaches a host
 * process.
 */
final class ProcessCalls {

  static final int ECHILD = 10;
  static final int SIGCHLD = 17;

  static final int CLD_EXITED = 1;
  static final int CLD_KILLED = 2;
  static final int CLD_DUMPED = 3;
  static final int CLD_STOPPED = 5;
  static final int CLD_CONTINUED = 6;

  static final int SIGINFO_SIZE = 128;
  static final int RUSAGE_CHILDREN = -1;

  @WaliImport("SYS_fork")
  long fork(Ctx c) {
    return c.p.image().fork(c.p);
  }

  /** The parent is not suspended until the child execs or exits: vfork as fork (allowed). */
  @WaliImport("SYS_vfork")
  long vfork(Ctx c) {
    return fork(c);
  }

  static final int CSIGNAL = 0xff;
  static final int CLONE_VM = 0x100;
  static final int CLONE_FS = 0x200;
  static final int CLONE_FILES = 0x400;
  static final int CLONE_SIGHAND = 0x800;
  static final int CLONE_PIDFD = 0x1000;
  static final int CLONE_PTRACE = 0x2000;
  static final int CLONE_VFORK = 0x4000;
  static final int CLONE_PARENT = 0x8000;
  static final int CLONE_THREAD = 0x10000;
  static final int CLONE_NEWNS = 0x20000;
  static final int CLONE_SYSVSEM = 0x40000;
  static final int CLONE_SETTLS = 0x80000;
  static final int CLONE_PARENT_SETTID = 0x100000;
  static final int CLONE_CHILD_CLEARTID = 0x200000;
  static final int CLONE_DETACHED = 0x400000;
  static final int CLONE_UNTRACED = 0x800000;
  static final int CLONE_CHILD_SETTID = 0x1000000;
  static final int CLONE_NEWCGROUP = 0x2000000;
  static final int CLONE_NEWUTS = 0x4000000;
  static final int CLONE_NEWIPC = 0x8000000;
  static final int CLONE_NEWUSER = 0x10000000;
  static final int CLONE_NEWPID = 0x20000000;
  static final int CLONE_NEWNET = 0x40000000;
  static final int CLONE_IO = 0x80000000;

  static final int CLONE_NAMESPACES =
      CLONE_NEWNS
          | CLONE_NEWCGROUP
          | CLONE_NEWUTS
          | CLONE_NEWIPC
          | CLONE_NEWUSER
          | CLONE_NEWPID
          | CLONE_NEWNET;

  /**
   * Flags a fork-like clone honours or that change nothing here: the tid stores, CLONE_VFORK (the
   * parent is not suspended, as vfork), and CLONE_PTRACE, CLONE_UNTRACED (no tracer),
   * CLONE_DETACHED (ignored by Linux), CLONE_IO (I/O scheduling), CLONE_SYSVSEM (no System V
   * semaphores exist).
   */
  static final int CLONE_FORK_FLAGS =
      CLONE_PARENT_SETTID
          | CLONE_CHILD_SETTID
          | CLONE_CHILD_CLEARTID
          | CLONE_VFORK
          | CLONE_PTRACE
          | CLONE_UNTRACED
          | CLONE_DETACHED
          | CLONE_IO
          | CLONE_SYSVSEM;

  /**
   * clone(2) in x86_64's argument order. Only the fork shape exists: exit signal SIGCHLD, no
   * sharing, plus {@link #CLONE_FORK_FLAGS}. Linux's checks come first, in its order: EINVAL for
   * the contradictory combinations (CLONE_PIDFD with CLONE_PARENT_SETTID, which share the pointer
   * in this form; CLONE_NEWNS or CLONE_NEWUSER with CLONE_FS; CLONE_THREAD without CLONE_SIGHAND;
   * CLONE_SIGHAND without CLONE_VM; CLONE_THREAD with CLONE_NEWUSER or CLONE_NEWPID; CLONE_PIDFD
   * with CLONE_DETACHED or CLONE_THREAD), then EPERM for a new namespace (an unprivileged process),
   * then ENOSYS for what cannot be emulated (shared memory, files, fs, signal handlers, threads,
   * TLS, pidfds, CLONE_PARENT, another exit signal): a libc falls back on fork or threads. Only the
   * low 32 bits of the flags count, as on Linux. A new stack means nothing to a Wasm program
   * without CLONE_VM (its stack is not the machine's) and is ignored. The tid stores are Linux's:
   * the child's pid at {@code parentTid} in the parent's memory after the copy, at {@code childTid}
   * in the child's before it runs; a pointer outside memory is skipped, as Linux ignores a faulting
   * store there. CLONE_CHILD_CLEARTID clears and wakes {@code childTid} at the exit of the child's
   * thread, as set_tid_address.
   */
  @WaliImport("SYS_clone")
  long clone(Ctx c, long flags, int stack, int parentTid, int childTid, long tls) {
    int f = (int) flags;
    if ((f & CLONE_PIDFD) != 0 && (f & CLONE_PARENT_SETTID) != 0) {
      return -Errno.EINVAL;
    }
    if ((f & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)
        || (f & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS)
        || ((f & CLONE_THREAD) != 0 && (f & CLONE_SIGHAND) == 0)
        || ((f & CLONE_SIGHAND) != 0 && (f & CLONE_VM) == 0)
        || ((f & CLONE_THREAD) != 0 && (f & (CLONE_NEWUSER | CLONE_NEWPID)) != 0)
        || ((f & CLONE_PIDFD) != 0 && (f & (CLONE_DETACHED | CLONE_THREAD)) != 0)) {
      return -Errno.EINVAL;
    }
    if ((f & CLONE_NAMESPACES) != 0) {
      return -Errno.EPERM;
    }
    if ((f & CSIGNAL) != SIGCHLD || (f & ~(CSIGNAL | CLONE_FORK_FLAGS)) != 0) {
      return -Errno.ENOSYS;
    }
    boolean setTid = (f & CLONE_CHILD_SETTID) != 0;
    boolean clearTid = (f & CLONE_CHILD_CLEARTID) != 0;
    int pid =
        c.p
            .image()
            .fork(
                c.p,
                child -> {
                  int tid = child.threads().currentTid();
                  if (setTid) {
                    storeTid(child.memory(), childTid, tid);
                  }
                  WaliThread t = child.threads().current();
                  if (clearTid && t != null) {
                    t.clearChildTid(childTid);
                  }
                });
    if (pid > 0 && (f & CLONE_PARENT_SETTID) != 0) {
      storeTid(c.p.memory(), parentTid, pid);
    }
    return pid;
  }

  /** Stores {@code tid} at {@code ptr} when the 4 bytes lie inside {@code m}; else nothing. */
  private static void storeTid(Memory m, int ptr, int tid) {
    long ea = ptr & 0xFFFFFFFFL;
    if (m != null && ea + 4 <= m.size()) {
      NativeAccess.U.putInt(m.backing().address() + ea, tid);
    }
  }

  @WaliImport("SYS_getppid")
  long getppid(Ctx c) {
    return c.p.kernel().ppid(c.p);
  }

  @WaliImport("SYS_getpgid")
  long getpgid(Ctx c, int pid) {
    return c.p.kernel().getpgid(c.p, pid);
  }

  @WaliImport("SYS_getpgrp")
  long getpgrp(Ctx c) {
    return c.p.kernel().pgid(c.p);
  }

  @WaliImport("SYS_setpgid")
  long setpgid(Ctx c, int pid, int pgid) {
    return c.p.kernel().setpgid(c.p, pid, pgid);
  }

  @WaliImport("SYS_getsid")
  long getsid(Ctx c, int pid) {
    return c.p.kernel().getsid(c.p, pid);
  }

  @WaliImport("SYS_setsid")
  long setsid(Ctx c) {
    return c.p.kernel().setsid(c.p);
  }

  /** wait4(2): pid < -1 is group -pid, -1 any child, 0 the caller's group, > 0 that child. */
  @WaliImport("SYS_wait4")
  long wait4(Ctx c, int pid, int wstatus, int options, int rusage) {
    if (!Kernel.validWait4Options(options)) {
      return -Errno.EINVAL;
    }
    long statusAt = c.addrOrNull(wstatus, 4);
    long usageAt = c.addrOrNull(rusage, Layouts.RUSAGE_SIZE);
    int idtype;
    int id = 0;
    if (pid < -1) {
      idtype = Kernel.P_PGID;
      id = -pid;
    } else if (pid == -1) {
      idtype = Kernel.P_ALL;
    } else if (pid == 0) {
      idtype = Kernel.P_PGID;
      id = c.p.kernel().pgid(c.p);
    } else {
      idtype = Kernel.P_PID;
      id = pid;
    }
    int[] errno = new int[1];
    long mask = SignalMask.get();
    Kernel.Waited w =
        c.p
            .kernel()
            .waitChild(
                c.p,
                idtype,
                id,
                options | Kernel.WEXITED,
                () -> c.p.signals().deliverable(mask),
                errno);
    if (w == null) {
      return errno[0] == Errno.EINTR ? SignalDelivery.ERESTARTSYS : -errno[0];
    }
    if (w.pid() != 0) {
      if (statusAt != 0) {
        NativeAccess.U.putInt(statusAt, w.waitStatus());
      }
      if (usageAt != 0) {
        w.usage().writeRusage(usageAt);
      }
    }
    return w.pid();
  }

  /** waitid(2): fills a siginfo_t (si_signo SIGCHLD, si_code CLD_*, si_pid, si_status). */
  @WaliImport("SYS_waitid")
  long waitid(Ctx c, int idtype, int id, int infop, int options, int rusage) {
    if (!Kernel.validWaitidOptions(options)
        || idtype < Kernel.P_ALL
        || idtype > Kernel.P_PGID
        || (idtype != Kernel.P_ALL && id <= 0 && !(idtype == Kernel.P_PGID && id == 0))) {
      return -Errno.EINVAL;
    }
    long infoAt = c.addrOrNull(infop, SIGINFO_SIZE);
    long usageAt = c.addrOrNull(rusage, Layouts.RUSAGE_SIZE);
    int target = idtype == Kernel.P_PGID && id == 0 ? c.p.kernel().pgid(c.p) : id;
    int[] errno = new int[1];
    long mask = SignalMask.get();
    Kernel.Waited w =
        c.p
            .kernel()
            .waitChild(c.p, idtype, target, options, () -> c.p.signals().deliverable(mask), errno);
    if (w == null) {
      return errno[0] == Errno.EINTR ? SignalDelivery.ERESTARTSYS : -errno[0];
    }
    if (infoAt != 0) {
      NativeAccess.U.setMemory(infoAt, SIGINFO_SIZE, (byte) 0);
      if (w.pid() != 0) {
        writeChildInfo(infoAt, w, c.sys0(c.nr.getuid));
      }
    }
    if (usageAt != 0) {
      w.usage().writeRusage(usageAt);
    }
    return 0;
  }

  private static void writeChildInfo(long at, Kernel.Waited w, long uid) {
    int st = w.waitStatus();
    int code;
    int status;
    if ((st & 0x7f) == 0) {
      code = CLD_EXITED;
      status = (st >> 8) & 0xff;
    } else if ((st & 0xff) == 0x7f) {
      code = CLD_STOPPED;
      status = (st >> 8) & 0xff;
    } else if (st == 0xffff) {
      code = CLD_CONTINUED;
      status = 18; // SIGCONT
    } else {
      code = (st & 0x80) != 0 ? CLD_DUMPED : CLD_KILLED;
      status = st & 0x7f;
    }
    NativeAccess.U.putInt(at, SIGCHLD);
    NativeAccess.U.putInt(at + 8, code);
    NativeAccess.U.putInt(at + 16, w.pid());
    NativeAccess.U.putInt(at + 20, (int) uid);
    NativeAccess.U.putInt(at + 24, status);
    NativeAccess.U.putLong(at + 32, w.usage().userMicros() / 10_000L);
    NativeAccess.U.putLong(at + 40, w.usage().systemMicros() / 10_000L);
  }
}
