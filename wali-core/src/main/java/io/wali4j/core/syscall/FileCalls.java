package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Ctx.AT_FDCWD;
import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.core.kernel.NativeAccess;

/**
 * Files and directories by path. Every path call becomes its *at form against the process's cwd fd
 * (so the JVM's directory never matters and hosts without the old calls need no other code); modes
 * of what is created pass through the process's umask ({@link CreationModes}).
 */
final class FileCalls {

  static final int O_WRONLY = 1;
  static final int O_CREAT = 0x40;
  static final int O_TRUNC = 0x200;
  static final int O_DIRECTORY = 0x10000;
  static final int O_PATH = 0x200000;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int AT_REMOVEDIR = 0x200;

  @WaliImport("SYS_open")
  long open(Ctx c, int path, int flags, int mode) {
    return openat(c, AT_FDCWD, path, flags, mode);
  }

  @WaliImport("SYS_creat")
  long creat(Ctx c, int path, int mode) {
    return openat(c, AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
  }

  @WaliImport("SYS_openat")
  long openat(Ctx c, int dirfd, int path, int flags, int mode) {
    long h = CreationModes.openat(c, c.dirfd(dirfd), c.str(path), flags | Ctx.O_CLOEXEC, mode);
    return c.newFd(h, 0, (flags & Ctx.O_CLOEXEC) != 0);
  }

  @WaliImport("SYS_stat")
  long stat(Ctx c, int path, int statbuf) {
    return newfstatat(c, AT_FDCWD, path, statbuf, 0);
  }

  @WaliImport("SYS_lstat")
  long lstat(Ctx c, int path, int statbuf) {
    return newfstatat(c, AT_FDCWD, path, statbuf, AT_SYMLINK_NOFOLLOW);
  }

  @WaliImport({"SYS_newfstatat", "SYS_fstatat"})
  long newfstatat(Ctx c, int dirfd, int path, int statbuf, int flags) {
    long host = c.dirfd(dirfd);
    long name = c.str(path);
    long dst = c.addr(statbuf, Layouts.STAT_SIZE);
    return HostStructs.fill(
        c, Layouts.WALI_STAT, dst, buf -> c.sys4(c.nr.newfstatat, host, name, buf, flags));
  }

  /**
   * struct statx has one layout on every host (and WALI's is the same), so the kernel fills it in
   * place; flags and mask pass through, so the host answers for them. A NULL path passes as NULL
   * (Linux 6.11 accepts it with AT_EMPTY_PATH, older kernels answer EFAULT).
   */
  @WaliImport("SYS_statx")
  long statx(Ctx c, int dirfd, int path, int flags, int mask, int statxbuf) {
    return c.sys5(
        c.nr.statx,
        c.dirfd(dirfd),
        c.strOrNull(path),
        flags,
        mask,
        c.addr(statxbuf, Layouts.STATX_SIZE));
  }

  @WaliImport("SYS_access")
  long access(Ctx c, int path, int mode) {
    return faccessat(c, AT_FDCWD, path, mode, 0);
  }

  /** The kernel's faccessat has no flags argument (glibc and musl use faccessat2 for flags). */
  @WaliImport("SYS_faccessat")
  long faccessat(Ctx c, int dirfd, int path, int mode, int flags) {
    return c.sys3(c.nr.faccessat, c.dirfd(dirfd), c.str(path), mode);
  }

  @WaliImport("SYS_faccessat2")
  long faccessat2(Ctx c, int dirfd, int path, int mode, int flags) {
    return c.sys4(c.nr.faccessat2, c.dirfd(dirfd), c.str(path), mode, flags);
  }

  @WaliImport("SYS_mkdir")
  long mkdir(Ctx c, int path, int mode) {
    return mkdirat(c, AT_FDCWD, path, mode);
  }

  @WaliImport("SYS_mkdirat")
  long mkdirat(Ctx c, int dirfd, int path, int mode) {
    int hostDirfd = c.dirfd(dirfd);
    long p = c.str(path);
    int want = CreationModes.masked(c, mode);
    long r = c.sys3(c.nr.mkdirat, hostDirfd, p, want);
    if (r == 0) {
      CreationModes.fixPath(c, hostDirfd, p, want);
    }
    return r;
  }

  @WaliImport("SYS_mknod")
  long mknod(Ctx c, int path, int mode, int dev) {
    return mknodat(c, AT_FDCWD, path, mode, dev);
  }

  /** Fifos, sockets and regular files; device nodes need privileges the host decides on. */
  @WaliImport("SYS_mknodat")
  long mknodat(Ctx c, int dirfd, int path, int mode, int dev) {
    int hostDirfd = c.dirfd(dirfd);
    long p = c.str(path);
    int want = CreationModes.masked(c, mode);
    long r = c.sys4(c.nr.mknodat, hostDirfd, p, want, u(dev));
    if (r == 0) {
      CreationModes.fixPath(c, hostDirfd, p, want);
    }
    return r;
  }

  @WaliImport("SYS_rmdir")
  long rmdir(Ctx c, int path) {
    return unlinkat(c, AT_FDCWD, path, AT_REMOVEDIR);
  }

  @WaliImport("SYS_unlink")
  long unlink(Ctx c, int path) {
    return unlinkat(c, AT_FDCWD, path, 0);
  }

  @WaliImport("SYS_unlinkat")
  long unlinkat(Ctx c, int dirfd, int path, int flags) {
    return c.sys3(c.nr.unlinkat, c.dirfd(dirfd), c.str(path), flags);
  }

  @WaliImport("SYS_rename")
  long rename(Ctx c, int oldpath, int newpath) {
    return renameat2(c, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
  }

  @WaliImport("SYS_renameat")
  long renameat(Ctx c, int olddirfd, int oldpath, int newdirfd, int newpath) {
    return renameat2(c, olddirfd, oldpath, newdirfd, newpath, 0);
  }

  @WaliImport("SYS_renameat2")
  long renameat2(Ctx c, int olddirfd, int oldpath, int newdirfd, int newpath, int flags) {
    return c.sys5(
        c.nr.renameat2,
        c.dirfd(olddirfd),
        c.str(oldpath),
        c.dirfd(newdirfd),
        c.str(newpath),
        flags);
  }

  @WaliImport("SYS_link")
  long link(Ctx c, int oldpath, int newpath) {
    return linkat(c, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
  }

  @WaliImport("SYS_linkat")
  long linkat(Ctx c, int olddirfd, int oldpath, int newdirfd, int newpath, int flags) {
    return c.sys5(
        c.nr.linkat, c.dirfd(olddirfd), c.str(oldpath), c.dirfd(newdirfd), c.str(newpath), flags);
  }

  @WaliImport("SYS_symlink")
  long symlink(Ctx c, int target, int linkpath) {
    return symlinkat(c, target, AT_FDCWD, linkpath);
  }

  @WaliImport("SYS_symlinkat")
  long symlinkat(Ctx c, int target, int newdirfd, int linkpath) {
    return c.sys3(c.nr.symlinkat, c.str(target), c.dirfd(newdirfd), c.str(linkpath));
  }

  @WaliImport("SYS_readlink")
  long readlink(Ctx c, int path, int buf, int bufsiz) {
    return readlinkat(c, AT_FDCWD, path, buf, bufsiz);
  }

  @WaliImport("SYS_readlinkat")
  long readlinkat(Ctx c, int dirfd, int path, int buf, int bufsiz) {
    return c.sys4(c.nr.readlinkat, c.dirfd(dirfd), c.str(path), c.addr(buf, u(bufsiz)), u(bufsiz));
  }

  @WaliImport("SYS_chmod")
  long chmod(Ctx c, int path, int mode) {
    return fchmodat(c, AT_FDCWD, path, mode, 0);
  }

  /** The kernel's fchmodat has no flags argument (libcs emulate AT_SYMLINK_NOFOLLOW). */
  @WaliImport("SYS_fchmodat")
  long fchmodat(Ctx c, int dirfd, int path, int mode, int flags) {
    return c.sys3(c.nr.fchmodat, c.dirfd(dirfd), c.str(path), mode);
  }

  @WaliImport("SYS_chown")
  long chown(Ctx c, int path, int owner, int group) {
    return fchownat(c, AT_FDCWD, path, owner, group, 0);
  }

  @WaliImport("SYS_lchown")
  long lchown(Ctx c, int path, int owner, int group) {
    return fchownat(c, AT_FDCWD, path, owner, group, AT_SYMLINK_NOFOLLOW);
  }

  @WaliImport("SYS_fchownat")
  long fchownat(Ctx c, int dirfd, int path, int owner, int group, int flags) {
    return c.sys5(c.nr.fchownat, c.dirfd(dirfd), c.str(path), owner, group, flags);
  }

  @WaliImport("SYS_umask")
  long umask(Ctx c, int mask) {
    return c.p.umask(mask);
  }

  @WaliImport("SYS_utimensat")
  long utimensat(Ctx c, int dirfd, int path, int times, int flags) {
    return c.sys4(
        c.nr.utimensat,
        path == 0 ? c.fd(dirfd) : c.dirfd(dirfd),
        c.strOrNull(path),
        c.addrOrNull(times, 2 * Layouts.TIMESPEC_SIZE),
        flags);
  }

  /** utimes: futimesat relative to the working directory. */
  @WaliImport("SYS_utimes")
  long utimes(Ctx c, int path, int times) {
    return futimesat(c, AT_FDCWD, path, times);
  }

  /**
   * futimesat: two timevals (access, modification; seconds and microseconds) in microseconds, given
   * to the host's utimensat as timespecs; NULL sets both to now. A microsecond count outside [0,
   * 1000000) is EINVAL, as Linux checks it.
   */
  @WaliImport("SYS_futimesat")
  long futimesat(Ctx c, int dirfd, int path, int times) {
    long ts = 0;
    if (times != 0) {
      long tv = c.addr(times, 2 * Layouts.TIMESPEC_SIZE);
      ts = c.scratch() + HostStructs.STRUCT_SLOT;
      for (int i = 0; i < 2; i++) {
        long usec = NativeAccess.U.getLong(tv + 16 * i + 8);
        if (usec < 0 || usec >= 1_000_000) {
          return -Errno.EINVAL;
        }
        NativeAccess.U.putLong(ts + 16 * i, NativeAccess.U.getLong(tv + 16 * i));
        NativeAccess.U.putLong(ts + 16 * i + 8, usec * 1000);
      }
    }
    return c.sys4(c.nr.utimensat, c.dirfd(dirfd), c.str(path), ts, 0);
  }

  @WaliImport("SYS_truncate")
  long truncate(Ctx c, int path, long length) {
    return withPathFd(c, path, O_WRONLY, fd -> c.sys2(c.nr.ftruncate, fd, length));
  }

  @WaliImport("SYS_statfs")
  long statfs(Ctx c, int path, int buf) {
    long out = c.addr(buf, Layouts.STATFS_SIZE);
    return withPathFd(
        c,
        path,
        O_PATH,
        fd -> HostStructs.fill(c, Layouts.WALI_STATFS, out, b -> c.sys2(c.nr.fstatfs, fd, b)));
  }

  /** Opens {@code path} relative to the cwd, runs {@code op} on the host fd, closes it. */
  private static long withPathFd(
      Ctx c, int path, int flags, java.util.function.IntToLongFunction op) {
    long fd =
        c.sys4(c.nr.openat, c.p.cwdFd(), c.str(path), c.hostOpenFlags(flags | Ctx.O_CLOEXEC), 0);
    if (fd < 0) {
      return fd;
    }
    try {
      return op.applyAsLong((int) fd);
    } finally {
      c.sys1(c.nr.close, fd);
    }
  }

  @WaliImport("SYS_getcwd")
  long getcwd(Ctx c, int buf, int size) {
    return Cwd.getcwd(c, buf, size);
  }

  @WaliImport("SYS_chdir")
  long chdir(Ctx c, int path) {
    return Cwd.change(c, c.sys4(c.nr.openat, c.p.cwdFd(), c.str(path), Cwd.hostDirFlags(c), 0));
  }

  /**
   * chroot. The root directory belongs to the host process, which every WALI process of this JVM
   * shares, so it never changes: the path is resolved as Linux does first (ENOENT, ENOTDIR, EACCES,
   * ELOOP, ENAMETOOLONG; relative to the process's working directory), then the call is refused
   * with EPERM, what a process without CAP_SYS_CHROOT gets, rather than changing the JVM's root.
   */
  @WaliImport("SYS_chroot")
  long chroot(Ctx c, int path) {
    long fd = c.sys4(c.nr.openat, c.p.cwdFd(), c.str(path), Cwd.hostDirFlags(c), 0);
    if (fd < 0) {
      return fd;
    }
    c.sys1(c.nr.close, fd);
    return -Errno.EPERM;
  }

  @WaliImport("SYS_fchdir")
  long fchdir(Ctx c, int fd) {
    return Cwd.change(c, c.sys4(c.nr.openat, c.fd(fd), Cwd.dot(c), Cwd.hostDirFlags(c), 0));
  }
}
