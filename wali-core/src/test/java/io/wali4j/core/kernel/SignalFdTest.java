package io.wali4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host pipe behind a signalfd: readable exactly while a signal of its mask is pending for a
 * holder, found again through any duplicate of its read end, and closed once no read end or no
 * holder is left.
 */
class SignalFdTest {

  private static final Host HOST = Host.load();
  private static final long USR1 = Signals.bit(10);
  private static final long USR2 = Signals.bit(12);

  private long scratch;

  @BeforeEach
  void allocate() {
    scratch = NativeAccess.U.allocateMemory(SignalFd.SCRATCH);
  }

  @AfterEach
  void free() {
    NativeAccess.U.freeMemory(scratch);
  }

  @Test
  void theReadEndIsReadableWhileASignalOfTheMaskIsPending() {
    Signals signals = new Signals();
    int fd = (int) SignalFd.create(HOST, signals, USR1, true, scratch);
    assertTrue(fd >= 0);
    SignalFd s = SignalFd.of(HOST, fd, scratch);
    assertEquals(USR1, s.mask());
    assertEquals(0, readable(fd), "nothing pending");
    signals.post(12, 0, 1);
    assertEquals(0, readable(fd), "SIGUSR2 is not in the mask");
    signals.post(10, 0, 1);
    assertEquals(1, readable(fd), "SIGUSR1 is");
    s.mask(USR2, fd);
    assertEquals(1, readable(fd), "SIGUSR2 pending, now in the mask");
    assertEquals(12, signals.takeWaited(USR2).sig());
    s.settle(fd);
    assertEquals(0, readable(fd), "SIGUSR1 pending, no longer in the mask");
    int dup = (int) HOST.trap().syscall3(HOST.nr().fcntl, fd, 1030, 3);
    assertSame(s, SignalFd.of(HOST, dup, scratch), "a duplicate is the same file");
    close(dup);
    signals.releaseSignalFds();
    close(fd);
  }

  @Test
  void aFileWhoseReadEndsAreClosedIsForgottenWhenTheNextIsMade() {
    Signals signals = new Signals();
    int before = SignalFd.openCount();
    int first = (int) SignalFd.create(HOST, signals, USR1, true, scratch);
    assertEquals(before + 1, SignalFd.openCount());
    close(first);
    int second = (int) SignalFd.create(HOST, signals, USR1, true, scratch);
    assertEquals(before + 1, SignalFd.openCount(), "the first one's write end was not closed");
    signals.releaseSignalFds();
    assertEquals(before, SignalFd.openCount(), "released by its last holder");
    close(second);
  }

  @Test
  void aForkedChildHoldsTheFileUntilItEndsToo() {
    Signals parent = new Signals();
    int before = SignalFd.openCount();
    int fd = (int) SignalFd.create(HOST, parent, USR1, true, scratch);
    Signals child = parent.copy();
    parent.releaseSignalFds();
    assertEquals(before + 1, SignalFd.openCount(), "the child still holds it");
    child.post(10, 0, 1);
    assertEquals(1, readable(fd), "a signal pending for the child");
    child.releaseSignalFds();
    assertEquals(before, SignalFd.openCount());
    close(fd);
  }

  /** 1 when {@code fd} polls readable at once, else 0. */
  private int readable(int fd) {
    long pfd = scratch;
    NativeAccess.U.putInt(pfd, fd);
    NativeAccess.U.putShort(pfd + 4, (short) 1);
    NativeAccess.U.putShort(pfd + 6, (short) 0);
    NativeAccess.U.putLong(pfd + 16, 0);
    NativeAccess.U.putLong(pfd + 24, 0);
    long r = HOST.trap().syscall4(HOST.nr().ppoll, pfd, 1, pfd + 16, 0);
    assertTrue(r >= 0, "ppoll: errno " + -r);
    return (int) r;
  }

  private static void close(int fd) {
    HOST.trap().syscall1(HOST.nr().close, fd);
  }
}
