package io.wali4j.core.syscall;

import io.wali4j.api.HostSpawner;
import io.wali4j.core.kernel.HostPrograms;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.ProcessExit;
import io.wali4j.core.kernel.ProcessKilled;
import java.util.List;

/**
 * execve of a host program: it runs as a real host process whose descriptors are the WALI process's
 * (each at its WALI number, close-on-exec ones left out); the WALI process waits for it, forwards
 * the signals it is sent, and ends with its status.
 */
final class NativeExec {

  private NativeExec() {}

  /** Never returns normally once the program started; returns {@code -errno} when it did not. */
  static long run(Ctx c, String path, List<String> argv, List<String> env) {
    HostSpawner spawner = HostPrograms.spawner();
    if (spawner == null) {
      return -Errno.ENOEXEC;
    }
    long pid =
        spawner.spawn(
            path,
            argv.toArray(new String[0]),
            env.toArray(new String[0]),
            c.p.fds().hostFdsForExec(),
            c.p.cwdFd());
    if (pid < 0) {
      return pid;
    }
    c.p.runsHost((int) pid);
    int status;
    try {
      status = waitFor(c, (int) pid);
    } finally {
      c.p.runsHost(0);
    }
    if ((status & 0x7f) == 0) {
      throw new ProcessExit((status >> 8) & 0xff);
    }
    throw new ProcessKilled(status & 0x7f);
  }

  private static int waitFor(Ctx c, int pid) {
    long st = NativeAccess.U.allocateMemory(4);
    try {
      while (true) {
        long r = c.sys4(c.nr.wait4, pid, st, 0, 0);
        if (r == pid) {
          return NativeAccess.U.getInt(st);
        }
        if (r != -Errno.EINTR) {
          return 9; // lost (ECHILD): reported as killed by SIGKILL, nothing else is known
        }
      }
    } finally {
      NativeAccess.U.freeMemory(st);
    }
  }
}
