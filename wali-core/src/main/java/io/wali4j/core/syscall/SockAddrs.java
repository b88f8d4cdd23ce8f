package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;
import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.core.kernel.NativeAccess;
import java.nio.charset.StandardCharsets;

/**
 * Socket addresses and socklen_t in/out pointers. A sockaddr has no pointers and the same layout on
 * WALI and every host, so it is passed in place once its range is checked; two things are
 * translated: a relative AF_UNIX path (it must resolve against the process's cwd, not the JVM's),
 * and every {@code socklen_t *}, which is copied to scratch so that the length the kernel trusts is
 * the one that was range-checked (another thread cannot grow it in between).
 */
final class SockAddrs {

  static final int AF_UNIX = 1;

  /** sizeof(struct sockaddr_un): a 2-byte family and a 108-byte path. */
  static final int SOCKADDR_UN_SIZE = 110;

  private SockAddrs() {}

  /** A sockaddr as the host sees it: its address and length. */
  record HostAddr(long address, long length) {}

  /**
   * The host view of the input address {@code [addr, addr + addrlen)} (bind, connect, sendto,
   * msg_name of sendmsg); a relative AF_UNIX path is rewritten into {@code scratch} as a path under
   * {@code /proc/self/fd/<cwd fd>/}.
   */
  static HostAddr in(Ctx c, int addr, int addrlen, long scratch) {
    // move_addr_to_kernel: a length over sockaddr_storage is EINVAL before any access.
    if (addrlen < 0 || addrlen > Layouts.SOCKADDR_STORAGE_SIZE) {
      throw SyscallError.EINVAL;
    }
    if (addrlen == 0) {
      return new HostAddr(0, 0);
    }
    long a = c.addr(addr, addrlen);
    if (addrlen > 2 && (U.getShort(a) & 0xFFFF) == AF_UNIX) {
      byte first = U.getByte(a + 2);
      if (first != 0 && first != '/') {
        return relativeUnix(c, a, addrlen, scratch);
      }
    }
    return new HostAddr(a, addrlen);
  }

  /**
   * After a successful bind: a unix socket bound to a path got its file's mode from the host's
   * umask; it gets the process's ({@code 0777 & ~umask}, as unix_bind makes it).
   */
  static void afterUnixBind(Ctx c, HostAddr a) {
    long p = a.address();
    if (a.length() <= 2 || (U.getShort(p) & 0xFFFF) != AF_UNIX || U.getByte(p + 2) == 0) {
      return;
    }
    for (long i = 2; i < a.length(); i++) {
      if (U.getByte(p + i) == 0) {
        CreationModes.fixSocketPath(c, p + 2);
        return;
      }
    }
  }

  private static HostAddr relativeUnix(Ctx c, long a, int addrlen, long scratch) {
    int n = 0;
    while (n < addrlen - 2 && U.getByte(a + 2 + n) != 0) {
      n++;
    }
    byte[] rel = NativeAccess.getBytes(a + 2, n);
    byte[] prefix = ("/proc/self/fd/" + c.p.cwdFd() + "/").getBytes(StandardCharsets.US_ASCII);
    if (prefix.length + rel.length + 1 > SOCKADDR_UN_SIZE - 2) {
      throw SyscallError.ENAMETOOLONG;
    }
    U.putShort(scratch, (short) AF_UNIX);
    NativeAccess.putBytes(scratch + 2, prefix);
    NativeAccess.putBytes(scratch + 2 + prefix.length, rel);
    U.putByte(scratch + 2 + prefix.length + rel.length, (byte) 0);
    return new HostAddr(scratch, 2 + prefix.length + rel.length + 1);
  }

  /**
   * Copies {@code *lenPtr} to {@code slot} and returns {@code slot}, or 0 for a NULL pointer. A
   * negative length is EINVAL, as the kernel says.
   */
  static long lenIn(Ctx c, int lenPtr, long slot) {
    if (lenPtr == 0) {
      return 0;
    }
    int n = U.getInt(c.addr(lenPtr, 4));
    if (n < 0) {
      throw SyscallError.EINVAL;
    }
    U.putInt(slot, n);
    return slot;
  }

  /** The host address of an output buffer {@code buf} whose length is in {@code slot}. */
  static long bufOut(Ctx c, int buf, long slot) {
    if (buf == 0) {
      return 0;
    }
    return c.addr(buf, slot == 0 ? 0 : u(U.getInt(slot)));
  }

  /** The longest address the kernel writes (sockaddr_storage). */
  static final int STORAGE = 128;

  /**
   * An output address (accept, getsockname, getpeername, recvfrom, recvmsg's msg_name): the host
   * writes into {@code host} in scratch, then {@link #finish} strips the cwd prefix that {@link
   * #in} gave a relative AF_UNIX path and copies what fits into the WALI buffer.
   */
  record Out(long wali, long cap, long host) {

    /**
     * Copies the {@code n} bytes the kernel reported back (at most {@code cap}); returns the length
     * the program sees.
     */
    long finish(long n) {
      if (host == wali) {
        return n;
      }
      long len = stripCwdPrefix(host, Math.min(n, STORAGE));
      long shown = n - (Math.min(n, STORAGE) - len);
      U.copyMemory(host, wali, Math.min(shown, cap));
      return shown;
    }
  }

  /**
   * The output address for WALI buffer {@code buf} whose capacity is in {@code slot} (0: NULL); the
   * host's length in {@code slot} becomes {@link #STORAGE}.
   */
  static Out out(Ctx c, int buf, long slot, long scratch) {
    if (buf == 0 || slot == 0) {
      long a = bufOut(c, buf, slot);
      return new Out(a, 0, a);
    }
    long cap = u(U.getInt(slot));
    long wali = c.addr(buf, cap);
    U.putInt(slot, STORAGE);
    return new Out(wali, cap, scratch);
  }

  /**
   * Turns an AF_UNIX path {@code /proc/self/fd/<n>/rel} of {@code len} bytes at {@code a} back into
   * {@code rel}, as the program named it; returns the new length.
   */
  static long stripCwdPrefix(long a, long len) {
    byte[] prefix = "/proc/self/fd/".getBytes(StandardCharsets.US_ASCII);
    if (len < 2 + prefix.length + 2 || (U.getShort(a) & 0xFFFF) != AF_UNIX) {
      return len;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (U.getByte(a + 2 + i) != prefix[i]) {
        return len;
      }
    }
    long p = a + 2 + prefix.length;
    long end = a + len;
    long q = p;
    while (q < end && U.getByte(q) >= '0' && U.getByte(q) <= '9') {
      q++;
    }
    if (q == p || q >= end || U.getByte(q) != '/') {
      return len;
    }
    long cut = q + 1 - (a + 2);
    U.copyMemory(a + 2 + cut, a + 2, len - 2 - cut);
    return len - cut;
  }

  /** After a successful call, copies the length the kernel wrote back to {@code *lenPtr}. */
  static void lenOut(Ctx c, int lenPtr, long slot, long result) {
    if (result >= 0 && lenPtr != 0) {
      U.putInt(c.addr(lenPtr, 4), U.getInt(slot));
    }
  }
}
