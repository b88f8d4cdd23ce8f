package io.wali4j.nativeaccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wali4j.api.SyscallTrap;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real syscalls through the trap, with x86_64 numbers (the test runs on x86_64 hosts only). */
class JnrSyscallTrapTest {

  private static final int SYS_WRITE = 1;
  private static final int SYS_CLOSE = 3;
  private static final int SYS_MMAP = 9;
  private static final int SYS_MUNMAP = 11;
  private static final int SYS_MREMAP = 25;
  private static final int SYS_GETPID = 39;
  private static final int SYS_MEMFD_CREATE = 319;
  private static final int SYS_PIPE = 22;
  private static final int SYS_PREADV2 = 327;
  private static final int SYS_PWRITEV2 = 328;
  private static final int SYS_READ = 0;
  private static final int SYS_PIPE2 = 293;
  private static final int SYS_GETTID = 186;
  private static final int SYS_TGKILL = 234;
  private static final int EINTR = 4;
  private static final int EBUSY = 16;
  private static final int SIGSEGV = 11;
  private static final int INTERRUPT_SIGNAL = 40;
  private static final int O_NONBLOCK = 0x800;
  private static final int RWF_NOWAIT = 8;
  private static final int EAGAIN = 11;
  private static final int EBADF = 9;
  private static final int PAGE = 4096;
  private static final int PROT_NONE = 0;
  private static final int PROT_READ = 1;
  private static final int MAP_SHARED = 0x01;
  private static final int MAP_PRIVATE = 0x02;
  private static final int MAP_FIXED = 0x10;
  private static final int MAP_ANONYMOUS = 0x20;
  private static final int PROT_WRITE = 2;
  private static final int MREMAP_MAYMOVE = 1;
  private static final int MREMAP_FIXED = 2;

  private static SyscallTrap trap;
  private static final Runtime RUNTIME = Runtime.getSystemRuntime();

  @BeforeAll
  static void onX86_64() {
    assumeTrue(System.getProperty("os.arch").equals("amd64"), "syscall numbers are x86_64's");
    trap = ServiceLoader.load(SyscallTrap.class).findFirst().orElseThrow();
  }

  @Test
  void getpidIsTheJvmsPid() {
    assertEquals(ProcessHandle.current().pid(), trap.syscall0(SYS_GETPID));
  }

  @Test
  void failureIsMinusErrno() {
    assertEquals(-EBADF, trap.syscall1(SYS_CLOSE, -1));
  }

