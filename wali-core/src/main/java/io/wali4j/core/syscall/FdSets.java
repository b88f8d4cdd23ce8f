package io.wali4j.core.syscall;

import static io.wali4j.core.kernel.NativeAccess.U;

import io.wali4j.core.kernel.WaliThread;

/**
 * select's fd_sets: bit {@code i} of a WALI set is WALI fd {@code i}. The three sets are rebuilt
 * over host fds in scratch (nfds recomputed from the highest host fd), the host's pselect6 runs,
 * and the bits it leaves set are mapped back onto the WALI fds they came from.
 */
final class FdSets {

  private FdSets() {}

  /** One WALI set: where it is and which WALI fds (and their host fds) it named. */
  private static final class Set {
    final long wali;
    final int[] fds;
    final int[] hostFds;
    int count;

    Set(long wali, int max) {
      this.wali = wali;
      this.fds = new int[max];
      this.hostFds = new int[max];
    }
  }

  static long select(Ctx c, int nfds, int readfds, int writefds, int exceptfds, long ts) {
    if (nfds < 0) {
      return -Errno.EINVAL;
    }
    // core_sys_select: nfds beyond the table is cut to its size; the kernel reads whole longs.
    int n = Math.min(nfds, Layouts.FD_SETSIZE);
    long bytes = (n + 63) / 64 * 8L;
    Set[] sets = {
      read(c, readfds, n, bytes), read(c, writefds, n, bytes), read(c, exceptfds, n, bytes)
    };
    int maxHost = -1;
    for (Set s : sets) {
      for (int i = 0; s != null && i < s.count; i++) {
        maxHost = Math.max(maxHost, s.hostFds[i]);
      }
    }
    int hostN = maxHost + 1;
    long hostBytes = (hostN + 63) / 64 * 8L;
    if (3 * hostBytes > PollCalls.ARRAY_CAP) {
      return -Errno.ENOMEM;
    }
    long[] host = new long[3];
    for (int k = 0; k < 3; k++) {
      if (sets[k] != null) {
        host[k] = c.scratch() + PollCalls.ARRAY_SLOT + k * hostBytes;
        U.setMemory(host[k], hostBytes, (byte) 0);
        for (int i = 0; i < sets[k].count; i++) {
          setBit(host[k], sets[k].hostFds[i]);
        }
      }
    }
    WaliThread t = InterruptibleCall.caller(c);
    long r =
        t == null
            ? c.sys6(c.nr.pselect6, hostN, host[0], host[1], host[2], ts, 0)
            : InterruptibleCall.await(
                c,
                t,
                c.nr.pselect6,
                6,
                new long[] {hostN, host[0], host[1], host[2], ts, 0},
                4,
                PollCalls.zeroTimespec(c),
                SignalDelivery.ERESTARTNOHAND);
    if (r < 0) {
      return r;
    }
    for (int k = 0; k < 3; k++) {
      Set s = sets[k];
      if (s != null) {
        U.setMemory(s.wali, bytes, (byte) 0);
        for (int i = 0; i < s.count; i++) {
          if (bit(host[k], s.hostFds[i])) {
            setBit(s.wali, s.fds[i]);
          }
        }
      }
    }
    return r;
  }

  /** The set at {@code ptr} (null for NULL): its set bits below {@code n}, each fd open (EBADF). */
  private static Set read(Ctx c, int ptr, int n, long bytes) {
    if (ptr == 0) {
      return null;
    }
    long a = c.addr(ptr, bytes);
    Set s = new Set(a, n);
    for (int fd = 0; fd < n; fd++) {
      if (bit(a, fd)) {
        s.fds[s.count] = fd;
        s.hostFds[s.count] = c.fd(fd);
        s.count++;
      }
    }
    return s;
  }

  private static boolean bit(long set, int fd) {
    return (U.getByte(set + (fd >>> 3)) & (1 << (fd & 7))) != 0;
  }

  private static void setBit(long set, int fd) {
    long a = set + (fd >>> 3);
    U.putByte(a, (byte) (U.getByte(a) | (1 << (fd & 7))));
  }
}
