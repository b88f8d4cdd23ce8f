package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.core.kernel.FdTable;
import io.wali4j.core.kernel.NativeAccess;

/**
 * Operations on descriptors: close, dup/dup2/dup3, fcntl, pipe/pipe2, ioctl, flock, fsync,
 * fdatasync, fadvise, ftruncate, fchmod, fchown, fstat, fstatfs, getdents64. Every WALI fd goes
 * through the process's {@link FdTable}; host fds are always close-on-exec, the WALI flag lives
 * there.
 */
final class FdCalls {

  static final int F_DUPFD = 0;
  static final int F_GETFD = 1;
  static final int F_SETFD = 2;
  static final int F_DUPFD_CLOEXEC = 1030;
  static final int FD_CLOEXEC = 1;

  @WaliImport("SYS_close")
  long close(Ctx c, int fd) {
    int h = c.p.fds().host(fd);
    if (h >= 0) {
      RecordLocks.closing(c, h);
    }
    h = c.p.fds().remove(fd);
    return h < 0 ? -Errno.EBADF : c.sys1(c.nr.close, h);
  }

  @WaliImport("SYS_dup")
  long dup(Ctx c, int fd) {
    return c.newFd(hostDup(c, c.fd(fd)), 0, false);
  }

  @WaliImport("SYS_dup2")
  long dup2(Ctx c, int oldfd, int newfd) {
    int h = c.fd(oldfd);
    return oldfd == newfd ? newfd : dupTo(c, h, newfd, false);
  }

  @WaliImport("SYS_dup3")
  long dup3(Ctx c, int oldfd, int newfd, int flags) {
    int h = c.fd(oldfd);
    if (oldfd == newfd || (flags & ~Ctx.O_CLOEXEC) != 0) {
      return -Errno.EINVAL;
    }
    return dupTo(c, h, newfd, (flags & Ctx.O_CLOEXEC) != 0);
  }

  static long hostDup(Ctx c, int hostFd) {
    return c.sys3(c.nr.fcntl, hostFd, F_DUPFD_CLOEXEC, 0);
  }

  private static long dupTo(Ctx c, int hostFd, int newfd, boolean cloexec) {
    if (newfd < 0 || newfd >= c.p.rlimits().fdLimit()) {
      return -Errno.EBADF;
    }
    long d = hostDup(c, hostFd);
    if (d < 0) {
      return d;
    }
    int replaced = c.p.fds().installAt(newfd, (int) d, cloexec);
    if (replaced >= 0) {
      RecordLocks.closing(c, replaced);
      c.sys1(c.nr.close, replaced);
    }
    return newfd;
  }

  @WaliImport("SYS_fcntl")
  long fcntl(Ctx c, int fd, int cmd, long arg) {
    int h = c.fd(fd);
    switch (cmd) {
      case F_DUPFD:
      case F_DUPFD_CLOEXEC:
        if (arg < 0 || arg >= c.p.rlimits().fdLimit()) {
          return -Errno.EINVAL;
        }
        return c.newFd(hostDup(c, h), (int) arg, cmd == F_DUPFD_CLOEXEC);
      case F_GETFD:
        return c.p.fds().closeOnExec(fd) ? FD_CLOEXEC : 0;
      case F_SETFD:
        c.p.fds().setCloseOnExec(fd, (arg & FD_CLOEXEC) != 0);
        return 0;
      default:
        return passFcntl(c, h, cmd, arg);
    }
  }

  /** The fcntl commands passed to the host: their argument is a struct pointer or an int. */
  private static long passFcntl(Ctx c, int h, int cmd, long arg) {
    switch (cmd) {
      case RecordLocks.F_GETLK:
      case RecordLocks.F_SETLK:
      case RecordLocks.F_SETLKW:
        return RecordLocks.fcntl(c, h, cmd, (int) arg);
      case 36: // F_OFD_GETLK
      case 37: // F_OFD_SETLK
      case 38: // F_OFD_SETLKW
        return c.sys3(c.nr.fcntl, h, cmd, c.addr((int) arg, Layouts.FLOCK_SIZE));
      case 15: // F_SETOWN_EX
      case 16: // F_GETOWN_EX
        return c.sys3(c.nr.fcntl, h, cmd, c.addr((int) arg, 8));
      case 3: // F_GETFL
        long fl = c.sys3(c.nr.fcntl, h, cmd, 0);
        return fl < 0 ? fl : c.abi.openFlags().toWali((int) fl);
      case 4: // F_SETFL
        return c.sys3(c.nr.fcntl, h, cmd, c.hostOpenFlags((int) arg));
      case 8: // F_SETOWN
      case 9: // F_GETOWN
      case 10: // F_SETSIG
      case 11: // F_GETSIG
      case 1024: // F_SETLEASE
      case 1025: // F_GETLEASE
      case 1026: // F_NOTIFY
      case 1031: // F_SETPIPE_SZ
      case 1032: // F_GETPIPE_SZ
      case 1033: // F_ADD_SEALS
      case 1034: // F_GET_SEALS
        return c.sys3(c.nr.fcntl, h, cmd, (int) arg);
      default:
        return -Errno.EINVAL;
    }
  }

