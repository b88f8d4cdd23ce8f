package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;
import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.core.kernel.WaliThread;

/**
 * Sockets: socket, socketpair, bind, connect, listen, accept, accept4, getsockname, getpeername,
 * setsockopt, getsockopt, shutdown, sendto, recvfrom (sendmsg and recvmsg are in {@link MsgCalls}).
 * Every socket the host returns enters the fd table; host sockets are always close-on-exec, the
 * WALI SOCK_CLOEXEC flag lives in the table. Nothing here holds a lock while the host blocks.
 */
final class NetCalls {

  static final int SOCK_CLOEXEC = Ctx.O_CLOEXEC;
  static final int SOL_SOCKET = 1;
  static final int SO_ATTACH_FILTER = 26;
  static final int SO_ATTACH_BPF = 50;
  static final int SO_ATTACH_REUSEPORT_CBPF = 51;
  static final int SO_ATTACH_REUSEPORT_EBPF = 52;

  // Where the socket calls keep host-side data in the process's scratch buffer.
  /** A copied socklen_t (in/out length). */
  static final int LEN_SLOT = 0;

  /** Two host fds (socketpair). */
  static final int PAIR_SLOT = 8;

  /** A rewritten sockaddr_un. */
  static final int ADDR_SLOT = 256;

  /** An address the host returns (sockaddr_storage). */
  static final int ADDR_OUT_SLOT = 384;

  @WaliImport("SYS_socket")
  long socket(Ctx c, int domain, int type, int protocol) {
    long r = c.sys3(c.nr.socket, domain, type | SOCK_CLOEXEC, protocol);
    return c.newFd(r, 0, (type & SOCK_CLOEXEC) != 0);
  }

  @WaliImport("SYS_socketpair")
  long socketpair(Ctx c, int domain, int type, int protocol, int sv) {
    long out = c.addr(sv, 8);
    long fds = c.scratch() + PAIR_SLOT;
    long r = c.sys4(c.nr.socketpair, domain, type | SOCK_CLOEXEC, protocol, fds);
    return r < 0 ? r : FdCalls.installPair(c, fds, out, (type & SOCK_CLOEXEC) != 0);
  }

  @WaliImport("SYS_bind")
  long bind(Ctx c, int sockfd, int addr, int addrlen) {
    int h = c.fd(sockfd);
    SockAddrs.HostAddr a = SockAddrs.in(c, addr, addrlen, c.scratch() + ADDR_SLOT);
    long r = c.sys3(c.nr.bind, h, a.address(), a.length());
    if (r == 0) {
      SockAddrs.afterUnixBind(c, a);
    }
    return r;
  }

  @WaliImport("SYS_connect")
  long connect(Ctx c, int sockfd, int addr, int addrlen) {
    int h = c.fd(sockfd);
    SockAddrs.HostAddr a = SockAddrs.in(c, addr, addrlen, c.scratch() + ADDR_SLOT);
    return BlockingIo.connect(c, h, a.address(), a.length());
  }

  @WaliImport("SYS_listen")
  long listen(Ctx c, int sockfd, int backlog) {
    return c.sys2(c.nr.listen, c.fd(sockfd), backlog);
  }

  @WaliImport("SYS_accept")
  long accept(Ctx c, int sockfd, int addr, int addrlen) {
    return accept4(c, sockfd, addr, addrlen, 0);
  }

  @WaliImport("SYS_accept4")
  long accept4(Ctx c, int sockfd, int addr, int addrlen, int flags) {
    int h = c.fd(sockfd);
    WaliThread t = InterruptibleCall.caller(c);
    if (t == null) {
      long ready = BlockingIo.awaitAccept(c, h);
      if (ready < 0) {
        return ready;
      }
    }
    long slot = SockAddrs.lenIn(c, addrlen, c.scratch() + LEN_SLOT);
    SockAddrs.Out out = SockAddrs.out(c, addr, slot, c.scratch() + ADDR_OUT_SLOT);
    int hostFlags = flags | SOCK_CLOEXEC;
    long r =
        t != null
            ? InterruptibleCall.sys4(
                c, t, c.nr.accept4, h, out.host(), slot, hostFlags, BlockingIo.SO_RCVTIMEO)
            : c.sys4(c.nr.accept4, h, out.host(), slot, hostFlags);
    finishAddr(c, out, addrlen, slot, r);
    return c.newFd(r, 0, (flags & SOCK_CLOEXEC) != 0);
  }

  @WaliImport("SYS_getsockname")
  long getsockname(Ctx c, int sockfd, int addr, int addrlen) {
    return nameQuery(c, c.nr.getsockname, sockfd, addr, addrlen);
  }

  @WaliImport("SYS_getpeername")
  long getpeername(Ctx c, int sockfd, int addr, int addrlen) {
    return nameQuery(c, c.nr.getpeername, sockfd, addr, addrlen);
  }

