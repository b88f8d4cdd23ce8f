package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.core.kernel.FdTable;
import io.wali4j.core.kernel.SignalFd;
import io.wali4j.core.kernel.Signals;

/**
 * Reading and writing: read, write, pread64, pwrite64, readv, writev, preadv(2), pwritev(2), lseek.
 */
final class IoCalls {

  /** Linux UIO_MAXIOV. */
  static final int IOV_MAX = 1024;

  /** A read that would block waits interruptibly by signals ({@link BlockingIo}). */
  @WaliImport("SYS_read")
  long read(Ctx c, int fd, int buf, int count) {
    int h = c.fd(fd);
    long at = c.addr(buf, u(count));
    if (SignalFd.any() && c.p.fds().waits(fd) != FdTable.NEVER_WAITS) {
      // A file known never to wait (a regular file) is no signalfd: no fstat for it.
      SignalFd s = SignalFd.of(c.p.host(), h, c.scratch());
      if (s != null) {
        return SignalFdCalls.read(c, s, h, at, u(count));
      }
    }
    return BlockingIo.read(c, fd, h, at, u(count));
  }

  /**
   * A write that would block (a full pipe or socket) waits interruptibly ({@link BlockingIo}); one
   * that need not wait is one host call.
   */
  @WaliImport("SYS_write")
  long write(Ctx c, int fd, int buf, int count) {
    int h = c.fd(fd);
    long at = c.addr(buf, u(count));
    if (SignalFd.any()
        && c.p.fds().waits(fd) != FdTable.NEVER_WAITS
        && SignalFd.of(c.p.host(), h, c.scratch()) != null) {
      return -Errno.EINVAL; // a signalfd has no write (signalfd_fops)
    }
    long n = FileSizeLimit.allowed(c, h, u(count));
    if (n < 0) {
      return n;
    }
    return BlockingIo.write(c, fd, h, at, n);
  }

  /** A write to a pipe or socket without readers raises SIGPIPE in the writing thread (pipe(7)). */
  static long epipe(Ctx c, long r) {
    if (r == -EPIPE) {
      c.p.signal(c.p.threads().current(), Signals.SIGPIPE, 0, c.p.pid());
    }
    return r;
  }

  static final int EPIPE = 32;

  @WaliImport("SYS_pread64")
  long pread64(Ctx c, int fd, int buf, int count, long offset) {
    return c.sys4(c.nr.pread64, c.fd(fd), c.addr(buf, u(count)), u(count), offset);
  }

  @WaliImport("SYS_pwrite64")
  long pwrite64(Ctx c, int fd, int buf, int count, long offset) {
    return c.sys4(c.nr.pwrite64, c.fd(fd), c.addr(buf, u(count)), u(count), offset);
  }

  @WaliImport("SYS_readv")
  long readv(Ctx c, int fd, int iov, int iovcnt) {
    int h = c.fd(fd);
    if (SignalFd.any() && c.p.fds().waits(fd) != FdTable.NEVER_WAITS) {
      SignalFd s = SignalFd.of(c.p.host(), h, c.scratch()); // before the iovecs take the scratch
      if (s != null) {
        return SignalFdCalls.readv(c, s, h, hostIovecs(c, iov, iovcnt), iovcnt);
      }
    }
    long vecs = hostIovecs(c, iov, iovcnt);
    return BlockingIo.readv(c, fd, h, vecs, iovcnt);
  }

  @WaliImport("SYS_writev")
  long writev(Ctx c, int fd, int iov, int iovcnt) {
    int h = c.fd(fd);
    long vecs = hostIovecs(c, iov, iovcnt);
    return BlockingIo.writev(c, fd, h, vecs, iovcnt);
  }

  /**
   * preadv(2): the offset comes as two longs, {@code pos_l} and {@code pos_h}, as the kernel takes
   * it; on a 64-bit host pos_l alone is the offset and both pass through unchanged.
   */
  @WaliImport("SYS_preadv")
  long preadv(Ctx c, int fd, int iov, int iovcnt, long posL, long posH) {
    return c.sys5(c.nr.preadv, c.fd(fd), hostIovecs(c, iov, iovcnt), iovcnt, posL, posH);
  }

  @WaliImport("SYS_pwritev")
  long pwritev(Ctx c, int fd, int iov, int iovcnt, long posL, long posH) {
    return c.sys5(c.nr.pwritev, c.fd(fd), hostIovecs(c, iov, iovcnt), iovcnt, posL, posH);
  }

  /** preadv2(2): offset -1 means the file position; the RWF_* flags pass to the host. */
  @WaliImport("SYS_preadv2")
  long preadv2(Ctx c, int fd, int iov, int iovcnt, long posL, long posH, int flags) {
    return c.sys6(c.nr.preadv2, c.fd(fd), hostIovecs(c, iov, iovcnt), iovcnt, posL, posH, flags);
  }

  @WaliImport("SYS_pwritev2")
  long pwritev2(Ctx c, int fd, int iov, int iovcnt, long posL, long posH, int flags) {
    return c.sys6(c.nr.pwritev2, c.fd(fd), hostIovecs(c, iov, iovcnt), iovcnt, posL, posH, flags);
  }

  @WaliImport("SYS_lseek")
  long lseek(Ctx c, int fd, long offset, int whence) {
    return c.sys3(c.nr.lseek, c.fd(fd), offset, whence);
  }

  /**
   * Converts {@code iovcnt} WALI iovecs at {@code iov} to host iovecs in the scratch buffer, each
   * base translated to a host address after checking its whole buffer lies in memory.
   */
  static long hostIovecs(Ctx c, int iov, int iovcnt) {
    if (iovcnt < 0 || iovcnt > IOV_MAX) {
      throw SyscallError.EINVAL;
    }
    return hostIovecs(c, iov, iovcnt, c.scratch());
  }

  /** Like {@link #hostIovecs(Ctx, int, int)}, into {@code dst}; the caller checked iovcnt. */
  static long hostIovecs(Ctx c, int iov, int iovcnt, long dst) {
    long src = c.addr(iov, (long) iovcnt * Layouts.WALI_IOVEC.size());
    StructCodec.convert(Layouts.WALI_IOVEC, src, Layouts.HOST64_IOVEC, dst, iovcnt);
    for (int i = 0; i < iovcnt; i++) {
      long e = dst + (long) i * Layouts.HOST64_IOVEC.size();
      long len = StructCodec.get(Layouts.HOST64_IOVEC, e, 1);
      long base = StructCodec.get(Layouts.HOST64_IOVEC, e, 0);
      StructCodec.put(Layouts.HOST64_IOVEC, e, 0, c.addr((int) base, len));
    }
    return dst;
  }
}
