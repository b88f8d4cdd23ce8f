package io.wali4j.core.syscall;

import io.wali4j.core.kernel.FdTable;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.Scratch;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.WaliThread;

/**
 * Makes a host call that may block interruptible by WALI signals and by the end of the process,
 * without touching the JVM's own signal handling. Which way a call goes:
 *
 * <ul>
 *   <li>A read, readv, write or writev of a file that never waits (a regular file on a disk or
 *       memory file system, a block device, /dev/null, /dev/zero, /dev/full, /dev/urandom: {@link
 *       #fileNeverWaits}, learnt once per fd) is one plain host call.
 *   <li>read, readv, write, writev of anything else (pipes, sockets, terminals...), and accept4,
 *       sendto, recvfrom, sendmsg and recvmsg, made by one of the process's threads: one plain host
 *       call, ended by the host interrupt signal when a signal or the process's end needs the
 *       thread ({@link InterruptibleCall}; the kernel itself runs SO_RCVTIMEO/SO_SNDTIMEO and
 *       MSG_WAITALL, and returns the count moved before a signal).
 *   <li>connect waits in ppoll on the socket and the thread's wake eventfd ({@link #connect}); so
 *       does every blocking call above when the host interrupt signal is not available (turned off
 *       with {@code -Dwali4j.hostInterruptSignal=0}, taken by someone else, or a trap without it)
 *       or the caller is not one of the process's threads: reads first try preadv2 with RWF_NOWAIT,
 *       writes pwritev2 with RWF_NOWAIT, and poll only when that says EAGAIN; sends and MSG_WAITALL
 *       receives go in non-blocking pieces ({@link SocketPieces}).
 *   <li>poll, ppoll, select, pselect6 and epoll_wait are plain host calls too, ended the same way
 *       ({@link InterruptibleCall#await}).
 * </ul>
 *
 * <p>On the polling path, before a read, write, accept, send or receive on a descriptor that is not
 * ready, the thread waits in ppoll on that descriptor and its wake eventfd, which every signal sent
 * to it makes readable. A deliverable signal then ends the call with {@link
 * SignalDelivery#ERESTARTSYS}. Once the descriptor is ready the call itself is made as the program
 * asked (the descriptor's flags are never changed: another process may share it), so a call that
 * can still block after readiness (an accept that another process won, a large write to a pipe)
 * blocks in the host, uninterruptibly. When the process ends (exit_group, a fatal signal in another
 * thread) each thread's wake eventfd stays readable for good, and a waiting thread stops at the
 * safe point after its poll instead of being left behind in the call.
 */
final class BlockingIo {

  static final short POLLIN = 0x1;
  static final short POLLOUT = 0x4;
  static final int F_GETFL = 3;
  static final int O_NONBLOCK = 0x800;

  /** Where the two pollfds go: the end of the scratch buffer, clear of what a syscall stages. */
  static final int POLLFDS = Scratch.SIZE - 16;

  /** Where {@link #read} and {@link #write} put their one iovec, below what {@link #await} uses. */
  static final int IOVEC = POLLFDS - 96;

  /**
   * preadv2's and pwritev2's flag: fail with EAGAIN instead of waiting for data or room (Linux
   * 4.14; files without it fail with EOPNOTSUPP).
   */
  static final int RWF_NOWAIT = 0x8;

  /** What {@link #await} returns when the descriptor was ready at once. */
  static final long READY = 1;

  static final int EAGAIN = 11;
  static final int EOPNOTSUPP = 95;

  private BlockingIo() {}

  /**
   * Returns 0 when a call waiting for {@code events} on {@code hostFd} may go ahead (it is ready,
   * non-blocking, or polling it failed: the call itself then reports), or ERESTARTSYS when a signal
   * came first; on a socket with a timeout for the direction, -EAGAIN when it ran out and -EINTR
   * when a signal came first.
   */
  static long await(Ctx c, int hostFd, short events) {
    return await(c, hostFd, events, false);
  }

  /**
   * {@link #await} for accept: only a listening socket waits. On anything else (a datagram or an
   * unconnected socket) poll never reports the descriptor ready while accept fails at once
   * (EOPNOTSUPP, EINVAL), so waiting there would hang the call for ever.
   */
  static long awaitAccept(Ctx c, int hostFd) {
    return await(c, hostFd, POLLIN, true);
  }

