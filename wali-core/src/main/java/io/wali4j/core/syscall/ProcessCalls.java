package io.wali4j.core.syscall;

import io.wali4j.core.kernel.Kernel;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.SignalMask;

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
