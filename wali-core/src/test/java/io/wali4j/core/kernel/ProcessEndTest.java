package io.wali4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The native resources of a process at its end: the wake eventfd with its counter buffer and the
 * scratch buffer are released once, after their last possible use, whoever touches the process
 * concurrently.
 */
class ProcessEndTest {

  private static final Host HOST = Host.load();
  private static final int SIGCHLD = 17;
  private static final int CLD_EXITED = 1;
  private static final int F_GETFD = 1;
  private static final int RUSAGE_THREAD = 1;
  private static final int EFAULT = 14;
  private static final short POLLIN = 0x1;

  private final Kernel kernel = new Kernel(4242);

  private Process start() {
    return Process.start(kernel, HOST, List.of("t"), Map.of(), Path.of("/"), new int[0]);
  }

  /**
   * A child's SIGCHLD (or any kill) may reach a process while it closes. The wake eventfd's counter
   * buffer is malloc'd: a signal that wrote it after the close had freed it stored into a chunk
   * glibc owned again (here: one this thread allocates right after the close, and checks), and
   * glibc later aborted the JVM ("malloc_consolidate(): unaligned fastbin chunk detected").
   */
  @Test
  void aSignalRacingTheCloseOfItsProcessNeverWritesTheFreedWakeBuffer() throws Exception {
    int rounds = 3000;
    int signalsPerRound = 20;
    int probes = 16;
    long[] probe = new long[probes];
    for (int round = 0; round < rounds; round++) {
      Process p = start();
      assertTrue(p.wakeFd() >= 0);
      CountDownLatch go = new CountDownLatch(1);
      Thread sender =
          new Thread(
              () -> {
                awaitQuietly(go);
                for (int i = 0; i < signalsPerRound; i++) {
                  p.signal(SIGCHLD, CLD_EXITED, 1);
                  p.drainWakeFd();
                }
              });
      sender.start();
      go.countDown();
      p.close();
      // The freed 8-byte chunk is the next one of its size this thread gets back (glibc's
      // per-thread cache is last in, first out).
      for (int i = 0; i < probes; i++) {
        probe[i] = NativeAccess.U.allocateMemory(8);
        NativeAccess.U.putLong(probe[i], 0);
      }
      sender.join();
      long seen = 0;
      for (int i = 0; i < probes; i++) {
        seen |= NativeAccess.U.getLong(probe[i]);
        NativeAccess.U.freeMemory(probe[i]);
      }
      assertEquals(0, seen, "round " + round + ": a signal wrote into freed native memory");
      kernel.exit(p, 0, Usage.ZERO);
    }
  }

  @Test
  void aClosedProcessKeepsNoWakeFdAndASignalDoesNotReopenIt() {
    Process p = start();
    int efd = p.wakeFd();
    assertTrue(efd >= 0);
    p.close();
    p.signal(SIGCHLD, CLD_EXITED, 1);
    p.drainWakeFd();
    assertEquals(-1, p.wakeFd());
    p.close(); // a second close does nothing (no host fd is closed twice)
    kernel.exit(p, 0, Usage.ZERO);
  }

  /**
   * A thread left behind by the end of its process (stuck in a host call) may still use the
   * process's scratch buffer and poll its wake eventfd: both outlive the close until the last
   * thread is gone.
   */
  @Test
  void theScratchAndWakeFdOutliveTheCloseUntilTheLastThreadIsGone() throws Exception {
    Process p = start();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Usage[] usage = new Usage[1];
    int[] processEfd = new int[1];
    boolean[] efdOpenInThread = new boolean[1];
    Thread main =
        new Thread(
            () -> {
              p.threads().enterLeader();
              WaliThread self = p.threads().leader();
              entered.countDown();
              awaitQuietly(closed);
              // What a left-behind main thread does last: the kernel writes its rusage into the
              // process's scratch buffer.
              usage[0] = Usage.ofCallingThread(HOST, p.scratch().address());
              // The process's own eventfd (a caller outside its threads polls it) is still open.
              efdOpenInThread[0] =
                  HOST.trap().syscall2(HOST.nr().fcntl, processEfd[0], F_GETFD) >= 0;
              p.threads().ended(self, 0);
            });
    main.start();
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    Scratch scratch = p.scratch();
    int efd = p.wakeFd();
    assertTrue(efd >= 0);
    processEfd[0] = efd;
    p.close();
    assertFalse(scratch.released(), "released while a thread of the process runs");
    assertTrue(HOST.trap().syscall2(HOST.nr().fcntl, efd, F_GETFD) >= 0, "wake fd closed early");
    closed.countDown();
    main.join(10_000);
    assertFalse(main.isAlive());
    assertTrue(usage[0].userMicros() >= 0);
    assertTrue(efdOpenInThread[0], "wake fd closed while a thread of the process ran");
    assertTrue(scratch.released(), "not released after the last thread");
    assertEquals(-1, p.wakeFd());
    kernel.exit(p, 0, Usage.ZERO);
  }

