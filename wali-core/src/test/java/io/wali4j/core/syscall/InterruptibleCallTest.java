package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.Signals;
import io.wali4j.core.kernel.ThreadExit;
import io.wali4j.core.kernel.Threads;
import io.wali4j.core.kernel.WaliThread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blocking host calls of a WALI thread made plainly (no poll first) and ended by the host interrupt
 * signal: the thread really waits in read, write, accept4 or recvfrom (its /proc/self/task/TID/
 * syscall says so), a signal for it ends the call as Linux would (ERESTARTSYS, or the count moved
 * so far), one it blocks does not, no signal sent while it enters the call is lost, and the end of
 * the process stops a thread blocked in each kind of call.
 */
class InterruptibleCallTest {

  private static final int SIGUSR1 = 10;
  private static final int SI_TKILL = -6;
  private static final int O_CLOEXEC = 0x80000;
  private static final int O_NONBLOCK = 0x800;
  private static final int F_GETFL = 3;
  private static final int F_SETFL = 4;
  private static final int AF_UNIX = 1;
  private static final int AF_INET = 2;
  private static final int SOCK_STREAM = 1;
  private static final int EAGAIN = 11;

  private final List<Integer> hostFds = new ArrayList<>();
  private Process p;
  private Ctx c;
  private long buf;

  @BeforeEach
  void start() {
    assumeTrue(HOST.interrupt().available(), "the host interrupt signal could not be installed");
    p = Process.start(HOST, List.of("t"), Map.of(), Path.of("/"), new int[0]);
    p.threads().enterLeader(); // the test's thread is the main thread
    c = new Ctx(p);
    // A handler (table index 5; never run here): the interrupted call fails with ERESTARTSYS.
    p.signals().setAction(SIGUSR1, new Signals.Action(5, 0, 0, 0));
    buf = NativeAccess.U.allocateMemory(1 << 20);
  }

  @AfterEach
  void close() {
    SignalMask.set(0);
    Threads.leave(null);
    p.close();
    for (int fd : hostFds) {
      HOST.trap().syscall1(HOST.nr().close, fd);
    }
    NativeAccess.U.freeMemory(buf);
  }

  /** A host pipe: [read end, write end], closed after the test. */
  private int[] pipe() {
    long fds = NativeAccess.U.allocateMemory(8);
    assertEquals(0, HOST.trap().syscall2(HOST.nr().pipe2, fds, O_CLOEXEC));
    int[] out = {NativeAccess.U.getInt(fds), NativeAccess.U.getInt(fds + 4)};
    NativeAccess.U.freeMemory(fds);
    hostFds.add(out[0]);
    hostFds.add(out[1]);
    return out;
  }

  /** Fills host pipe end {@code w} until a write would wait. */
  private void fill(int w) {
    untilEagain(w, HOST.nr().write);
  }

  /** Empties host pipe end {@code r} until a read would wait. */
  private void drain(int r) {
    untilEagain(r, HOST.nr().read);
  }

  private void untilEagain(int fd, int nr) {
    long fl = HOST.trap().syscall2(HOST.nr().fcntl, fd, F_GETFL);
    HOST.trap().syscall3(HOST.nr().fcntl, fd, F_SETFL, fl | O_NONBLOCK);
    while (HOST.trap().syscall3(nr, fd, buf, 1 << 16) > 0) {
      // until EAGAIN
    }
    HOST.trap().syscall3(HOST.nr().fcntl, fd, F_SETFL, fl);
  }

  /** A WALI fd for host fd {@code h} (the table owns a dup, so the test keeps its own). */
  private int waliFd(int h) {
    long dup = HOST.trap().syscall3(HOST.nr().fcntl, h, 1030 /* F_DUPFD_CLOEXEC */, 0);
    return (int) c.newFd(dup, 0, false);
  }

  /** A blocking call running on a new thread of the process. */
  private final class Blocked {
    final CompletableFuture<Object> result = new CompletableFuture<>();
    final CompletableFuture<WaliThread> thread = new CompletableFuture<>();
    volatile int hostTid;

    Blocked(ToLongFunction<Ctx> call) {
      p.threads()
          .starter(
              (fn, tid, arg) ->
                  () -> {
                    hostTid = (int) HOST.trap().syscall0(HOST.nr().gettid);
                    WaliThread self = p.threads().current();
                    thread.complete(self);
                    try {
                      result.complete(call.applyAsLong(c));
                    } catch (ThreadExit e) {
                      result.complete(e);
                    } catch (RuntimeException | Error e) {
                      result.completeExceptionally(e);
                    } finally {
                      p.threads().ended(self, 0);
                    }
                  });
      assertTrue(p.threads().spawn(1, 0) > 0);
    }

