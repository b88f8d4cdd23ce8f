package io.wali4j.core.syscall;

import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.SignalMask;

/**
 * Socket transfers that can block after poll said ready, made interruptible: a send or sendmsg
 * larger than the room in the socket buffer, and a stream receive with MSG_WAITALL. Each is done in
 * non-blocking pieces (MSG_DONTWAIT, which changes nothing the descriptor's sharers see) with a
 * wait between them in ppoll on the socket and the thread's wake eventfd. As in Linux (socket(7),
 * signal(7)), a signal after some bytes went returns that count; before any, ERESTARTSYS (restarted
 * with SA_RESTART), or EINTR on a socket with a timeout (SO_SNDTIMEO, SO_RCVTIMEO) for the
 * direction, whose end gives the count so far or EAGAIN. An error after some bytes also returns the
 * count.
 */
final class SocketPieces {

  static final int MSG_DONTWAIT = 0x40;
  static final int MSG_WAITALL = 0x100;
  static final int SO_TYPE = 3;
  static final int SOCK_STREAM = 1;

  private final Ctx c;
  private final int h;
  private final short events;
  private final long mask;
  private final int efd;
  private final long timeout;
  private final long deadline;

  private SocketPieces(Ctx c, int h, short events, int efd) {
    this.c = c;
    this.h = h;
    this.events = events;
    this.mask = SignalMask.get();
    this.efd = efd;
    this.timeout =
        BlockingIo.timeoutNanos(
            c, h, events == BlockingIo.POLLIN ? BlockingIo.SO_RCVTIMEO : BlockingIo.SO_SNDTIMEO);
    this.deadline = System.nanoTime() + timeout;
  }

  /**
   * sendto(2) of {@code len} bytes at host {@code buf} on host socket {@code h} ({@code addr} 0 for
   * a connected socket).
   */
  static long send(Ctx c, int h, long buf, long len, int flags, long addr, long addrLen) {
    if ((flags & MSG_DONTWAIT) != 0) {
      return c.sys6(c.nr.sendto, h, buf, len, flags, addr, addrLen);
    }
    long done = 0;
    SocketPieces w = null;
    while (true) {
      long r = c.sys6(c.nr.sendto, h, buf + done, len - done, flags | MSG_DONTWAIT, addr, addrLen);
      if (r >= 0) {
        done += r;
        if (done >= len) {
          return done;
        }
        continue; // a stream socket took part: the rest waits for room
      }
      if (r != -BlockingIo.EAGAIN) {
        return done > 0 ? done : r;
      }
      if (w == null) {
        w = waiting(c, h, BlockingIo.POLLOUT);
        if (w == null) {
          // The socket is non-blocking, or there is no way to wait here: as asked.
          return done > 0 ? done : c.sys6(c.nr.sendto, h, buf, len, flags, addr, addrLen);
        }
      }
      long stop = w.await();
      if (stop != 0) {
        return done > 0 ? done : stop;
      }
    }
  }

  /**
   * sendmsg(2) of the host msghdr at {@code hm} (its iovecs and control data in scratch) on host
   * socket {@code h}. After a stream socket took part, the iovecs are advanced past it and the
   * control data, which went with the first bytes, is dropped.
   */
  static long sendmsg(Ctx c, int h, long hm, int flags) {
    if ((flags & MSG_DONTWAIT) != 0) {
      return c.sys3(c.nr.sendmsg, h, hm, flags);
    }
    long total = iovTotal(hm);
    long done = 0;
    SocketPieces w = null;
    while (true) {
      long r = c.sys3(c.nr.sendmsg, h, hm, flags | MSG_DONTWAIT);
      if (r >= 0) {
        done += r;
        if (done >= total) {
          return done;
        }
        advance(hm, r);
        StructCodec.put(Layouts.HOST64_MSGHDR, hm, Layouts.MSG_CONTROL, 0);
        StructCodec.put(Layouts.HOST64_MSGHDR, hm, Layouts.MSG_CONTROLLEN, 0);
        continue;
      }
      if (r != -BlockingIo.EAGAIN) {
        return done > 0 ? done : r;
      }
      if (w == null) {
        w = waiting(c, h, BlockingIo.POLLOUT);
        if (w == null) {
          return done > 0 ? done : c.sys3(c.nr.sendmsg, h, hm, flags);
        }
      }
      long stop = w.await();
      if (stop != 0) {
        return done > 0 ? done : stop;
      }
    }
  }

  /** The bytes the host iovecs of msghdr {@code hm} hold. */
  private static long iovTotal(long hm) {
    long iov = StructCodec.get(Layouts.HOST64_MSGHDR, hm, Layouts.MSG_IOV);
    long n = StructCodec.get(Layouts.HOST64_MSGHDR, hm, Layouts.MSG_IOVLEN);
    long total = 0;
    for (long i = 0; i < n; i++) {
      total += NativeAccess.U.getLong(iov + i * 16 + 8);
    }
    return total;
  }