  private static long await(Ctx c, int hostFd, short events, boolean accept) {
    long mask = SignalMask.get();
    if (c.p.signals().deliverable(mask)) {
      return SignalDelivery.ERESTARTSYS;
    }
    long fds = c.scratch() + POLLFDS;
    long ready = poll(c, fds, hostFd, events, -1, 0);
    if (ready != 0) {
      return ready > 0 ? READY : 0; // ready now (or not pollable): the call will not wait
    }
    long fl = c.sys2(c.nr.fcntl, hostFd, F_GETFL);
    int accmode = (int) fl & 3;
    boolean wrongMode = events == POLLIN ? accmode == 1 : accmode == 0;
    if (fl < 0 || (fl & O_NONBLOCK) != 0 || wrongMode) {
      return 0; // the call does not wait, or fails at once (EBADF on the wrong end)
    }
    if (listening(c, hostFd) != accept) {
      // accept on a socket that does not listen, or a read or write on one that does: poll
      // never reports them ready, and the call fails at once (EINVAL, ENOTCONN).
      return 0;
    }
    // A socket with SO_RCVTIMEO/SO_SNDTIMEO: the wait ends with EAGAIN when it runs out, and a
    // signal makes it fail with EINTR, never restart (signal(7)).
    long timeout = timeoutNanos(c, hostFd, events == POLLIN ? SO_RCVTIMEO : SO_SNDTIMEO);
    long deadline = System.nanoTime() + timeout;
    int efd = c.p.wakeFd();
    if (efd < 0) {
      return 0;
    }
    while (true) {
      long left = timeout == 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      long r = poll(c, fds, hostFd, events, efd, left);
      // An ending process wakes its waits for good: stop here, before the call, rather than be
      // left behind in it.
      c.safePoint();
      if (r < 0 && r != -Errno.EINTR) {
        return 0;
      }
      if (r > 0 && NativeAccess.U.getShort(fds + 6) != 0) {
        return 0;
      }
      if (r > 0) {
        c.p.drainWakeFd();
      }
      if (c.p.signals().deliverable(mask)) {
        return timeout == 0 ? SignalDelivery.ERESTARTSYS : -Errno.EINTR;
      }
      if (r == 0 && left == 0) {
        return -Errno.EAGAIN;
      }
    }
  }

  static final int F_SETFL = 4;
  static final int EINPROGRESS = 115;
  static final int EALREADY = 114;

  /** How often a connect refused with EAGAIN (a full AF_UNIX backlog) tries again. */
  private static final long CONNECT_RETRY_NANOS = 10_000_000L;

  /**
   * connect(2) of host socket {@code h} to the host sockaddr at {@code addr}, interruptible by
   * signals: on a blocking socket the connect is made non-blocking for that one call (the flags are
   * put back at once) and the wait for the connection is a ppoll on the socket and the thread's
   * wake eventfd, after which the connect is made again to finish it and learn the result. As in
   * Linux, a signal ends the wait with ERESTARTSYS (restarted with SA_RESTART: the connect made
   * again finds the attempt in progress, EALREADY, and waits on), or with EINTR on a socket with
   * SO_SNDTIMEO, whose running out gives EINPROGRESS (signal(7), net/ipv4/af_inet.c). An AF_UNIX
   * connect to a full backlog (EAGAIN) is tried again every few milliseconds while waiting the same
   * way.
   */
  static long connect(Ctx c, int h, long addr, long len) {
    long fl = c.sys2(c.nr.fcntl, h, F_GETFL);
    int efd = c.p.wakeFd();
    if (fl < 0 || (fl & O_NONBLOCK) != 0 || efd < 0) {
      return c.sys3(c.nr.connect, h, addr, len);
    }
    long timeout = timeoutNanos(c, h, SO_SNDTIMEO);
    long deadline = System.nanoTime() + timeout;
    long fds = c.scratch() + POLLFDS;
    long mask = SignalMask.get();
    while (true) {
      long r = connectNow(c, h, addr, len, fl);
      if (r != -EAGAIN && r != -EINPROGRESS && r != -EALREADY) {
        return r;
      }
      boolean retry = r == -EAGAIN;
      long left = timeout == 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      long slice = retry && (left < 0 || left > CONNECT_RETRY_NANOS) ? CONNECT_RETRY_NANOS : left;
      // A socket that waits for room in a backlog is not polled (an unconnected AF_UNIX socket
      // polls as hung up): only the wake eventfd, for a slice.
      long p = poll(c, fds, retry ? -1 : h, POLLOUT, efd, slice);
      if (p < 0 && p != -Errno.EINTR) {
        return c.sys3(c.nr.connect, h, addr, len); // cannot wait here: let the host wait
      }
      if (p > 0 && NativeAccess.U.getShort(fds + 14) != 0) {
        c.p.drainWakeFd();
      }
      c.safePoint(); // the process is ending: stop here (its end wakes the eventfd)
      if (c.p.signals().deliverable(mask)) {
        return timeout == 0 ? SignalDelivery.ERESTARTSYS : -Errno.EINTR;
      }
      if (!retry && p > 0 && NativeAccess.U.getShort(fds + 6) != 0) {
        // Done: the connect made again finishes it (0, and the socket counts as connected, so a
        // later connect is EISCONN) or reports why it failed, as a blocking connect would.
        continue;
      }
      if (left == 0) {
        return retry ? -EAGAIN : -EINPROGRESS;
      }
    }
  }