  @Test
  void aScratchBufferIsReturnedOnce() {
    Scratch s = new Scratch(HOST);
    assertFalse(s.released());
    s.release();
    assertTrue(s.released());
    s.release(); // no second munmap of a range the host may have handed out again
    assertTrue(s.released());
  }

  @Test
  void aWakeEventIsReadableFromAPostUntilADrainAndForGoodOnceTheProcessEnds() {
    WakeEvent e = new WakeEvent(HOST);
    int fd = e.fd();
    assertTrue(fd >= 0);
    assertFalse(readable(fd));
    e.post();
    assertTrue(readable(fd));
    e.drain();
    assertFalse(readable(fd));
    e.wakeForGood();
    e.drain();
    assertTrue(readable(fd), "a drain emptied a wake for good: other waiters would miss it");
    e.close();
    assertEquals(-1, e.fd());

    WakeEvent late = new WakeEvent(HOST);
    late.wakeForGood();
    int lateFd = late.fd();
    assertTrue(readable(lateFd), "opened after the end began, its first poll would wait");
    late.close();
  }

  /** Whether host fd {@code fd} polls readable at once. */
  private static boolean readable(int fd) {
    long mem = NativeAccess.U.allocateMemory(24);
    try {
      NativeAccess.U.putInt(mem, fd);
      NativeAccess.U.putShort(mem + 4, POLLIN);
      NativeAccess.U.putShort(mem + 6, (short) 0);
      NativeAccess.U.putLong(mem + 8, 0);
      NativeAccess.U.putLong(mem + 16, 0);
      long r = HOST.trap().syscall5(HOST.nr().ppoll, mem, 1, mem + 8, 0, 8);
      assertTrue(r >= 0, "ppoll: errno " + -r);
      return r == 1 && (NativeAccess.U.getShort(mem + 6) & POLLIN) != 0;
    } finally {
      NativeAccess.U.freeMemory(mem);
    }
  }

  /**
   * The debugging mode of {@link NativeRelease} (property {@code wali4j.debug.keepReleased}): a
   * released buffer stays reserved and inaccessible, so a late use faults where it happens.
   */
  @Test
  void aScratchBufferKeptForDiagnosisFaultsAfterItsRelease() throws IOException {
    Scratch s = new Scratch(HOST, true);
    long a = s.address();
    assertEquals(0, HOST.trap().syscall2(HOST.nr().getrusage, RUSAGE_THREAD, a));
    s.release();
    assertEquals(-EFAULT, HOST.trap().syscall2(HOST.nr().getrusage, RUSAGE_THREAD, a));
    assertTrue(inaccessible(a, Scratch.SIZE), "not kept as a PROT_NONE mapping");
  }

  /** Whether one mapping of /proc/self/maps without any access covers {@code [a, a + len)}. */
  private static boolean inaccessible(long a, long len) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
      String[] f = line.split(" ");
      String[] range = f[0].split("-");
      long start = Long.parseUnsignedLong(range[0], 16);
      long end = Long.parseUnsignedLong(range[1], 16);
      if (start <= a && a + len <= end) {
        return f[1].startsWith("---");
      }
    }
    return false;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
