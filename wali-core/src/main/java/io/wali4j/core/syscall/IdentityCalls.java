package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.ResourceLimits;

/**
 * Who the process is and what it may use: ids, uname, sysinfo, resource limits (kept per process,
 * never applied to the JVM), getrusage, getrandom. Thread ids and exit are {@link ThreadCalls}.
 */
final class IdentityCalls {

  @WaliImport("SYS_getpid")
  long getpid(Ctx c) {
    return c.p.pid();
  }

  @WaliImport("SYS_getuid")
  long getuid(Ctx c) {
    return c.sys0(c.nr.getuid);
  }

  @WaliImport("SYS_getgid")
  long getgid(Ctx c) {
    return c.sys0(c.nr.getgid);
  }

  @WaliImport("SYS_geteuid")
  long geteuid(Ctx c) {
    return c.sys0(c.nr.geteuid);
  }

  @WaliImport("SYS_getegid")
  long getegid(Ctx c) {
    return c.sys0(c.nr.getegid);
  }

  /**
   * setuid, setgid, setreuid, setregid, setresuid, setresgid. Credentials belong to the host
   * process, which every WALI process of this JVM shares, so they never change: setting an id to
   * the value it has (or -1, "unchanged") succeeds, as it does natively; any other value is refused
   * with EPERM, what an unprivileged process gets (credentials(7)), rather than changing the JVM's.
   */
  @WaliImport("SYS_setuid")
  long setuid(Ctx c, int uid) {
    return sameIds(c.sys0(c.nr.getuid), c.sys0(c.nr.geteuid), uid, uid, uid);
  }

  @WaliImport("SYS_setgid")
  long setgid(Ctx c, int gid) {
    return sameIds(c.sys0(c.nr.getgid), c.sys0(c.nr.getegid), gid, gid, gid);
  }

  @WaliImport("SYS_setreuid")
  long setreuid(Ctx c, int ruid, int euid) {
    return sameIds(c.sys0(c.nr.getuid), c.sys0(c.nr.geteuid), ruid, euid, -1);
  }

  @WaliImport("SYS_setregid")
  long setregid(Ctx c, int rgid, int egid) {
    return sameIds(c.sys0(c.nr.getgid), c.sys0(c.nr.getegid), rgid, egid, -1);
  }

  @WaliImport("SYS_setresuid")
  long setresuid(Ctx c, int ruid, int euid, int suid) {
    return sameIds(c.sys0(c.nr.getuid), c.sys0(c.nr.geteuid), ruid, euid, suid);
  }

  @WaliImport("SYS_setresgid")
  long setresgid(Ctx c, int rgid, int egid, int sgid) {
    return sameIds(c.sys0(c.nr.getgid), c.sys0(c.nr.getegid), rgid, egid, sgid);
  }

  /**
   * 0 when each requested id is -1 or one the process holds (real or effective; the saved id of a
   * JVM that is not set-user-ID equals the effective one), else -EPERM.
   */
  static long sameIds(long real, long effective, int... wanted) {
    for (int id : wanted) {
      if (id != -1 && id != (int) real && id != (int) effective) {
        return -Errno.EPERM;
      }
    }
    return 0;
  }

  @WaliImport("SYS_uname")
  long uname(Ctx c, int buf) {
    return c.sys1(c.nr.uname, c.addr(buf, Layouts.UTSNAME_SIZE));
  }

  @WaliImport("SYS_sysinfo")
  long sysinfo(Ctx c, int info) {
    return c.sys1(c.nr.sysinfo, c.addr(info, Layouts.SYSINFO_SIZE));
  }

  /** RUSAGE_CHILDREN is the process's reaped children (virtual), not the JVM's host children. */
  @WaliImport("SYS_getrusage")
  long getrusage(Ctx c, int who, int usage) {
    if (who == ProcessCalls.RUSAGE_CHILDREN) {
      c.p.kernel().childUsage(c.p).writeRusage(c.addr(usage, Layouts.RUSAGE_SIZE));
      return 0;
    }
    return c.sys2(c.nr.getrusage, who, c.addr(usage, Layouts.RUSAGE_SIZE));
  }

  @WaliImport("SYS_getrandom")
  long getrandom(Ctx c, int buf, int buflen, int flags) {
    return c.sys3(c.nr.getrandom, c.addr(buf, u(buflen)), u(buflen), flags);
  }

  @WaliImport("SYS_getrlimit")
  long getrlimit(Ctx c, int resource, int rlim) {
    return prlimit64(c, 0, resource, 0, rlim);
  }

  @WaliImport("SYS_setrlimit")
  long setrlimit(Ctx c, int resource, int rlim) {
    return prlimit64(c, 0, resource, rlim, 0);
  }

  /** Limits of this process only: another pid is refused (EPERM), as for a foreign process. */
  @WaliImport("SYS_prlimit64")
  long prlimit64(Ctx c, int pid, int resource, int newLimit, int oldLimit) {
    if (pid != 0 && pid != c.p.pid()) {
      return -Errno.EPERM;
    }
    if (resource < 0 || resource >= ResourceLimits.RLIM_NLIMITS) {
      return -Errno.EINVAL;
    }
    long in = c.addrOrNull(newLimit, Layouts.RLIMIT_SIZE);
    long out = c.addrOrNull(oldLimit, Layouts.RLIMIT_SIZE);
    ResourceLimits limits = c.p.rlimits();
    long oldCur = limits.current(resource);
    long oldMax = limits.maximum(resource);
    if (in != 0) {
      int r = limits.set(resource, NativeAccess.U.getLong(in), NativeAccess.U.getLong(in + 8));
      if (r < 0) {
        return r;
      }
    }
    if (out != 0) {
      NativeAccess.U.putLong(out, oldCur);
      NativeAccess.U.putLong(out + 8, oldMax);
    }
    return 0;
  }
}