  /** One non-blocking connect of a socket whose flags are {@code fl}, put back afterwards. */
  private static long connectNow(Ctx c, int h, long addr, long len, long fl) {
    c.sys3(c.nr.fcntl, h, F_SETFL, fl | O_NONBLOCK);
    long r = c.sys3(c.nr.connect, h, addr, len);
    c.sys3(c.nr.fcntl, h, F_SETFL, fl);
    return r;
  }

  /** read(2) of {@code count} bytes at host address {@code buf} from WALI fd {@code fd}. */
  static long read(Ctx c, int fd, int hostFd, long buf, long count) {
    if (atOnce(c, fd)) {
      return c.sys3(c.nr.read, hostFd, buf, count);
    }
    WaliThread t = InterruptibleCall.caller(c);
    if (t != null) {
      return InterruptibleCall.sys3(
          c, t, c.nr.read, hostFd, buf, count, InterruptibleCall.LOOK_READ, SO_RCVTIMEO);
    }
    long iov = c.scratch() + IOVEC;
    NativeAccess.U.putLong(iov, buf);
    NativeAccess.U.putLong(iov + 8, count);
    long r = readNow(c, fd, hostFd, iov, 1);
    if (r == NOT_TRIED || r == -EAGAIN) {
      r = awaitReadable(c, fd, hostFd, r == -EAGAIN);
      return r < 0 ? r : c.sys3(c.nr.read, hostFd, buf, count);
    }
    return r;
  }

  /**
   * readv(2) of {@code hostFd} (WALI fd {@code fd}) into {@code iovcnt} host iovecs at {@code iov}.
   */
  static long readv(Ctx c, int fd, int hostFd, long iov, int iovcnt) {
    if (atOnce(c, fd)) {
      return c.sys3(c.nr.readv, hostFd, iov, iovcnt);
    }
    WaliThread t = InterruptibleCall.caller(c);
    if (t != null) {
      return InterruptibleCall.sys3(
          c, t, c.nr.readv, hostFd, iov, iovcnt, InterruptibleCall.LOOK_READV, SO_RCVTIMEO);
    }
    long r = readNow(c, fd, hostFd, iov, iovcnt);
    if (r == NOT_TRIED || r == -EAGAIN) {
      r = awaitReadable(c, fd, hostFd, r == -EAGAIN);
      return r < 0 ? r : c.sys3(c.nr.readv, hostFd, iov, iovcnt);
    }
    return r;
  }

  /** What {@link #readNow} and {@link #writeNow} return when they did not try. */
  private static final long NOT_TRIED = Long.MIN_VALUE;

  /**
   * The read, made only if it need not wait: its result (-EAGAIN when it would wait), or {@link
   * #NOT_TRIED} when a signal is pending (delivery comes first) or the fd must poll first.
   */
  private static long readNow(Ctx c, int fd, int hostFd, long iov, int iovcnt) {
    if (c.p.signals().pending() != 0 || c.p.fds().pollBeforeRead(fd)) {
      return NOT_TRIED;
    }
    // At the file position, as readv reads.
    long r = c.k.preadv2(c.nr.preadv2, hostFd, iov, iovcnt, RWF_NOWAIT);
    if (r == -EOPNOTSUPP || r == -Errno.ENOSYS) {
      c.p.fds().setPollBeforeRead(fd); // the file (a terminal...) or the kernel lacks RWF_NOWAIT
      return NOT_TRIED;
    }
    return r;
  }

