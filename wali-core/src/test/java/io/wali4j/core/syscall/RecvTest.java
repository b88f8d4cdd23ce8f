package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.kernel.NativeAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recvfrom, which first tries to complete without waiting and polls only when nothing is there:
 * whichever way it goes, it receives what recvfrom(2) would, and the sender's address.
 */
class RecvTest {

  @TempDir Path dir;

  static final int AF_UNIX = 1;
  static final int SOCK_STREAM = 1;
  static final int SOCK_DGRAM = 2;
  static final int MSG_DONTWAIT = 0x40;
  static final int EAGAIN = 11;

  private static int[] socketpair(SyscallHarness h, int type) {
    assertEquals(0, h.call("SYS_socketpair", AF_UNIX, type, 0, 2200));
    return new int[] {
      NativeAccess.U.getInt(h.backing.address() + 2200),
      NativeAccess.U.getInt(h.backing.address() + 2204)
    };
  }

  @Test
  void whatIsThereIsReceivedAtOnceAndAnEmptySocketWaitsForData() throws Exception {
    try (SyscallHarness h = new SyscallHarness(dir, Set.of())) {
      int[] s = socketpair(h, SOCK_STREAM);
      long base = h.backing.address();
      NativeAccess.putCString(base + 3000, "abcdef");
      assertEquals(3, h.call("SYS_sendto", s[0], 3000, 3, 0, 0, 0));
      assertEquals(3, h.call("SYS_recvfrom", s[1], 4000, 10, 0, 0, 0));
      assertEquals(
          "abc", new String(NativeAccess.getBytes(base + 4000, 3), StandardCharsets.US_ASCII));
      assertEquals(-EAGAIN, h.call("SYS_recvfrom", s[1], 4000, 10, MSG_DONTWAIT, 0, 0));
      int peer = h.process.fds().host(s[0]);
      long data = NativeAccess.U.allocateMemory(4);
      NativeAccess.putCString(data, "xyz");
      CompletableFuture<Long> sent =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  Thread.sleep(200); // the receive below waits for this
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return HOST.trap().syscall3(HOST.nr().write, peer, data, 3);
              });
      assertEquals(3, h.call("SYS_recvfrom", s[1], 4100, 10, 0, 0, 0));
      assertEquals(3, sent.get(30, TimeUnit.SECONDS));
      assertEquals(
          "xyz", new String(NativeAccess.getBytes(base + 4100, 3), StandardCharsets.US_ASCII));
      NativeAccess.U.freeMemory(data);
    }
  }

  @Test
  void aDatagramComesWithItsSendersAddressAndTheLengthOfIt() throws Exception {
    try (SyscallHarness h = new SyscallHarness(dir, Set.of())) {
      int[] s = socketpair(h, SOCK_DGRAM);
      long base = h.backing.address();
      // the sender binds an abstract name: "\0" and a name unique to this run
      byte[] name =
          ("wali-recv-" + ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
      NativeAccess.U.putShort(base + 2500, (short) AF_UNIX);
      NativeAccess.U.putByte(base + 2502, (byte) 0);
      NativeAccess.putBytes(base + 2503, name);
      int len = 3 + name.length;
      assertEquals(0, h.call("SYS_bind", s[0], 2500, len));
      NativeAccess.putCString(base + 3000, "hello");
      assertEquals(5, h.call("SYS_sendto", s[0], 3000, 5, 0, 0, 0));
      NativeAccess.U.putInt(base + 2300, 110); // addrlen in: room for a sockaddr_un
      assertEquals(5, h.call("SYS_recvfrom", s[1], 4000, 10, 0, 2400, 2300));
      assertEquals(
          "hello", new String(NativeAccess.getBytes(base + 4000, 5), StandardCharsets.US_ASCII));
      assertEquals(len, NativeAccess.U.getInt(base + 2300));
      assertEquals(AF_UNIX, NativeAccess.U.getShort(base + 2400));
      assertEquals(
          new String(name, StandardCharsets.US_ASCII),
          new String(NativeAccess.getBytes(base + 2403, name.length), StandardCharsets.US_ASCII));
    }
  }
}