    /** Waits until the thread waits in host syscall {@code nr}. */
    Blocked waitsIn(int nr) throws Exception {
      WaliThread t = thread.get(5, TimeUnit.SECONDS);
      assertTrue(t != null);
      for (int i = 0; i < 500; i++) {
        if (inSyscall(hostTid) == nr) {
          return this;
        }
        assertTrue(!result.isDone(), () -> "returned " + result.getNow(null));
        Thread.sleep(10);
      }
      return fail("thread never waited in syscall " + nr + ": " + inSyscall(hostTid));
    }

    void signal() throws Exception {
      p.signal(thread.get(), SIGUSR1, SI_TKILL, p.pid());
    }

    Object get() throws Exception {
      return result.get(5, TimeUnit.SECONDS);
    }
  }

  /** The syscall host thread {@code tid} is in (its number), or -1 when it runs. */
  private static long inSyscall(int tid) throws IOException {
    String s = Files.readString(Path.of("/proc/self/task/" + tid + "/syscall")).trim();
    return s.equals("running") ? -1 : Long.parseLong(s.split(" ")[0]);
  }

  @Test
  void aSignalForTheThreadEndsItsPlainReadOfAnEmptyPipe() throws Exception {
    int[] pp = pipe();
    int fd = waliFd(pp[0]);
    int h = p.fds().host(fd);
    Blocked b = new Blocked(c -> BlockingIo.read(c, fd, h, buf, 1)).waitsIn(HOST.nr().read);
    b.signal();
    assertEquals(SignalDelivery.ERESTARTSYS, b.get());
  }

  @Test
  void aSignalTheThreadBlocksLeavesItsReadWaiting() throws Exception {
    int[] pp = pipe();
    int fd = waliFd(pp[0]);
    int h = p.fds().host(fd);
    SignalMask.set(Signals.bit(SIGUSR1)); // the new thread inherits the mask
    Blocked b = new Blocked(c -> BlockingIo.read(c, fd, h, buf, 1)).waitsIn(HOST.nr().read);
    b.signal();
    Thread.sleep(100);
    assertEquals(HOST.nr().read, inSyscall(b.hostTid));
    NativeAccess.U.putByte(buf + 4096, (byte) 'x');
    assertEquals(1, HOST.trap().syscall3(HOST.nr().write, pp[1], buf + 4096, 1));
    assertEquals(1L, b.get());
  }

  @Test
  void aSignalEndsAWriteToAFullPipeOrReturnsWhatWentBeforeIt() throws Exception {
    int[] pp = pipe();
    int fd = waliFd(pp[1]);
    int h = p.fds().host(fd);
    fill(pp[1]);
    Blocked full = new Blocked(c -> BlockingIo.write(c, fd, h, buf, 10)).waitsIn(HOST.nr().write);
    full.signal();
    assertEquals(SignalDelivery.ERESTARTSYS, full.get());
    drain(pp[0]);
    Blocked part =
        new Blocked(c -> BlockingIo.write(c, fd, h, buf, 1 << 20)).waitsIn(HOST.nr().write);
    part.signal();
    long wrote = (Long) part.get();
    assertTrue(wrote > 0 && wrote < 1 << 20, "a partial count: " + wrote);
  }

  @Test
  void aSignalEndsAnAcceptAndARecv() throws Exception {
    int listener = socket(AF_INET);
    assertEquals(0, HOST.trap().syscall2(HOST.nr().listen, listener, 1)); // binds a free port
    Blocked accept = acceptOn(listener);
    accept.signal();
    assertEquals(SignalDelivery.ERESTARTSYS, accept.get());

    int[] pair = socketpair();
    Blocked recv = new Blocked(c -> recv(c, pair[0])).waitsIn(HOST.nr().recvfrom);
    recv.signal();
    assertEquals(SignalDelivery.ERESTARTSYS, recv.get());
  }