  /**
   * write(2) of {@code count} bytes at host address {@code buf} to WALI fd {@code fd} (host {@code
   * hostFd}). It first writes without waiting (pwritev2 with RWF_NOWAIT at the file position, as
   * write writes): when there is room, as in most writes, that one host call is the whole write.
   * When it would wait (EAGAIN), the write polls and is made as the program asked. When it wrote
   * part (room for less than all), the rest goes the same way, as a blocking write goes on; a
   * signal while it waits for room ends it with what was written, as in Linux. Files whose writes
   * lack RWF_NOWAIT (terminals, regular files not known to never wait) poll first from then on. A
   * file that never waits ({@link #atOnce}) is written at once.
   */
  static long write(Ctx c, int fd, int hostFd, long buf, long count) {
    if (atOnce(c, fd)) {
      return IoCalls.epipe(c, c.sys3(c.nr.write, hostFd, buf, count));
    }
    WaliThread t = InterruptibleCall.caller(c);
    if (t != null) {
      return IoCalls.epipe(
          c,
          InterruptibleCall.sys3(
              c, t, c.nr.write, hostFd, buf, count, InterruptibleCall.LOOK_WRITE, SO_SNDTIMEO));
    }
    long iov = c.scratch() + IOVEC;
    NativeAccess.U.putLong(iov, buf);
    NativeAccess.U.putLong(iov + 8, count);
    long r = writeNow(c, fd, hostFd, iov);
    if (r == NOT_TRIED || r == -EAGAIN) {
      long w = await(c, hostFd, POLLOUT);
      return w < 0 ? w : IoCalls.epipe(c, c.sys3(c.nr.write, hostFd, buf, count));
    }
    if (r < 0 || r >= count) {
      return IoCalls.epipe(c, r);
    }
    long w = await(c, hostFd, POLLOUT);
    if (w < 0) {
      return r;
    }
    long rest = IoCalls.epipe(c, c.sys3(c.nr.write, hostFd, buf + r, count - r));
    return rest < 0 ? r : r + rest;
  }

  /**
   * writev(2) of {@code iovcnt} host iovecs at {@code iov} to {@code hostFd} (WALI fd {@code fd}):
   * at once to a file that never waits, else once the fd is ready, as {@link #await} says.
   */
  static long writev(Ctx c, int fd, int hostFd, long iov, int iovcnt) {
    if (!atOnce(c, fd)) {
      WaliThread t = InterruptibleCall.caller(c);
      if (t != null) {
        return IoCalls.epipe(
            c,
            InterruptibleCall.sys3(
                c,
                t,
                c.nr.writev,
                hostFd,
                iov,
                iovcnt,
                InterruptibleCall.LOOK_WRITEV,
                SO_SNDTIMEO));
      }
      long r = await(c, hostFd, POLLOUT);
      if (r < 0) {
        return r;
      }
    }
    return IoCalls.epipe(c, c.sys3(c.nr.writev, hostFd, iov, iovcnt));
  }

  /**
   * Whether a read or write of WALI fd {@code fd} is made at once, with no poll and no RWF_NOWAIT
   * try: its file never waits ({@link #fileNeverWaits}, learnt once per fd). A pending signal does
   * not stop it, as a signal does not interrupt a read or write of a regular file in Linux; it is
   * delivered when the call returns.
   */
  private static boolean atOnce(Ctx c, int fd) {
    FdTable t = c.p.fds();
    byte w = t.waits(fd);
    return w == FdTable.WAITS_UNKNOWN
        ? t.learnWaits(fd, h -> fileNeverWaits(c, h))
        : w == FdTable.NEVER_WAITS;
  }

  static final int AT_EMPTY_PATH = 0x1000;
  static final int STATX_TYPE = 0x1;
  static final int STATX_MODE_OFFSET = 28;
  static final int STATX_RDEV_MAJOR_OFFSET = 128;
  static final int STATX_RDEV_MINOR_OFFSET = 132;
  static final int S_IFMT = 0170000;
  static final int S_IFREG = 0100000;
  static final int S_IFBLK = 0060000;
  static final int S_IFCHR = 0020000;

  /** Where {@link #fileNeverWaits} puts its statx, clear of the iovecs readv and writev stage. */
  private static final int STATX = IOVEC - 512;

  /**
   * Whether reads and writes of host fd {@code h} never wait, so that polling first could only
   * report it ready: a regular file or block device on a file system whose files do not poll (a
   * disk or memory one: not /proc, sysfs, tracefs or FUSE, where some regular files wait), or the
   * memory devices /dev/null, /dev/zero, /dev/full and /dev/urandom.
   */
  static boolean fileNeverWaits(Ctx c, int h) {
    long buf = c.scratch() + STATX;
    long empty = buf + Layouts.STATX_SIZE;
    NativeAccess.U.putByte(empty, (byte) 0);
    if (c.sys5(c.nr.statx, h, empty, AT_EMPTY_PATH, STATX_TYPE, buf) != 0) {
      return false;
    }
    int type = NativeAccess.U.getShort(buf + STATX_MODE_OFFSET) & S_IFMT;
    if (type == S_IFCHR) {
      int major = NativeAccess.U.getInt(buf + STATX_RDEV_MAJOR_OFFSET);
      int minor = NativeAccess.U.getInt(buf + STATX_RDEV_MINOR_OFFSET);
      return major == 1 && (minor == 3 || minor == 5 || minor == 7 || minor == 9);
    }
    if (type != S_IFREG && type != S_IFBLK) {
      return false;
    }
    return type == S_IFBLK || PlainFileSystems.holds(c, h, buf);
  }

