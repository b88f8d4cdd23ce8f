package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;
import static io.wali4j.core.syscall.Layouts.HOST64_MSGHDR;
import static io.wali4j.core.syscall.Layouts.MSG_CONTROL;
import static io.wali4j.core.syscall.Layouts.MSG_CONTROLLEN;
import static io.wali4j.core.syscall.Layouts.MSG_FLAGS;
import static io.wali4j.core.syscall.Layouts.MSG_IOV;
import static io.wali4j.core.syscall.Layouts.MSG_IOVLEN;
import static io.wali4j.core.syscall.Layouts.MSG_NAME;
import static io.wali4j.core.syscall.Layouts.MSG_NAMELEN;
import static io.wali4j.core.syscall.Layouts.WALI_MSGHDR;

import io.wali4j.core.kernel.Scratch;
import io.wali4j.core.kernel.WaliThread;

/**
 * sendmsg and recvmsg: the WALI msghdr (36 bytes) becomes a host msghdr in scratch through the
 * codec, its iovec array is converted like readv's, its name is checked (and a relative AF_UNIX
 * path rewritten), and its control messages are rebuilt by {@link Cmsgs}, which translates the fds
 * of SCM_RIGHTS both ways.
 */
final class MsgCalls {

  static final int MSG_CTRUNC = 0x8;
  static final int MSG_CMSG_CLOEXEC = 0x40000000;

  // The scratch buffer: host msghdr, host iovecs (UIO_MAXIOV x 16), then the host control data.
  static final int MSGHDR_SLOT = 512;
  static final int IOV_SLOT = 1024;
  static final int CONTROL_SLOT = IOV_SLOT + IoCalls.IOV_MAX * 16;
  static final int CONTROL_CAP = Scratch.SIZE - CONTROL_SLOT;

  @WaliImport("SYS_sendmsg")
  long sendmsg(Ctx c, int sockfd, int msg, int flags) {
    int h = c.fd(sockfd);
    long hm = hostMsghdr(c, msg);
    int name = (int) StructCodec.get(HOST64_MSGHDR, hm, MSG_NAME);
    int namelen = (int) StructCodec.get(HOST64_MSGHDR, hm, MSG_NAMELEN);
    SockAddrs.HostAddr a = SockAddrs.in(c, name, namelen, c.scratch() + NetCalls.ADDR_SLOT);
    StructCodec.put(HOST64_MSGHDR, hm, MSG_NAME, a.address());
    StructCodec.put(HOST64_MSGHDR, hm, MSG_NAMELEN, a.length());
    int control = (int) StructCodec.get(HOST64_MSGHDR, hm, MSG_CONTROL);
    long controllen = StructCodec.get(HOST64_MSGHDR, hm, MSG_CONTROLLEN);
    long hostControl = c.scratch() + CONTROL_SLOT;
    long hostLen =
        controllen == 0
            ? 0
            : Cmsgs.toHost(c, c.addr(control, controllen), controllen, hostControl, CONTROL_CAP);
    StructCodec.put(HOST64_MSGHDR, hm, MSG_CONTROL, hostLen == 0 ? 0 : hostControl);
    StructCodec.put(HOST64_MSGHDR, hm, MSG_CONTROLLEN, hostLen);
    WaliThread t = InterruptibleCall.caller(c);
    if (t != null) {
      return InterruptibleCall.sys3(
          c,
          t,
          c.nr.sendmsg,
          h,
          hm,
          flags,
          InterruptibleCall.LOOK_DONTWAIT,
          BlockingIo.SO_SNDTIMEO);
    }
    if (hostLen > CONTROL_CAP - POLL_ROOM) {
      // Control data so large that it reaches the end of scratch, where a wait puts its pollfds:
      // no waiting in pieces here, the host waits.
      return c.sys3(c.nr.sendmsg, h, hm, flags);
    }
    return SocketPieces.sendmsg(c, h, hm, flags);
  }

  /** The end of scratch that waits use (pollfds, timeouts, socket options). */
  static final int POLL_ROOM = 128;

