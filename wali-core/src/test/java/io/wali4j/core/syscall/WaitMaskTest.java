package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wali4j.core.exec.Memory;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.Signals;
import io.wali4j.core.kernel.Threads;
import io.wali4j.core.kernel.WaliThread;
import io.wali4j.core.testing.GuardedBacking;
import io.wali4j.core.wasm.Limits;
import io.wali4j.core.wasm.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sigmask of ppoll, pselect6 and epoll_pwait on the thread's WALI mask, and poll's restart with
 * the time left: the calls made directly on the test's thread, the main thread of a process whose
 * memory is a guarded native region.
 */
class WaitMaskTest {

  private static final int SIGUSR1 = 10;
  private static final int SIGUSR2 = 12;
  private static final int SI_TKILL = -6;
  private static final long USR1 = Signals.bit(SIGUSR1);
  private static final long USR2 = Signals.bit(SIGUSR2);
  private static final int EINVAL = 22;
  private static final int EFAULT = 14;

  // Wasm addresses
  private static final int POLLFD = 256;
  private static final int MASK = 512;
  private static final int TIMESPEC = 768;
  private static final int FDSET = 1024;
  private static final int PACK = 1280;
  private static final int EVENTS = 1536;
  private static final int PIPE = 2048;

  private final PollCalls poll = new PollCalls();
  private final EpollCalls epoll = new EpollCalls();
  private GuardedBacking backing;
  private Process p;
  private Ctx c;
  private long base;
  private int rfd;
  private int wfd;
  private int ep;

  @BeforeEach
  void start() {
    assumeTrue(HOST.interrupt().available(), "the host interrupt signal could not be installed");
    p = Process.start(HOST, List.of("t"), Map.of(), Path.of("/"), new int[0]);
    p.threads().enterLeader();
    c = new Ctx(p);
    backing = new GuardedBacking(65536);
    c.attach(new Memory(new MemoryType(new Limits(1, 1, false)), backing));
    base = backing.address();
    // A handler (table index 5; never run here): a signal ends a wait with ERESTARTNOHAND.
    p.signals().setAction(SIGUSR1, new Signals.Action(5, 0, 0, 0));
    p.signals().setAction(SIGUSR2, new Signals.Action(5, 0, 0, 0));
    assertEquals(0, new FdCalls().pipe2(c, PIPE, 0));
    rfd = NativeAccess.U.getInt(base + PIPE);
    wfd = NativeAccess.U.getInt(base + PIPE + 4);
    ep = (int) epoll.epollCreate1(c, 0);
    NativeAccess.U.putInt(base + EVENTS, 1); // EPOLLIN
    NativeAccess.U.putLong(base + EVENTS + 4, 0);
    assertEquals(0, epoll.epollCtl(c, ep, 1 /* EPOLL_CTL_ADD */, rfd, EVENTS));
  }

  @AfterEach
  void close() {
    SignalMask.set(0);
    SignalMask.restoreTemporary();
    RestartBlock.take();
    Threads.leave(null);
    p.close();
    backing.release();
  }

  private void mask(long m) {
    NativeAccess.U.putLong(base + MASK, m);
  }

  private void timeout(long millis) {
    NativeAccess.U.putLong(base + TIMESPEC, millis / 1000);
    NativeAccess.U.putLong(base + TIMESPEC + 8, millis % 1000 * 1_000_000);
  }

  private interface Wait {
    long call(long millis);
  }

  /** The three calls, each waiting for rfd with the mask at MASK. */
  private List<Wait> waits() {
    return List.of(
        millis -> {
          NativeAccess.U.putInt(base + POLLFD, rfd);
          NativeAccess.U.putShort(base + POLLFD + 4, (short) 1);
          timeout(millis);
          return poll.ppoll(c, POLLFD, 1, TIMESPEC, MASK, 8);
        },
        millis -> {
          NativeAccess.U.putLong(base + FDSET, 1L << rfd);
          NativeAccess.U.putLong(base + PACK, MASK);
          NativeAccess.U.putLong(base + PACK + 8, 8);
          timeout(millis);
          return poll.pselect6(c, rfd + 1, FDSET, 0, 0, TIMESPEC, PACK);
        },
        millis -> epoll.epollPwait(c, ep, EVENTS, 1, (int) millis, MASK, 8));
  }

  private WaliThread self() {
    return p.threads().current();
  }