  @WaliImport("SYS_pipe")
  long pipe(Ctx c, int pipefd) {
    return pipe2(c, pipefd, 0);
  }

  @WaliImport("SYS_pipe2")
  long pipe2(Ctx c, int pipefd, int flags) {
    long out = c.addr(pipefd, 8);
    long fds = c.scratch();
    long r = c.sys2(c.nr.pipe2, fds, c.hostOpenFlags(flags | Ctx.O_CLOEXEC));
    if (r < 0) {
      return r;
    }
    return installPair(c, fds, out, (flags & Ctx.O_CLOEXEC) != 0);
  }

  /**
   * Installs the two host fds at {@code hostFds} (pipe2, socketpair) and writes their WALI numbers
   * to {@code out}; on EMFILE neither stays open.
   */
  static long installPair(Ctx c, long hostFds, long out, boolean cloexec) {
    long rd = c.newFd(NativeAccess.U.getInt(hostFds), 0, cloexec);
    long wr = c.newFd(NativeAccess.U.getInt(hostFds + 4), 0, cloexec);
    if (rd < 0 || wr < 0) {
      closeBoth(c, rd, wr);
      return -Errno.EMFILE;
    }
    NativeAccess.U.putInt(out, (int) rd);
    NativeAccess.U.putInt(out + 4, (int) wr);
    return 0;
  }

  private static void closeBoth(Ctx c, long rd, long wr) {
    for (long fd : new long[] {rd, wr}) {
      int h = fd < 0 ? -1 : c.p.fds().remove((int) fd);
      if (h >= 0) {
        c.sys1(c.nr.close, h);
      }
    }
  }

  @WaliImport("SYS_ioctl")
  long ioctl(Ctx c, int fd, int request, int argp) {
    return Ioctls.ioctl(c, fd, request, argp);
  }

  @WaliImport("SYS_flock")
  long flock(Ctx c, int fd, int operation) {
    return c.sys2(c.nr.flock, c.fd(fd), operation);
  }

  @WaliImport("SYS_fsync")
  long fsync(Ctx c, int fd) {
    return c.sys1(c.nr.fsync, c.fd(fd));
  }

  @WaliImport("SYS_fdatasync")
  long fdatasync(Ctx c, int fd) {
    return c.sys1(c.nr.fdatasync, c.fd(fd));
  }

  @WaliImport("SYS_fadvise")
  long fadvise(Ctx c, int fd, long offset, long len, int advice) {
    return c.sys4(c.nr.fadvise, c.fd(fd), offset, len, advice);
  }

  @WaliImport("SYS_ftruncate")
  long ftruncate(Ctx c, int fd, long length) {
    return c.sys2(c.nr.ftruncate, c.fd(fd), length);
  }

  @WaliImport("SYS_fchmod")
  long fchmod(Ctx c, int fd, int mode) {
    return c.sys2(c.nr.fchmod, c.fd(fd), mode);
  }

  @WaliImport("SYS_fchown")
  long fchown(Ctx c, int fd, int owner, int group) {
    return c.sys3(c.nr.fchown, c.fd(fd), owner, group);
  }

  @WaliImport("SYS_fstat")
  long fstat(Ctx c, int fd, int statbuf) {
    int h = c.fd(fd);
    long dst = c.addr(statbuf, Layouts.STAT_SIZE);
    return HostStructs.fill(c, Layouts.WALI_STAT, dst, buf -> c.sys2(c.nr.fstat, h, buf));
  }

  @WaliImport("SYS_fstatfs")
  long fstatfs(Ctx c, int fd, int buf) {
    int h = c.fd(fd);
    long dst = c.addr(buf, Layouts.STATFS_SIZE);
    return HostStructs.fill(c, Layouts.WALI_STATFS, dst, b -> c.sys2(c.nr.fstatfs, h, b));
  }

  /** linux_dirent64 records are the same on WALI and every 64-bit host. */
  @WaliImport({"SYS_getdents64", "SYS_getdents"})
  long getdents64(Ctx c, int fd, int dirp, int count) {
    return c.sys3(c.nr.getdents64, c.fd(fd), c.addr(dirp, u(count)), u(count));
  }
}
