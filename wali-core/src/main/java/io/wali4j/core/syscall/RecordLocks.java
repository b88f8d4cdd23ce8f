package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;

import io.wali4j.core.kernel.FdTable;
import io.wali4j.core.kernel.FileLocks;
import io.wali4j.core.kernel.SignalMask;
import java.util.HashMap;
import java.util.Map;

/**
 * fcntl F_GETLK, F_SETLK and F_SETLKW on the kernel's {@link FileLocks}, owned by the virtual
 * process: a struct flock (l_type, l_whence, l_start, l_len, l_pid; the same 32 bytes on WALI and
 * every 64-bit host) becomes a byte range of the file the host names by dev and inode.
 */
final class RecordLocks {

  static final int F_GETLK = 5;
  static final int F_SETLK = 6;
  static final int F_SETLKW = 7;

  static final int SEEK_SET = 0;
  static final int SEEK_CUR = 1;
  static final int SEEK_END = 2;

  private RecordLocks() {}

  static long fcntl(Ctx c, int hostFd, int cmd, int flockPtr) {
    long at = c.addr(flockPtr, Layouts.FLOCK_SIZE);
    int type = U.getShort(at);
    int whence = U.getShort(at + 2);
    long start = U.getLong(at + 8);
    long len = U.getLong(at + 16);
    if (type != FileLocks.F_RDLCK && type != FileLocks.F_WRLCK && type != FileLocks.F_UNLCK) {
      return -Errno.EINVAL;
    }
    long[] stat = fileStat(c, hostFd);
    if (stat == null) {
      return -Errno.EBADF;
    }
    long base;
    switch (whence) {
      case SEEK_SET:
        base = 0;
        break;
      case SEEK_CUR:
        base = c.sys3(c.nr.lseek, hostFd, 0, SEEK_CUR);
        if (base < 0) {
          return base;
        }
        break;
      case SEEK_END:
        base = stat[2];
        break;
      default:
        return -Errno.EINVAL;
    }
    // fs/locks.c flock_to_posix_lock: a negative l_len covers the bytes before l_start.
    long from = base + start;
    long to;
    if (len > 0) {
      to = from + len;
      if (to < from) {
        return -Errno.EOVERFLOW;
      }
    } else if (len == 0) {
      to = FileLocks.TO_EOF;
    } else {
      to = from;
      from += len;
    }
    if (from < 0) {
      return -Errno.EINVAL;
    }
    FileLocks.FileKey file = new FileLocks.FileKey(stat[0], stat[1]);
    FileLocks locks = c.p.kernel().fileLocks();
    int pid = c.p.pid();
    if (cmd == F_GETLK) {
      if (type == FileLocks.F_UNLCK) {
        return -Errno.EINVAL;
      }
      FileLocks.Lock l = locks.conflict(file, pid, type, from, to);
      if (l == null) {
        U.putShort(at, (short) FileLocks.F_UNLCK);
      } else {
        U.putShort(at, (short) l.type());
        U.putShort(at + 2, (short) SEEK_SET);
        U.putLong(at + 8, l.start());
        U.putLong(at + 16, l.end() == FileLocks.TO_EOF ? 0 : l.end() - l.start());
        U.putInt(at + 24, l.pid());
      }
      return 0;
    }
    long mode = openMode(c, hostFd, type);
    if (mode < 0) {
      return mode;
    }
    if (cmd == F_SETLK) {
      return locks.tryLock(file, pid, type, from, to) ? 0 : -Errno.EAGAIN;
    }
    long mask = SignalMask.get();
    int r = locks.lockWait(file, pid, type, from, to, () -> c.p.signals().deliverable(mask));
    return r == 0 ? 0 : SignalDelivery.ERESTARTSYS;
  }

  /** EBADF when the descriptor is not open for what the lock needs (read or write), else 0. */
  private static long openMode(Ctx c, int hostFd, int type) {
    long fl = c.sys2(c.nr.fcntl, hostFd, BlockingIo.F_GETFL);
    if (fl < 0) {
      return fl;
    }
    int acc = (int) fl & 3;
    if (type == FileLocks.F_RDLCK && acc == 1 || type == FileLocks.F_WRLCK && acc == 0) {
      return -Errno.EBADF;
    }
    return 0;
  }

  /**
   * The process is closing {@code hostFd}: POSIX drops every record lock it holds on the file,
   * whichever descriptor set them (fcntl(2), "the locks are lost when any descriptor is closed").
   */
  static void closing(Ctx c, int hostFd) {
    FileLocks locks = c.p.kernel().fileLocks();
    if (!locks.holdsAny(c.p.pid())) {
      return;
    }
    long[] stat = fileStat(c, hostFd);
    if (stat != null) {
      locks.release(new FileLocks.FileKey(stat[0], stat[1]), c.p.pid());
    }
  }

  /**
   * The files of the close-on-exec descriptors of a process that holds record locks, by WALI fd,
   * before an execve; null when it holds none (the common case costs one lookup).
   */
  static Map<Integer, FileLocks.FileKey> beforeExec(Ctx c) {
    if (!c.p.kernel().fileLocks().holdsAny(c.p.pid())) {
      return null;
    }
    Map<Integer, FileLocks.FileKey> files = new HashMap<>();
    for (int fd = 0; fd < FdTable.MAX_FDS; fd++) {
      if (c.p.fds().closeOnExec(fd)) {
        long[] stat = fileStat(c, c.p.fds().host(fd));
        if (stat != null) {
          files.put(fd, new FileLocks.FileKey(stat[0], stat[1]));
        }
      }
    }
    return files;
  }

  /**
   * After an execve, successful or not: the descriptors it closed (close-on-exec) drop the locks on
   * their files, as any close does; a failed execve closed none.
   */
  static void afterExec(Ctx c, Map<Integer, FileLocks.FileKey> files) {
    if (files == null) {
      return;
    }
    files.forEach(
        (fd, file) -> {
          if (c.p.fds().host(fd) < 0) {
            c.p.kernel().fileLocks().release(file, c.p.pid());
          }
        });
  }

  /** st_dev, st_ino and st_size of {@code hostFd} (in the host's stat layout), or null. */
  private static long[] fileStat(Ctx c, int hostFd) {
    Layout host = HostStructs.of(c, Layouts.WALI_STAT);
    long buf = c.scratch() + HostStructs.STRUCT_SLOT;
    if (c.sys2(c.nr.fstat, hostFd, buf) < 0) {
      return null;
    }
    return new long[] {
      U.getLong(buf + host.field(0).offset()),
      U.getLong(buf + host.field(1).offset()),
      U.getLong(buf + host.field(Layouts.STAT_ST_SIZE).offset())
    };
  }
}