  @Test
  void aPendingSignalTheCallsMaskLetsThroughEndsTheWaitAndItsMaskStaysForTheDelivery() {
    long[] onSignal = {SignalDelivery.ERESTARTNOHAND, SignalDelivery.ERESTARTNOHAND, -Errno.EINTR};
    List<Wait> waits = waits();
    for (int i = 0; i < waits.size(); i++) {
      SignalMask.set(USR1);
      p.signal(self(), SIGUSR1, SI_TKILL, p.pid());
      mask(USR2);
      long t0 = System.nanoTime();
      assertEquals(onSignal[i], waits.get(i).call(2000), "call " + i);
      assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "call " + i + " waited");
      assertEquals(USR2, SignalMask.get(), "the call's mask, until the signal is delivered");
      assertEquals(USR1, SignalMask.takeTemporary(), "the mask delivery puts back");
      SignalMask.set(USR1);
      assertEquals(SIGUSR1, p.signals().take(0).sig());
    }
  }

  @Test
  void aReadyFdWinsOverAPendingSignalWhichStaysPendingUnderTheOriginalMask() {
    NativeAccess.U.putByte(base + 4000, (byte) 'x');
    assertEquals(1, new IoCalls().write(c, wfd, 4000, 1));
    for (Wait w : waits()) {
      SignalMask.set(USR1);
      p.signal(self(), SIGUSR1, SI_TKILL, p.pid());
      mask(0);
      assertEquals(1, w.call(2000));
      assertEquals(USR1, SignalMask.get());
      assertEquals(USR1, p.signals().pending());
      assertEquals(SIGUSR1, p.signals().take(0).sig());
    }
  }

  @Test
  void aSignalTheCallsMaskBlocksDoesNotEndTheWaitAndTheOriginalMaskIsBackAfterIt()
      throws Exception {
    for (Wait w : waits()) {
      SignalMask.set(0);
      mask(USR2 | SignalMask.UNBLOCKABLE);
      WaliThread me = self();
      CompletableFuture<Void> sent =
          CompletableFuture.runAsync(
              () -> {
                sleep(50);
                p.signal(me, SIGUSR2, SI_TKILL, p.pid());
              });
      assertEquals(0, w.call(300));
      sent.get(5, TimeUnit.SECONDS);
      assertEquals(0, SignalMask.get());
      assertEquals(USR2, p.signals().pending());
      assertEquals(SIGUSR2, p.signals().take(0).sig());
    }
  }

  @Test
  void aBadSizeIsEinvalAndABadMaskPointerEfaultAndTheMaskIsLeftAlone() {
    SignalMask.set(USR1);
    mask(0);
    timeout(0);
    NativeAccess.U.putInt(base + POLLFD, rfd);
    assertEquals(-EINVAL, result(() -> poll.ppoll(c, POLLFD, 1, TIMESPEC, MASK, 16)));
    assertEquals(-EFAULT, result(() -> poll.ppoll(c, POLLFD, 1, TIMESPEC, -16, 8)));
    assertEquals(0, poll.ppoll(c, POLLFD, 1, TIMESPEC, 0, 16), "no mask: its size is not read");
    assertEquals(-EINVAL, result(() -> epoll.epollPwait(c, ep, EVENTS, 1, 0, MASK, 4)));
    assertEquals(-EFAULT, result(() -> epoll.epollPwait(c, ep, EVENTS, 1, 0, -16, 8)));
    NativeAccess.U.putLong(base + FDSET, 1L << rfd);
    NativeAccess.U.putLong(base + PACK, MASK);
    NativeAccess.U.putLong(base + PACK + 8, 16);
    assertEquals(-EINVAL, result(() -> poll.pselect6(c, rfd + 1, FDSET, 0, 0, TIMESPEC, PACK)));
    NativeAccess.U.putLong(base + PACK, 1L << 32);
    NativeAccess.U.putLong(base + PACK + 8, 8);
    assertEquals(-EFAULT, result(() -> poll.pselect6(c, rfd + 1, FDSET, 0, 0, TIMESPEC, PACK)));
    assertEquals(USR1, SignalMask.get());
    assertEquals(SignalMask.NO_TEMPORARY, SignalMask.takeTemporary(), "none left behind");
  }

  @Test
  void aPollEndedBySignalKeepsItsDeadlineForTheRestartOnly() {
    SignalMask.set(0);
    p.signal(self(), SIGUSR1, SI_TKILL, p.pid());
    NativeAccess.U.putInt(base + POLLFD, rfd);
    NativeAccess.U.putShort(base + POLLFD + 4, (short) 1);
    long t0 = System.nanoTime();
    assertEquals(SignalDelivery.ERESTARTNOHAND, poll.poll(c, POLLFD, 1, 400));
    long deadline = RestartBlock.take();
    assertTrue(Math.abs(deadline - (t0 + 400_000_000L)) < 100_000_000L, "deadline " + deadline);
    assertEquals(SIGUSR1, p.signals().take(0).sig());
    // The restart (afterSyscall puts the deadline back) waits only for what is left of it.
    sleep(250);
    RestartBlock.put(deadline);
    long t1 = System.nanoTime();
    assertEquals(0, poll.poll(c, POLLFD, 1, 400));
    long waited = System.nanoTime() - t1;
    assertTrue(waited < 300_000_000L, "waited " + waited / 1_000_000 + " ms");
    assertEquals(RestartBlock.NONE, RestartBlock.take(), "used once");
  }

  /** The call's result as the binding returns it: a {@link SyscallError} is its -errno. */
  private static long result(LongSupplier call) {
    try {
      return call.getAsLong();
    } catch (SyscallError e) {
      return -e.errno();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