  @Test
  void aSocketWithAReceiveTimeoutFailsWithEintrAndTimesOutWithEagain() throws Exception {
    int[] pair = socketpair();
    receiveTimeout(pair[0], 3_000_000);
    Blocked signalled = new Blocked(c -> recv(c, pair[0])).waitsIn(HOST.nr().recvfrom);
    signalled.signal();
    assertEquals((long) -Errno.EINTR, signalled.get());
    receiveTimeout(pair[0], 200_000);
    assertEquals((long) -EAGAIN, new Blocked(c -> recv(c, pair[0])).get());
  }

  /** ppoll of host fd {@code h} for reading, for ever, as PollCalls makes it. */
  private static long ppoll(Ctx c, int h) {
    long fds = c.scratch() + 4096;
    NativeAccess.U.putInt(fds, h);
    NativeAccess.U.putShort(fds + 4, BlockingIo.POLLIN);
    NativeAccess.U.putShort(fds + 6, (short) 0);
    return InterruptibleCall.await(
        c,
        c.p.threads().current(),
        c.nr.ppoll,
        5,
        new long[] {fds, 1, 0, 0, 8},
        2,
        PollCalls.zeroTimespec(c),
        SignalDelivery.ERESTARTNOHAND);
  }

  @Test
  void aSignalEndsAPollUnlessItsFdIsReady() throws Exception {
    int[] pp = pipe();
    Blocked poll = new Blocked(c -> ppoll(c, pp[0])).waitsIn(HOST.nr().ppoll);
    poll.signal();
    assertEquals(SignalDelivery.ERESTARTNOHAND, poll.get());
    // A signal pending as the poll begins: the kernel reports a ready fd first, and a poll that
    // would wait does not.
    assertEquals(1, HOST.trap().syscall3(HOST.nr().write, pp[1], buf, 1));
    assertEquals(1L, new Blocked(c -> selfSignalledPpoll(c, pp[0])).get());
    drain(pp[0]);
    assertEquals(
        SignalDelivery.ERESTARTNOHAND, new Blocked(c -> selfSignalledPpoll(c, pp[0])).get());
  }

  /**
   * A signal already pending as a read, write or receive begins: what can move without waiting
   * moves (Linux looks at signals only before it would wait), and a call that would wait fails.
   */
  @Test
  void withASignalPendingACallMovesWhatItCanAndFailsOnlyWhereItWouldWait() throws Exception {
    int[] pp = pipe();
    int rfd = waliFd(pp[0]);
    int rh = p.fds().host(rfd);
    int wfd = waliFd(pp[1]);
    int wh = p.fds().host(wfd);
    assertEquals(
        3L, new Blocked(c -> selfSignalled(c, () -> BlockingIo.write(c, wfd, wh, buf, 3))).get());
    assertEquals(
        3L, new Blocked(c -> selfSignalled(c, () -> BlockingIo.read(c, rfd, rh, buf, 8))).get());
    assertEquals(
        SignalDelivery.ERESTARTSYS,
        new Blocked(c -> selfSignalled(c, () -> BlockingIo.read(c, rfd, rh, buf, 8))).get());
    fill(pp[1]);
    assertEquals(
        SignalDelivery.ERESTARTSYS,
        new Blocked(c -> selfSignalled(c, () -> BlockingIo.write(c, wfd, wh, buf, 8))).get());
    int[] pair = socketpair();
    assertEquals(1, HOST.trap().syscall3(HOST.nr().write, pair[1], buf, 1));
    assertEquals(1L, new Blocked(c -> selfSignalled(c, () -> recv(c, pair[0]))).get());
    assertEquals(
        SignalDelivery.ERESTARTSYS,
        new Blocked(c -> selfSignalled(c, () -> recv(c, pair[0]))).get());
  }

  private static long selfSignalled(Ctx c, LongSupplier call) {
    c.p.signal(c.p.threads().current(), SIGUSR1, SI_TKILL, c.p.pid());
    return call.getAsLong();
  }

  private static long selfSignalledPpoll(Ctx c, int h) {
    c.p.signal(c.p.threads().current(), SIGUSR1, SI_TKILL, c.p.pid());
    return ppoll(c, h);
  }

  private void receiveTimeout(int h, long micros) {
    long tv = buf + 4096;
    NativeAccess.U.putLong(tv, micros / 1_000_000);
    NativeAccess.U.putLong(tv + 8, micros % 1_000_000);
    long r =
        HOST.trap()
            .syscall5(
                HOST.nr().setsockopt, h, BlockingIo.SOL_SOCKET, BlockingIo.SO_RCVTIMEO, tv, 16);
    assertEquals(0, r);
  }