  /**
   * The write, made only if it need not wait: its result (-EAGAIN when it would wait, a count short
   * of the whole when there was room for part), or {@link #NOT_TRIED} when a signal is pending
   * (delivery comes first) or the fd must poll first.
   */
  private static long writeNow(Ctx c, int fd, int hostFd, long iov) {
    if (c.p.signals().pending() != 0 || c.p.fds().pollBeforeWrite(fd)) {
      return NOT_TRIED;
    }
    long r = c.k.pwritev2(c.nr.pwritev2, hostFd, iov, 1, RWF_NOWAIT);
    if (r == -EOPNOTSUPP || r == -Errno.ENOSYS) {
      c.p.fds().setPollBeforeWrite(fd);
      return NOT_TRIED;
    }
    return r;
  }

  /**
   * {@link #await} for a read; {@code eagain}: RWF_NOWAIT said it would wait. When the fd is ready
   * all the same (a regular file on some file systems), its reads poll first from now on.
   */
  private static long awaitReadable(Ctx c, int fd, int hostFd, boolean eagain) {
    long w = await(c, hostFd, POLLIN);
    if (eagain && w == READY) {
      c.p.fds().setPollBeforeRead(fd);
    }
    return w;
  }

  /**
   * {@link #await} for a socket call with {@code flags}: MSG_DONTWAIT makes this one call
   * non-blocking, so it goes ahead at once (waiting here would turn its EAGAIN into a hang).
   */
  static long awaitSocket(Ctx c, int hostFd, short events, int flags) {
    return (flags & MSG_DONTWAIT) != 0 ? 0 : await(c, hostFd, events);
  }

  static final int MSG_DONTWAIT = 0x40;
  static final int SOL_SOCKET = 1;
  static final int SO_ACCEPTCONN = 30;

  /** Whether {@code h} is a listening socket. */
  private static boolean listening(Ctx c, int h) {
    long val = c.scratch() + POLLFDS - 64;
    long len = val + 16;
    NativeAccess.U.putInt(val, 0);
    NativeAccess.U.putInt(len, 4);
    long r = c.sys5(c.nr.getsockopt, h, SOL_SOCKET, SO_ACCEPTCONN, val, len);
    return r == 0 && NativeAccess.U.getInt(val) != 0;
  }

  static final int SO_RCVTIMEO = 20;
  static final int SO_SNDTIMEO = 21;

  /**
   * The timeout {@code option} (SO_RCVTIMEO, SO_SNDTIMEO) of socket {@code h} in ns; 0 for none.
   */
  static long timeoutNanos(Ctx c, int h, int option) {
    long tv = c.scratch() + POLLFDS - 64;
    long len = tv + 16;
    NativeAccess.U.putInt(len, 16);
    long r = c.sys5(c.nr.getsockopt, h, SOL_SOCKET, option, tv, len);
    if (r != 0) {
      return 0;
    }
    long sec = NativeAccess.U.getLong(tv);
    long usec = NativeAccess.U.getLong(tv + 8);
    return sec >= Long.MAX_VALUE / 1_000_000_000L
        ? Long.MAX_VALUE / 2
        : sec * 1_000_000_000L + usec * 1000;
  }

  /** ppoll on {@code fd} (and {@code efd} when >= 0) for {@code timeout} ns, -1 for ever. */
  static long poll(Ctx c, long fds, int fd, short events, int efd, long timeout) {
    NativeAccess.U.putInt(fds, fd);
    NativeAccess.U.putShort(fds + 4, events);
    NativeAccess.U.putShort(fds + 6, (short) 0);
    NativeAccess.U.putInt(fds + 8, efd);
    NativeAccess.U.putShort(fds + 12, POLLIN);
    NativeAccess.U.putShort(fds + 14, (short) 0);
    long ts = 0;
    if (timeout >= 0) {
      ts = c.scratch() + POLLFDS - 16;
      NativeAccess.U.putLong(ts, timeout / 1_000_000_000L);
      NativeAccess.U.putLong(ts + 8, timeout % 1_000_000_000L);
    }
    return c.sys5(c.nr.ppoll, fds, efd >= 0 ? 2 : 1, ts, 0, 8);
  }
}
