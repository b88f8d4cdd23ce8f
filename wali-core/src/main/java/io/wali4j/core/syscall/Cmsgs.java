package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;
import static io.wali4j.core.syscall.Layouts.HOST64_CMSGHDR;
import static io.wali4j.core.syscall.Layouts.WALI_CMSGHDR;

/**
 * Control messages (ancillary data) between the WALI and host layouts of struct cmsghdr. Headers go
 * through the codec; payloads are plain data (struct ucred, timevals, packet info are the same on
 * WALI and x86_64) except SCM_RIGHTS, whose fds are WALI numbers on one side and host fds on the
 * other. The walk follows the kernel's rules (cmsg(3), net/core/scm.c): a header whose length is
 * short or runs past the buffer is EINVAL when sending; on receipt, what does not fit is cut with
 * MSG_CTRUNC and fds that are not delivered are closed.
 */
final class Cmsgs {

  static final int SOL_SOCKET = 1;
  static final int SCM_RIGHTS = 1;
  static final int HDR = 16;

  private Cmsgs() {}

  /** What recvmsg hands back: the WALI msg_controllen and whether anything was cut. */
  record Received(long length, boolean truncated) {}

  static long align(long n) {
    return (n + Layouts.CMSG_ALIGN - 1) & -Layouts.CMSG_ALIGN;
  }

  private static boolean isRights(Layout layout, long cm) {
    return StructCodec.get(layout, cm, 1) == SOL_SOCKET
        && StructCodec.get(layout, cm, 2) == SCM_RIGHTS;
  }

  /**
   * Rebuilds the WALI control messages at {@code wali} ({@code len} bytes, range-checked) as host
   * messages at {@code host}; returns the host msg_controllen.
   */
  static long toHost(Ctx c, long wali, long len, long host, long hostCap) {
    long off = 0;
    long hoff = 0;
    long end = 0;
    while (len - off >= HDR) {
      long cm = wali + off;
      long cmLen = StructCodec.get(WALI_CMSGHDR, cm, 0);
      if (cmLen < HDR || cmLen > len - off) {
        throw SyscallError.EINVAL;
      }
      if (hoff + cmLen > hostCap) {
        throw SyscallError.ENOMEM;
      }
      long hcm = host + hoff;
      StructCodec.convert(WALI_CMSGHDR, cm, HOST64_CMSGHDR, hcm, 1);
      U.copyMemory(cm + HDR, hcm + HDR, cmLen - HDR);
      if (isRights(WALI_CMSGHDR, cm)) {
        for (long p = hcm + HDR; p + 4 <= hcm + cmLen; p += 4) {
          U.putInt(p, c.fd(U.getInt(p)));
        }
      }
      end = hoff + cmLen;
      hoff += align(cmLen);
      off += align(cmLen);
    }
    return end;
  }

  /**
   * Copies the host control messages at {@code host} ({@code len} bytes, as the kernel wrote them)
   * into the WALI buffer {@code wali} of {@code cap} bytes, installing received fds in the fd
   * table.
   */
  static Received toWali(Ctx c, long host, long len, long wali, long cap, boolean cloexec) {
    long hoff = 0;
    long woff = 0;
    boolean truncated = false;
    while (len - hoff >= HDR) {
      long hcm = host + hoff;
      long cmLen = StructCodec.get(HOST64_CMSGHDR, hcm, 0);
      if (cmLen < HDR || cmLen > len - hoff) {
        break;
      }
      long room = cap - woff;
      long copied = room < HDR ? 0 : copyOne(c, hcm, cmLen, wali + woff, room, cloexec);
      if (copied < cmLen) {
        truncated = true;
        if (copied == 0 && isRights(HOST64_CMSGHDR, hcm)) {
          closeHostFds(c, hcm + HDR, hcm + cmLen);
        }
      }
      woff += Math.min(align(copied), room);
      hoff += align(cmLen);
    }
    return new Received(woff, truncated);
  }

  /** Copies one message into {@code room} bytes at {@code wcm}; returns the WALI cmsg_len. */
  private static long copyOne(Ctx c, long hcm, long cmLen, long wcm, long room, boolean cloexec) {
    long fit = Math.min(cmLen, room);
    if (isRights(HOST64_CMSGHDR, hcm)) {
      fit = HDR + (fit - HDR) / 4 * 4;
      for (long p = hcm + HDR; p + 4 <= hcm + cmLen; p += 4) {
        long q = wcm + (p - hcm);
        int hostFd = U.getInt(p);
        if (p + 4 <= hcm + fit) {
          long fd = c.newFd(hostFd, 0, cloexec);
          U.putInt(q, (int) fd);
        } else {
          c.sys1(c.nr.close, hostFd);
        }
      }
    } else {
      U.copyMemory(hcm + HDR, wcm + HDR, fit - HDR);
    }
    StructCodec.convert(HOST64_CMSGHDR, hcm, WALI_CMSGHDR, wcm, 1);
    StructCodec.put(WALI_CMSGHDR, wcm, 0, fit);
    U.putInt(wcm + 4, 0); // the padding of musl's cmsg_len, zero as a host size_t would leave it
    return fit;
  }

  private static void closeHostFds(Ctx c, long from, long to) {
    for (long p = from; p + 4 <= to; p += 4) {
      c.sys1(c.nr.close, U.getInt(p));
    }
  }
}