  /**
   * mmap takes six arguments; a corrupted sixth (the file offset) would map page 0 ('A') instead of
   * page 1 ('B'), and a corrupted first or fourth would map elsewhere.
   */
  @Test
  void sixArgumentsArriveIntact() {
    Pointer name = Memory.allocateDirect(RUNTIME, 16);
    name.putString(0, "six-args", 16, StandardCharsets.US_ASCII);
    long fd = trap.syscall2(SYS_MEMFD_CREATE, name.address(), 0);
    assertTrue(fd >= 0, "memfd_create: " + fd);
    try {
      Pointer data = Memory.allocateDirect(RUNTIME, 2 * PAGE);
      for (int i = 0; i < PAGE; i++) {
        data.putByte(i, (byte) 'A');
        data.putByte(PAGE + i, (byte) 'B');
      }
      assertEquals(2 * PAGE, trap.syscall3(SYS_WRITE, fd, data.address(), 2 * PAGE));

      long area =
          trap.syscall6(SYS_MMAP, 0, 3 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      assertTrue(area > 0, "reserve: " + area);
      long target = area + PAGE;
      long mapped =
          trap.syscall6(SYS_MMAP, target, PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, fd, PAGE);
      assertEquals(target, mapped);
      Pointer view = RUNTIME.getMemoryManager().newPointer(mapped);
      assertEquals('B', view.getByte(0));
      assertEquals('B', view.getByte(PAGE - 1));
      assertEquals(0, trap.syscall2(SYS_MUNMAP, area, 3 * PAGE));
    } finally {
      trap.syscall1(SYS_CLOSE, fd);
    }
  }

  /**
   * mremap takes five arguments, so libc's syscall() gets six: jnr-ffi's x86 stubs corrupt the
   * sixth of exactly six (jnr-ffi issue 181), here mremap's new address.
   */
  @Test
  void sixthNativeArgumentArrivesIntact() {
    long area = trap.syscall6(SYS_MMAP, 0, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assertTrue(area > 0, "reserve: " + area);
    long page =
        trap.syscall6(
            SYS_MMAP,
            area,
            PAGE,
            PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
            -1,
            0);
    assertEquals(area, page);
    RUNTIME.getMemoryManager().newPointer(area).putInt(0, 0x5eed);
    long target = area + 2 * PAGE;
    long moved = trap.syscall5(SYS_MREMAP, area, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    assertEquals(target, moved);
    assertEquals(0x5eed, RUNTIME.getMemoryManager().newPointer(target).getInt(0));
    assertEquals(0, trap.syscall2(SYS_MUNMAP, area, 4 * PAGE));
  }

  /**
   * preadv2 through libc and through the raw seven-argument syscall agree: data is read at the file
   * position, an empty pipe with RWF_NOWAIT is EAGAIN instead of a wait, a bad fd is EBADF.
   */
  @Test
  void preadv2ReadsAtTheFilePositionAndDoesNotWaitWithRwfNowait() {
    Pointer fds = Memory.allocateDirect(RUNTIME, 8);
    assertEquals(0, trap.syscall1(SYS_PIPE, fds.address()));
    long rd = fds.getInt(0);
    long wr = fds.getInt(4);
    try {
      Pointer buf = Memory.allocateDirect(RUNTIME, 8);
      Pointer iov = Memory.allocateDirect(RUNTIME, 16);
      iov.putLong(0, buf.address());
      iov.putLong(8, 2);
      Pointer data = Memory.allocateDirect(RUNTIME, 4);
      data.putString(0, "abc", 4, StandardCharsets.US_ASCII);
      assertEquals(3, trap.syscall3(SYS_WRITE, wr, data.address(), 3));
      assertEquals(2, trap.preadv2(SYS_PREADV2, (int) rd, iov.address(), 1, RWF_NOWAIT));
      assertEquals('a', buf.getByte(0));
      assertEquals('b', buf.getByte(1));
      assertEquals(1, trap.syscall6(SYS_PREADV2, rd, iov.address(), 1, -1, 0, RWF_NOWAIT));
      assertEquals('c', buf.getByte(0));
      assertEquals(-EAGAIN, trap.preadv2(SYS_PREADV2, (int) rd, iov.address(), 1, RWF_NOWAIT));
      assertEquals(-EAGAIN, trap.syscall6(SYS_PREADV2, rd, iov.address(), 1, -1, 0, RWF_NOWAIT));
      assertEquals(-EBADF, trap.preadv2(SYS_PREADV2, -1, iov.address(), 1, RWF_NOWAIT));
    } finally {
      trap.syscall1(SYS_CLOSE, rd);
      trap.syscall1(SYS_CLOSE, wr);
    }
  }

  /**
   * pwritev2 through libc and through the raw seven-argument syscall agree: a write with RWF_NOWAIT
   * goes in at once while there is room, writes part when there is room for part, and is EAGAIN on
   * a full pipe; a bad fd is EBADF.
   */
  @Test
  void pwritev2WritesWithRwfNowaitUntilThePipeIsFull() {
    Pointer fds = Memory.allocateDirect(RUNTIME, 8);
    assertEquals(0, trap.syscall2(SYS_PIPE2, fds.address(), O_NONBLOCK));
    long rd = fds.getInt(0);
    long wr = fds.getInt(4);
    try {
      int big = 1 << 20;
      Pointer buf = Memory.allocateDirect(RUNTIME, big);
      buf.putString(0, "abc", 4, StandardCharsets.US_ASCII);
      Pointer iov = Memory.allocateDirect(RUNTIME, 16);
      iov.putLong(0, buf.address());
      iov.putLong(8, 2);
      assertEquals(2, trap.pwritev2(SYS_PWRITEV2, (int) wr, iov.address(), 1, RWF_NOWAIT));
      iov.putLong(0, buf.address() + 2);
      iov.putLong(8, 1);
      assertEquals(1, trap.syscall6(SYS_PWRITEV2, wr, iov.address(), 1, -1, 0, RWF_NOWAIT));
      Pointer got = Memory.allocateDirect(RUNTIME, 4);
      assertEquals(3, trap.syscall3(SYS_READ, rd, got.address(), 4));
      assertEquals("abc", got.getString(0, 3, StandardCharsets.US_ASCII));
      iov.putLong(0, buf.address());
      iov.putLong(8, big);
      long part = trap.pwritev2(SYS_PWRITEV2, (int) wr, iov.address(), 1, RWF_NOWAIT);
      assertTrue(part > 0 && part < big, "room for part: " + part);
      assertEquals(-EAGAIN, trap.pwritev2(SYS_PWRITEV2, (int) wr, iov.address(), 1, RWF_NOWAIT));
      assertEquals(-EAGAIN, trap.syscall6(SYS_PWRITEV2, wr, iov.address(), 1, -1, 0, RWF_NOWAIT));
      assertEquals(-EBADF, trap.pwritev2(SYS_PWRITEV2, -1, iov.address(), 1, RWF_NOWAIT));
    } finally {
      trap.syscall1(SYS_CLOSE, rd);
      trap.syscall1(SYS_CLOSE, wr);
    }
  }

  /**
   * The interrupt handler ends a thread's blocking read of an empty pipe with EINTR when the signal
   * is sent to that thread, and the JVM goes on; installing it again is a no-op, and a signal the
   * JVM handles (SIGSEGV) is refused.
   */
  @Test
  void theInterruptSignalEndsABlockedReadWithEintr() throws Exception {
    assertEquals(0, trap.installInterruptHandler(INTERRUPT_SIGNAL));
    assertEquals(0, trap.installInterruptHandler(INTERRUPT_SIGNAL));
    assertEquals(-EBUSY, trap.installInterruptHandler(SIGSEGV));
    Pointer fds = Memory.allocateDirect(RUNTIME, 8);
    assertEquals(0, trap.syscall1(SYS_PIPE, fds.address()));
    long rd = fds.getInt(0);
    long wr = fds.getInt(4);
    try {
      Pointer buf = Memory.allocateDirect(RUNTIME, 8);
      CompletableFuture<Long> result = new CompletableFuture<>();
      AtomicLong tid = new AtomicLong();
      Thread reader =
          new Thread(
              () -> {
                tid.set(trap.syscall0(SYS_GETTID));
                result.complete(trap.syscall3(SYS_READ, rd, buf.address(), 1));
              });
      reader.setDaemon(true);
      reader.start();
      long pid = trap.syscall0(SYS_GETPID);
      // Until the reader is in its read, a signal only runs the empty handler: send until it ends.
      for (int i = 0; i < 500 && !result.isDone(); i++) {
        if (tid.get() != 0) {
          assertEquals(0, trap.syscall3(SYS_TGKILL, pid, tid.get(), INTERRUPT_SIGNAL));
        }
        Thread.sleep(10);
      }
      assertEquals(-EINTR, result.get(1, TimeUnit.SECONDS));
    } finally {
      trap.syscall1(SYS_CLOSE, rd);
      trap.syscall1(SYS_CLOSE, wr);
    }
  }
}