  private static long nameQuery(Ctx c, int nr, int sockfd, int addr, int addrlen) {
    int h = c.fd(sockfd);
    long slot = SockAddrs.lenIn(c, addrlen, c.scratch() + LEN_SLOT);
    SockAddrs.Out out = SockAddrs.out(c, addr, slot, c.scratch() + ADDR_OUT_SLOT);
    long r = c.sys3(nr, h, out.host(), slot);
    finishAddr(c, out, addrlen, slot, r);
    return r;
  }

  private static void finishAddr(Ctx c, SockAddrs.Out out, int addrlen, long slot, long r) {
    if (r >= 0 && slot != 0) {
      U.putInt(slot, (int) out.finish(U.getInt(slot)));
    }
    SockAddrs.lenOut(c, addrlen, slot, r);
  }

  /**
   * Option values are plain data (ints, struct linger, struct timeval: the same on WALI and x86_64)
   * except the BPF attachments, which hold a pointer or a host fd: refused until translated.
   */
  @WaliImport("SYS_setsockopt")
  long setsockopt(Ctx c, int sockfd, int level, int optname, int optval, int optlen) {
    int h = c.fd(sockfd);
    if (level == SOL_SOCKET && isBpfAttach(optname)) {
      return -Errno.ENOPROTOOPT;
    }
    if (optlen < 0) {
      return -Errno.EINVAL;
    }
    return c.sys5(c.nr.setsockopt, h, level, optname, c.addrOrNull(optval, optlen), optlen);
  }

  private static boolean isBpfAttach(int optname) {
    return optname == SO_ATTACH_FILTER
        || optname == SO_ATTACH_BPF
        || optname == SO_ATTACH_REUSEPORT_CBPF
        || optname == SO_ATTACH_REUSEPORT_EBPF;
  }

  @WaliImport("SYS_getsockopt")
  long getsockopt(Ctx c, int sockfd, int level, int optname, int optval, int optlen) {
    int h = c.fd(sockfd);
    long slot = SockAddrs.lenIn(c, optlen, c.scratch() + LEN_SLOT);
    long r = c.sys5(c.nr.getsockopt, h, level, optname, SockAddrs.bufOut(c, optval, slot), slot);
    SockAddrs.lenOut(c, optlen, slot, r);
    return r;
  }

  @WaliImport("SYS_shutdown")
  long shutdown(Ctx c, int sockfd, int how) {
    return c.sys2(c.nr.shutdown, c.fd(sockfd), how);
  }

  @WaliImport("SYS_sendto")
  long sendto(Ctx c, int sockfd, int buf, int len, int flags, int destAddr, int addrlen) {
    int h = c.fd(sockfd);
    long b = c.addr(buf, u(len));
    SockAddrs.HostAddr a = SockAddrs.in(c, destAddr, addrlen, c.scratch() + ADDR_SLOT);
    WaliThread t = InterruptibleCall.caller(c);
    if (t != null) {
      return InterruptibleCall.sys6(
          c, t, c.nr.sendto, h, b, u(len), flags, a.address(), a.length(), BlockingIo.SO_SNDTIMEO);
    }
    return SocketPieces.send(c, h, b, u(len), flags, a.address(), a.length());
  }

  @WaliImport("SYS_recvfrom")
  long recvfrom(Ctx c, int sockfd, int buf, int len, int flags, int srcAddr, int addrlen) {
    int h = c.fd(sockfd);
    long b = c.addr(buf, u(len));
    long slot = SockAddrs.lenIn(c, addrlen, c.scratch() + LEN_SLOT);
    SockAddrs.Out out = SockAddrs.out(c, srcAddr, slot, c.scratch() + ADDR_OUT_SLOT);
    WaliThread t = InterruptibleCall.caller(c);
    if (t != null) {
      long r =
          InterruptibleCall.sys6(
              c, t, c.nr.recvfrom, h, b, u(len), flags, out.host(), slot, BlockingIo.SO_RCVTIMEO);
      finishAddr(c, out, addrlen, slot, r);
      return r;
    }
    long r = SocketPieces.receiveAll(c, h, b, u(len), flags, out.host(), slot);
    if (r == Long.MIN_VALUE
        && (flags & BlockingIo.MSG_DONTWAIT) == 0
        && c.p.signals().pending() == 0) {
      // First without waiting: when data is there, as in most receives, that one host call is
      // the whole receive, where polling first would make it two. A pending signal goes the
      // waiting way, which delivers it first.
      long now =
          c.sys6(c.nr.recvfrom, h, b, u(len), flags | BlockingIo.MSG_DONTWAIT, out.host(), slot);
      if (now != -BlockingIo.EAGAIN) {
        r = now;
      }
    }
    if (r == Long.MIN_VALUE) {
      long ready = BlockingIo.awaitSocket(c, h, BlockingIo.POLLIN, flags);
      if (ready < 0) {
        return ready;
      }
      r = c.sys6(c.nr.recvfrom, h, b, u(len), flags, out.host(), slot);
    }
    finishAddr(c, out, addrlen, slot, r);
    return r;
  }
}
