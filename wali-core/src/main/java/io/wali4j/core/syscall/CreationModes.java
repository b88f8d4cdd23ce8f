package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;

import io.wali4j.core.kernel.HostUmask;

/**
 * Applies the process's umask, not the JVM's, to what a WALI process creates: files (open, openat,
 * creat), directories (mkdir, mkdirat), device nodes and fifos (mknod, mknodat) and unix socket
 * files (bind). The host kernel always applies the JVM's umask as well, and that umask is shared by
 * every thread of the JVM, so it is never changed: the mode is masked with the process's umask, and
 * when the host's umask removes a permission bit the process's would keep, the bits are set
 * afterwards with chmod on the object just created (only on one this call created).
 */
final class CreationModes {

  static final int O_CREAT = 0x40;
  static final int O_EXCL = 0x80;
  static final int O_PATH = 0x200000;
  static final int O_TMPFILE = 0x410000;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int AT_EMPTY_PATH = 0x1000;
  static final int STATX_MODE = 0x2;
  static final int STATX_MODE_OFFSET = 28;
  static final int S_IFMT = 0170000;
  static final int S_IFDIR = 0040000;

  /** Scratch offset of the struct statx read back (paths and sockaddrs live below it). */
  static final int STATX_SLOT = 8192;

  /** An empty C string for the AT_EMPTY_PATH calls (a NUL at the end of the statx slot). */
  static final int EMPTY_SLOT = STATX_SLOT + Layouts.STATX_SIZE;

  private CreationModes() {}

  /** {@code mode} with the process's umask applied, as the kernel would apply it. */
  static int masked(Ctx c, int mode) {
    return mode & ~c.p.umask();
  }

  /** Whether the host's umask removes a permission bit of {@code masked} (a fixup is due). */
  static boolean hostNarrows(int masked) {
    return (masked & 0777 & HostUmask.value()) != 0;
  }

  /**
   * openat with O_CREAT or O_TMPFILE: returns the host fd or -errno. {@code flags} are WALI's,
   * turned into the host's for each call.
   */
  static long openat(Ctx c, int hostDirfd, long path, int flags, int mode) {
    int want = masked(c, mode);
    boolean creates = (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
    if (!creates || (flags & O_PATH) != 0 || !hostNarrows(want)) {
      return c.sys4(c.nr.openat, hostDirfd, path, c.hostOpenFlags(flags), want);
    }
    if ((flags & O_EXCL) != 0 || (flags & O_TMPFILE) == O_TMPFILE) {
      return fixFd(c, c.sys4(c.nr.openat, hostDirfd, path, c.hostOpenFlags(flags), want), want);
    }
    // O_CREAT without O_EXCL: only a file this call creates gets its bits fixed, so try to
    // create it exclusively first and open the existing one if that fails with EEXIST.
    for (int attempt = 0; attempt < 3; attempt++) {
      long fd = c.sys4(c.nr.openat, hostDirfd, path, c.hostOpenFlags(flags | O_EXCL), want);
      if (fd != -Errno.EEXIST) {
        return fixFd(c, fd, want);
      }
      fd = c.sys4(c.nr.openat, hostDirfd, path, c.hostOpenFlags(flags & ~O_CREAT), 0);
      if (fd >= 0 && isDirectory(c, (int) fd)) {
        // open(2): O_CREAT on an existing directory is EISDIR, whatever the access mode.
        c.sys1(c.nr.close, fd);
        return -Errno.EISDIR;
      }
      if (fd != -Errno.ENOENT) {
        return fd;
      }
    }
    // A dangling symlink: O_EXCL refuses it, a plain open does not see a target to create.
    return c.sys4(c.nr.openat, hostDirfd, path, c.hostOpenFlags(flags), want);
  }

  private static boolean isDirectory(Ctx c, int fd) {
    long buf = c.scratch() + STATX_SLOT;
    U.putByte(c.scratch() + EMPTY_SLOT, (byte) 0);
    long r = c.sys5(c.nr.statx, fd, c.scratch() + EMPTY_SLOT, AT_EMPTY_PATH, STATX_MODE, buf);
    return r == 0 && (U.getShort(buf + STATX_MODE_OFFSET) & S_IFMT) == S_IFDIR;
  }

  private static long fixFd(Ctx c, long fd, int want) {
    if (fd >= 0) {
      fix(c, (int) fd, c.scratch() + EMPTY_SLOT, AT_EMPTY_PATH, want, true);
    }
    return fd;
  }

  /**
   * After a successful mkdirat, mknodat or bind: sets the permission bits of {@code path} (at host
   * {@code dirfd}) to those of {@code want}, keeping its other bits (the set-group-ID bit a
   * directory inherits, the sticky bit).
   */
  static void fixPath(Ctx c, int hostDirfd, long path, int want) {
    if (hostNarrows(want)) {
      fix(c, hostDirfd, path, AT_SYMLINK_NOFOLLOW, want, false);
    }
  }

  /**
   * After a successful bind of a unix socket to {@code path}: unix_bind gives the file {@code 0777
   * & ~umask} with no mode argument, so only the host's umask was applied, and the process's may
   * remove bits the host's keeps as well as the other way round.
   */
  static void fixSocketPath(Ctx c, long path) {
    int want = masked(c, 0777);
    if (want != (0777 & ~HostUmask.value())) {
      fix(c, Ctx.AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, want, false);
    }
  }

  private static void fix(Ctx c, int dirfd, long path, int flags, int want, boolean byFd) {
    long buf = c.scratch() + STATX_SLOT;
    U.putByte(c.scratch() + EMPTY_SLOT, (byte) 0);
    if (c.sys5(c.nr.statx, dirfd, path, flags, STATX_MODE, buf) < 0) {
      return;
    }
    int cur = U.getShort(buf + STATX_MODE_OFFSET) & 07777;
    int fixed = (cur & ~0777) | (want & 0777);
    if (fixed == cur) {
      return;
    }
    // The object was just created by this process, which owns it: chmod cannot fail for lack of
    // permission, and if it fails otherwise the object keeps the host's narrower mode.
    if (byFd) {
      c.sys2(c.nr.fchmod, dirfd, fixed);
    } else {
      c.sys3(c.nr.fchmodat, dirfd, path, fixed);
    }
  }
}