  private static long recv(Ctx c, int h) {
    return InterruptibleCall.sys6(
        c,
        c.p.threads().current(),
        c.nr.recvfrom,
        h,
        c.scratch(),
        16,
        0,
        0,
        0,
        BlockingIo.SO_RCVTIMEO);
  }

  private int socket(int domain) {
    long s = HOST.trap().syscall3(HOST.nr().socket, domain, SOCK_STREAM | O_CLOEXEC, 0);
    assertTrue(s >= 0, "socket: " + s);
    hostFds.add((int) s);
    return (int) s;
  }

  private int[] socketpair() {
    long fds = NativeAccess.U.allocateMemory(8);
    assertEquals(
        0, HOST.trap().syscall4(HOST.nr().socketpair, AF_UNIX, SOCK_STREAM | O_CLOEXEC, 0, fds));
    int[] out = {NativeAccess.U.getInt(fds), NativeAccess.U.getInt(fds + 4)};
    NativeAccess.U.freeMemory(fds);
    hostFds.add(out[0]);
    hostFds.add(out[1]);
    return out;
  }

  /**
   * Thousands of rounds of a signal sent while the thread enters its read, at a varying moment: a
   * signal sent after the thread's look at its pending signals but before it waits in the kernel
   * would be lost without the sender's repeats, and the read would wait for ever.
   */
  @Test
  void noSignalSentWhileTheThreadEntersItsReadIsLost() throws Exception {
    int[] pp = pipe();
    int fd = waliFd(pp[0]);
    int h = p.fds().host(fd);
    int rounds = 10000;
    AtomicInteger entering = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    long[] results = new long[rounds + 1];
    Blocked b =
        new Blocked(
            c -> {
              for (int i = 1; i <= rounds; i++) {
                entering.set(i);
                results[i] = BlockingIo.read(c, fd, h, buf, 1);
                c.p.signals().take(SignalMask.get()); // as delivery would
                done.set(i);
              }
              return 0;
            });
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long before = HOST.interrupt().resends();
    for (int i = 1; i <= rounds; i++) {
      while (entering.get() < i) {
        Thread.onSpinWait();
      }
      for (int spin = random.nextInt(i % 2 == 0 ? 100 : 3000); spin > 0; spin--) {
        Thread.onSpinWait();
      }
      b.signal();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (done.get() < i) {
        if (System.nanoTime() > deadline) {
          fail("round " + i + ": the signal was lost, the read still waits");
        }
        Thread.onSpinWait();
      }
      assertEquals(SignalDelivery.ERESTARTSYS, results[i], "round " + i);
    }
    assertEquals(0L, b.get());
    System.out.println(
        "InterruptibleCallTest: " + (HOST.interrupt().resends() - before) + " resends");
  }

  @Test
  void theEndOfTheProcessStopsAThreadBlockedInEachKindOfCall() throws Exception {
    int[] empty = pipe();
    int rfd = waliFd(empty[0]);
    int rh = p.fds().host(rfd);
    int[] full = pipe();
    int wfd = waliFd(full[1]);
    int wh = p.fds().host(wfd);
    fill(full[1]);
    int listener = socket(AF_INET);
    assertEquals(0, HOST.trap().syscall2(HOST.nr().listen, listener, 1));
    int[] pair = socketpair();
    List<Blocked> all =
        List.of(
            new Blocked(c -> BlockingIo.read(c, rfd, rh, buf, 1)).waitsIn(HOST.nr().read),
            new Blocked(c -> BlockingIo.write(c, wfd, wh, buf, 1)).waitsIn(HOST.nr().write),
            acceptOn(listener),
            new Blocked(c -> recv(c, pair[0])).waitsIn(HOST.nr().recvfrom),
            new Blocked(c -> ppoll(c, empty[0])).waitsIn(HOST.nr().ppoll));
    p.threads().endProcess(ExitStatus.exited(0));
    for (Blocked b : all) {
      assertInstanceOf(ThreadExit.class, b.get());
    }
  }

  /** A thread blocked in accept4 on host socket {@code listener}, as SYS_accept4 makes it. */
  private Blocked acceptOn(int listener) throws Exception {
    return new Blocked(
            c ->
                InterruptibleCall.sys4(
                    c,
                    c.p.threads().current(),
                    c.nr.accept4,
                    listener,
                    0,
                    0,
                    O_CLOEXEC,
                    BlockingIo.SO_RCVTIMEO))
        .waitsIn(HOST.nr().accept4);
  }
}
