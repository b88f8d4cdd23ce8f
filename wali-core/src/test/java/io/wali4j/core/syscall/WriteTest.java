package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.HOST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.kernel.FdTable;
import io.wali4j.core.kernel.NativeAccess;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * write, which first tries to complete without waiting (RWF_NOWAIT) and polls only when it would
 * wait or wrote part: whichever way it goes, it writes what write(2) would, in order, at the file
 * position.
 */
class WriteTest {

  @TempDir Path dir;

  static final int O_NONBLOCK = 0x800;
  static final int F_SETFL = 4;
  static final int EAGAIN = 11;

  /**
   * More than a pipe holds (64 KiB by default), so a write has room for part of it only; with
   * {@link #SRC}, inside the harness's two pages of memory.
   */
  static final int BIG = 120_000;

  private static final int SRC = 8192;

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + i / 251);
    }
    return b;
  }

  private static void put(SyscallHarness h, int at, byte[] b) {
    for (int i = 0; i < b.length; i++) {
      NativeAccess.U.putByte(h.backing.address() + at + i, b[i]);
    }
  }

  /** Reads {@code n} bytes from host fd {@code fd} with the host trap, after a pause. */
  private static byte[] drain(int fd, int n) throws InterruptedException {
    Thread.sleep(200); // let the writer fill the pipe and wait for room
    long buf = NativeAccess.U.allocateMemory(65536);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (out.size() < n) {
        long r = HOST.trap().syscall3(HOST.nr().read, fd, buf, Math.min(65536, n - out.size()));
        if (r <= 0) {
          throw new IllegalStateException("read: " + r);
        }
        for (int i = 0; i < r; i++) {
          out.write(NativeAccess.U.getByte(buf + i));
        }
      }
      return out.toByteArray();
    } finally {
      NativeAccess.U.freeMemory(buf);
    }
  }

  @Test
  void aBlockingWriteLargerThanThePipeWritesItAllInOrderOnceAReaderMakesRoom() throws Exception {
    try (SyscallHarness h = new SyscallHarness(dir, Set.of())) {
      assertEquals(0, h.call("SYS_pipe", 2100));
      int rd = NativeAccess.U.getInt(h.backing.address() + 2100);
      int wr = NativeAccess.U.getInt(h.backing.address() + 2104);
      byte[] data = pattern(BIG);
      put(h, SRC, data);
      int hostRd = h.process.fds().host(rd);
      CompletableFuture<byte[]> read =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return drain(hostRd, BIG);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      assertEquals(BIG, h.call("SYS_write", wr, SRC, BIG));
      assertArrayEquals(data, read.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void aNonBlockingWriteToAFullPipeWritesWhatFitsThenIsEagain() throws Exception {
    try (SyscallHarness h = new SyscallHarness(dir, Set.of())) {
      assertEquals(0, h.call("SYS_pipe", 2100));
      int rd = NativeAccess.U.getInt(h.backing.address() + 2100);
      int wr = NativeAccess.U.getInt(h.backing.address() + 2104);
      put(h, SRC, pattern(BIG));
      assertEquals(0, h.call("SYS_fcntl", wr, F_SETFL, O_NONBLOCK));
      long first = h.call("SYS_write", wr, SRC, BIG);
      // what the host gives a native program: the pipe's capacity, then nothing
      assertEquals(hostPipeCapacity(), first);
      assertEquals(-EAGAIN, h.call("SYS_write", wr, SRC, 1));
      assertArrayEquals(pattern((int) first), drain(h.process.fds().host(rd), (int) first));
      assertEquals(1, h.call("SYS_write", wr, SRC, 1));
    }
  }

  /** How much a non-blocking write of {@link #BIG} bytes puts into a new host pipe. */
  private static long hostPipeCapacity() {
    long fds = NativeAccess.U.allocateMemory(8 + BIG);
    try {
      HOST.trap().syscall2(HOST.nr().pipe2, fds, O_NONBLOCK);
      int rd = NativeAccess.U.getInt(fds);
      int wr = NativeAccess.U.getInt(fds + 4);
      long n = HOST.trap().syscall3(HOST.nr().write, wr, fds + 8, BIG);
      HOST.trap().syscall1(HOST.nr().close, rd);
      HOST.trap().syscall1(HOST.nr().close, wr);
      return n;
    } finally {
      NativeAccess.U.freeMemory(fds);
    }
  }

  @Test
  void writesToAFileGoAtThePositionAndAppendAtTheEnd() throws Exception {
    try (SyscallHarness h = new SyscallHarness(dir, Set.of())) {
      put(h, SRC, "hello world".getBytes());
      NativeAccess.putCString(h.backing.address() + 2048, "out");
      long fd = h.call("SYS_open", 2048, 0101, 0644); // O_WRONLY | O_CREAT
      for (int i = 0; i < 3; i++) {
        assertEquals(5, h.call("SYS_write", fd, SRC, 5));
      }
      assertEquals(1, h.call("SYS_lseek", fd, 1, 0));
      assertEquals(6, h.call("SYS_write", fd, SRC + 5, 6));
      assertEquals("h worldllohello", Files.readString(dir.resolve("out")));
      long app = h.call("SYS_open", 2048, 02001, 0); // O_WRONLY | O_APPEND
      assertEquals(3, h.call("SYS_write", app, SRC, 3));
      assertEquals("h worldllohellohel", Files.readString(dir.resolve("out")));
    }
  }

  /**
   * Which files are read and written at once, with no poll: regular files on a disk or memory file
   * system and /dev/null, learnt at the first read or write; a pipe, a socket and a regular file in
   * /proc (some of which wait, as /proc/kmsg) go the waiting way.
   */
  @Test
  void regularFilesAndDevNullNeverWaitPipesSocketsAndProcFilesMay() throws Exception {
    try (SyscallHarness h = new SyscallHarness(dir, Set.of())) {
      put(h, SRC, "x".getBytes());
      NativeAccess.putCString(h.backing.address() + 2048, "/dev/null");
      long devnull = h.call("SYS_open", 2048, 1, 0); // O_WRONLY
      NativeAccess.putCString(h.backing.address() + 2048, "/proc/self/stat");
      long proc = h.call("SYS_open", 2048, 0, 0);
      assertEquals(0, h.call("SYS_pipe", 2100));
      int rd = NativeAccess.U.getInt(h.backing.address() + 2100);
      int wr = NativeAccess.U.getInt(h.backing.address() + 2104);
      assertEquals(0, h.call("SYS_socketpair", 1, 1, 0, 2200)); // AF_UNIX, SOCK_STREAM
      int sock = NativeAccess.U.getInt(h.backing.address() + 2200);
      FdTable t = h.process.fds();
      for (long fd : new long[] {3, devnull, proc, rd, wr, sock}) {
        assertEquals(FdTable.WAITS_UNKNOWN, t.waits((int) fd), "before any read or write");
      }
      assertEquals(1, h.call("SYS_write", devnull, SRC, 1));
      assertEquals(1, h.call("SYS_write", wr, SRC, 1));
      assertEquals(1, h.call("SYS_read", rd, SRC + 1, 1));
      assertEquals(1, h.call("SYS_write", sock, SRC, 1));
      assertEquals(4, h.call("SYS_read", 3, SRC + 1, 4)); // the data file
      assertEquals(4, h.call("SYS_read", proc, SRC + 1, 4));
      assertEquals(FdTable.NEVER_WAITS, t.waits(3));
      assertEquals(FdTable.NEVER_WAITS, t.waits((int) devnull));
      for (long fd : new long[] {proc, rd, wr, sock}) {
        assertEquals(FdTable.MAY_WAIT, t.waits((int) fd), "fd " + fd);
      }
    }
  }

  /**
   * RLIMIT_FSIZE cuts an appending write at the limit counted from the end of the file, where the
   * write goes, not from the fd's position (which open leaves at 0).
   */
  @Test
  void anAppendingWriteIsCutAtTheFileSizeLimitFromTheEndOfTheFile() throws Exception {
    try (SyscallHarness h = new SyscallHarness(dir, Set.of())) {
      Files.write(dir.resolve("log"), new byte[4000]);
      assertEquals(0, h.process.rlimits().set(FileSizeLimit.RLIMIT_FSIZE, 4096, 4096));
      put(h, SRC, pattern(200));
      NativeAccess.putCString(h.backing.address() + 2048, "log");
      long fd = h.call("SYS_open", 2048, 02001, 0); // O_WRONLY | O_APPEND
      assertEquals(96, h.call("SYS_write", fd, SRC, 200));
      assertEquals(4096, Files.size(dir.resolve("log")));
    }
  }
}
