package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;

import io.wali4j.core.kernel.Scratch;
import java.util.Arrays;

/**
 * Supplementary groups: getgroups and setgroups. They start as the host's (what a native program
 * started from here has); a process allowed to change them (CAP_SETGID, as the host decides) gets a
 * list of its own, kept in its {@link io.wali4j.core.kernel.Process}: the JVM's groups never
 * change.
 */
final class GroupCalls {

  /** Linux NGROUPS_MAX. */
  static final int NGROUPS_MAX = 65536;

  /** kernel/groups.c getgroups: size 0 asks for the count; a smaller positive size is EINVAL. */
  @WaliImport("SYS_getgroups")
  long getgroups(Ctx c, int size, int list) {
    if (size < 0) {
      return -Errno.EINVAL;
    }
    int[] own = c.p.groups();
    if (own == null) {
      long n = c.sys2(c.nr.getgroups, 0, 0);
      if (n < 0 || size == 0) {
        return n;
      }
      if (n > size) {
        return -Errno.EINVAL;
      }
      return c.sys2(c.nr.getgroups, n, c.addr(list, n * 4));
    }
    if (size == 0) {
      return own.length;
    }
    if (own.length > size) {
      return -Errno.EINVAL;
    }
    long out = c.addr(list, own.length * 4L);
    for (int i = 0; i < own.length; i++) {
      U.putInt(out + 4L * i, own[i]);
    }
    return own.length;
  }

  /**
   * kernel/groups.c setgroups: EPERM without CAP_SETGID, then EINVAL above NGROUPS_MAX, then
   * EFAULT. Whether the caller may is asked of the host by setting the calling thread's current
   * groups again, which changes nothing (credentials are per thread in the kernel).
   */
  @WaliImport("SYS_setgroups")
  long setgroups(Ctx c, int size, int list) {
    long allowed = mayChangeGroups(c);
    if (allowed < 0) {
      return allowed;
    }
    if (size < 0 || size > NGROUPS_MAX) {
      return -Errno.EINVAL;
    }
    long in = c.addr(list, size * 4L);
    int[] g = new int[size];
    for (int i = 0; i < size; i++) {
      g[i] = U.getInt(in + 4L * i);
    }
    Arrays.sort(g);
    c.p.setGroups(g);
    return 0;
  }

  private static long mayChangeGroups(Ctx c) {
    long n = c.sys2(c.nr.getgroups, 0, 0);
    if (n < 0) {
      return n;
    }
    long bytes = n * 4;
    long buf = bytes <= Scratch.SIZE ? c.scratch() : U.allocateMemory(bytes);
    try {
      long got = c.sys2(c.nr.getgroups, n, buf);
      return got < 0 ? got : c.sys2(c.nr.setgroups, got, buf);
    } finally {
      if (buf != c.scratch()) {
        U.freeMemory(buf);
      }
    }
  }
}