  /** Moves the host iovecs of {@code hm} past the first {@code sent} bytes. */
  private static void advance(long hm, long sent) {
    long iov = StructCodec.get(Layouts.HOST64_MSGHDR, hm, Layouts.MSG_IOV);
    long n = StructCodec.get(Layouts.HOST64_MSGHDR, hm, Layouts.MSG_IOVLEN);
    while (n > 0 && sent >= NativeAccess.U.getLong(iov + 8)) {
      sent -= NativeAccess.U.getLong(iov + 8);
      iov += 16;
      n--;
    }
    if (n > 0) {
      NativeAccess.U.putLong(iov, NativeAccess.U.getLong(iov) + sent);
      NativeAccess.U.putLong(iov + 8, NativeAccess.U.getLong(iov + 8) - sent);
    }
    StructCodec.put(Layouts.HOST64_MSGHDR, hm, Layouts.MSG_IOV, iov);
    StructCodec.put(Layouts.HOST64_MSGHDR, hm, Layouts.MSG_IOVLEN, n);
  }

  /**
   * recvfrom(2) with MSG_WAITALL on a stream socket: pieces until {@code len} bytes, the end of the
   * stream or an error. {@code src} and {@code srcLen} are host pointers (or 0). Returns {@link
   * Long#MIN_VALUE} when this is not such a call (the caller then receives as usual).
   */
  static long receiveAll(Ctx c, int h, long buf, long len, int flags, long src, long srcLen) {
    if ((flags & MSG_WAITALL) == 0 || (flags & MSG_DONTWAIT) != 0 || len == 0 || !stream(c, h)) {
      return Long.MIN_VALUE;
    }
    int piece = (flags & ~MSG_WAITALL) | MSG_DONTWAIT;
    long done = 0;
    SocketPieces w = null;
    while (true) {
      long r = c.sys6(c.nr.recvfrom, h, buf + done, len - done, piece, src, srcLen);
      if (r > 0) {
        done += r;
        if (done >= len) {
          return done;
        }
        continue;
      }
      if (r == 0 || r != -BlockingIo.EAGAIN) {
        return done > 0 ? done : r;
      }
      if (w == null) {
        w = waiting(c, h, BlockingIo.POLLIN);
        if (w == null) {
          return done > 0 ? done : Long.MIN_VALUE;
        }
      }
      long stop = w.await();
      if (stop != 0) {
        return done > 0 ? done : stop;
      }
    }
  }

  /** Whether host socket {@code h} is a SOCK_STREAM socket. */
  private static boolean stream(Ctx c, int h) {
    long val = c.scratch() + BlockingIo.POLLFDS - 64;
    long len = val + 16;
    NativeAccess.U.putInt(val, 0);
    NativeAccess.U.putInt(len, 4);
    long r = c.sys5(c.nr.getsockopt, h, BlockingIo.SOL_SOCKET, SO_TYPE, val, len);
    return r == 0 && NativeAccess.U.getInt(val) == SOCK_STREAM;
  }

  /** A wait for {@code events} on {@code h}, or null when the socket does not block or cannot. */
  private static SocketPieces waiting(Ctx c, int h, short events) {
    long fl = c.sys2(c.nr.fcntl, h, BlockingIo.F_GETFL);
    if (fl < 0 || (fl & BlockingIo.O_NONBLOCK) != 0) {
      return null;
    }
    int efd = c.p.wakeFd();
    return efd < 0 ? null : new SocketPieces(c, h, events, efd);
  }

  /**
   * Waits until the socket is ready again: 0 to try the next piece, or what the call returns when
   * nothing went yet (ERESTARTSYS or -EINTR for a signal, -EAGAIN when the timeout ran out).
   */
  private long await() {
    long fds = c.scratch() + BlockingIo.POLLFDS;
    while (true) {
      long left = timeout == 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      long p = BlockingIo.poll(c, fds, h, events, efd, left);
      if (p < 0 && p != -Errno.EINTR) {
        return 0; // cannot wait: the next piece reports
      }
      if (p > 0 && NativeAccess.U.getShort(fds + 14) != 0) {
        c.p.drainWakeFd();
      }
      c.safePoint(); // the process is ending: stop here (its end wakes the eventfd)
      if (c.p.signals().deliverable(mask)) {
        return timeout == 0 ? SignalDelivery.ERESTARTSYS : -Errno.EINTR;
      }
      if (p > 0 && NativeAccess.U.getShort(fds + 6) != 0) {
        return 0;
      }
      if (left == 0) {
        return -BlockingIo.EAGAIN;
      }
    }
  }
}