  @WaliImport("SYS_recvmsg")
  long recvmsg(Ctx c, int sockfd, int msg, int flags) {
    int h = c.fd(sockfd);
    WaliThread t = InterruptibleCall.caller(c);
    if (t == null) {
      long ready = BlockingIo.awaitSocket(c, h, BlockingIo.POLLIN, flags);
      if (ready < 0) {
        return ready;
      }
    }
    long hm = hostMsghdr(c, msg);
    long wm = c.addr(msg, WALI_MSGHDR.size());
    int name = (int) StructCodec.get(HOST64_MSGHDR, hm, MSG_NAME);
    long nameSlot = c.scratch() + NetCalls.LEN_SLOT;
    U.putInt(nameSlot, (int) StructCodec.get(HOST64_MSGHDR, hm, MSG_NAMELEN));
    SockAddrs.Out nameOut = SockAddrs.out(c, name, nameSlot, c.scratch() + NetCalls.ADDR_OUT_SLOT);
    StructCodec.put(HOST64_MSGHDR, hm, MSG_NAME, nameOut.host());
    StructCodec.put(HOST64_MSGHDR, hm, MSG_NAMELEN, U.getInt(nameSlot));
    int control = (int) StructCodec.get(HOST64_MSGHDR, hm, MSG_CONTROL);
    long controllen = StructCodec.get(HOST64_MSGHDR, hm, MSG_CONTROLLEN);
    long waliControl = controllen == 0 ? 0 : c.addr(control, controllen);
    // Headers and data have the same sizes and alignment on both sides: only the final padding
    // differs, so the host needs the WALI room rounded up to the alignment.
    long hostCap = Math.min(Cmsgs.align(controllen), CONTROL_CAP);
    long hostControl = c.scratch() + CONTROL_SLOT;
    StructCodec.put(HOST64_MSGHDR, hm, MSG_CONTROL, hostCap == 0 ? 0 : hostControl);
    StructCodec.put(HOST64_MSGHDR, hm, MSG_CONTROLLEN, hostCap);
    int withCloexec = flags | MSG_CMSG_CLOEXEC;
    long r =
        t != null
            ? InterruptibleCall.sys3(
                c,
                t,
                c.nr.recvmsg,
                h,
                hm,
                withCloexec,
                InterruptibleCall.LOOK_DONTWAIT,
                BlockingIo.SO_RCVTIMEO)
            : c.sys3(c.nr.recvmsg, h, hm, withCloexec);
    if (r < 0) {
      return r;
    }
    long hostLen = StructCodec.get(HOST64_MSGHDR, hm, MSG_CONTROLLEN);
    boolean cloexec = (flags & MSG_CMSG_CLOEXEC) != 0;
    Cmsgs.Received got = Cmsgs.toWali(c, hostControl, hostLen, waliControl, controllen, cloexec);
    // The kernel echoes MSG_CMSG_CLOEXEC into msg_flags: report only what the program asked.
    long hostFlags =
        StructCodec.get(HOST64_MSGHDR, hm, MSG_FLAGS) & ~MSG_CMSG_CLOEXEC
            | (flags & MSG_CMSG_CLOEXEC);
    long namelen = StructCodec.get(HOST64_MSGHDR, hm, MSG_NAMELEN);
    StructCodec.put(WALI_MSGHDR, wm, MSG_NAMELEN, name == 0 ? namelen : nameOut.finish(namelen));
    StructCodec.put(WALI_MSGHDR, wm, MSG_CONTROLLEN, got.length());
    StructCodec.put(
        WALI_MSGHDR, wm, MSG_FLAGS, got.truncated() ? hostFlags | MSG_CTRUNC : hostFlags);
    return r;
  }

  /**
   * The WALI msghdr at {@code msg} converted to a host msghdr in scratch, its iovecs already
   * translated; name and control still hold WALI pointers for the caller to translate.
   */
  private static long hostMsghdr(Ctx c, int msg) {
    long wm = c.addr(msg, WALI_MSGHDR.size());
    long hm = c.scratch() + MSGHDR_SLOT;
    StructCodec.convert(WALI_MSGHDR, wm, HOST64_MSGHDR, hm, 1);
    long iovlen = StructCodec.get(HOST64_MSGHDR, hm, MSG_IOVLEN);
    // ___sys_sendmsg / ___sys_recvmsg: more than UIO_MAXIOV segments is EMSGSIZE.
    if (iovlen < 0 || iovlen > IoCalls.IOV_MAX) {
      throw SyscallError.EMSGSIZE;
    }
    int iov = (int) StructCodec.get(HOST64_MSGHDR, hm, MSG_IOV);
    long hostIov = c.scratch() + IOV_SLOT;
    IoCalls.hostIovecs(c, iov, (int) iovlen, hostIov);
    StructCodec.put(HOST64_MSGHDR, hm, MSG_IOV, hostIov);
    return hm;
  }
}
