package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.core.kernel.NativeAccess;

/**
 * The process's working directory, a host directory fd: chdir opens the new one (O_PATH, which
 * needs search permission on the way but not read permission on the directory, as chdir), getcwd
 * asks the kernel for that fd's path. The JVM's own directory never changes.
 */
final class Cwd {

  static final int DIR_FLAGS = FileCalls.O_PATH | FileCalls.O_DIRECTORY | Ctx.O_CLOEXEC;

  private Cwd() {}

  /** {@link #DIR_FLAGS} as the host numbers them. */
  static int hostDirFlags(Ctx c) {
    return c.hostOpenFlags(DIR_FLAGS);
  }

  static long change(Ctx c, long newFd) {
    if (newFd < 0) {
      return newFd;
    }
    c.p.changeCwd((int) newFd);
    return 0;
  }

  /** The string "." in the scratch buffer. */
  static long dot(Ctx c) {
    long a = c.scratch();
    NativeAccess.putCString(a, ".");
    return a;
  }

  /** getcwd(2): copies the path and its NUL; returns its length with the NUL, or -ERANGE. */
  static long getcwd(Ctx c, int buf, int size) {
    long scratch = c.scratch();
    long path = scratch + Ctx.PATH_MAX;
    NativeAccess.putCString(scratch, "/proc/self/fd/" + c.p.cwdFd());
    long n = c.sys4(c.nr.readlinkat, Ctx.AT_FDCWD, scratch, path, Ctx.PATH_MAX);
    if (n < 0) {
      return n;
    }
    if (n + 1 > u(size)) {
      return -Errno.ERANGE;
    }
    long out = c.addr(buf, n + 1);
    NativeAccess.U.copyMemory(path, out, n);
    NativeAccess.U.putByte(out + n, (byte) 0);
    return n + 1;
  }
}
