package io.wali4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process table: pids, wait semantics and status encoding, groups, sessions, reparenting. */
class KernelTest {

  private static final Host HOST = Host.load();
  private static final int JVM_PID = 4242;

  private final Kernel kernel = new Kernel(JVM_PID);
  private final List<Process> started = new ArrayList<>();

  private Process root() {
    Process p = Process.start(kernel, HOST, List.of("t"), Map.of(), Path.of("/"), new int[0]);
    started.add(p);
    return p;
  }

  private Process child(Process parent) {
    Process c = parent.fork();
    started.add(c);
    return c;
  }

  @AfterEach
  void closeAll() {
    for (Process p : started) {
      p.close();
    }
  }

  private Kernel.Waited waitFor(Process caller, int idtype, int id, int options, int[] errno) {
    return kernel.waitChild(caller, idtype, id, options, () -> false, errno);
  }

  @Test
  void aRootLeadsItsGroupAndSessionAndReportsTheJvmAsParent() {
    Process r = root();
    assertEquals(r.pid(), kernel.pgid(r));
    assertEquals(r.pid(), kernel.sid(r));
    assertEquals(JVM_PID, kernel.ppid(r));
    assertNotEquals(JVM_PID, r.pid());
  }

  @Test
  void aChildJoinsItsParentsGroupAndSession() {
    Process r = root();
    Process c = child(r);
    assertNotEquals(r.pid(), c.pid());
    assertEquals(r.pid(), kernel.ppid(c));
    assertEquals(kernel.pgid(r), kernel.pgid(c));
    assertEquals(kernel.sid(r), kernel.sid(c));
  }

  @Test
  void waitReapsAZombieWithItsExitStatusOnce() {
    Process r = root();
    Process c = child(r);
    int[] errno = new int[1];
    assertSame(
        Kernel.Waited.NONE, waitFor(r, Kernel.P_ALL, 0, Kernel.WEXITED | Kernel.WNOHANG, errno));
    kernel.exit(c, Kernel.exitedStatus(298), new Usage(5, 6, 7));
    Kernel.Waited w = waitFor(r, Kernel.P_PID, c.pid(), Kernel.WEXITED, errno);
    assertEquals(c.pid(), w.pid());
    assertEquals(42 << 8, w.waitStatus());
    assertEquals(new Usage(5, 6, 7), kernel.childUsage(r));
    assertNull(waitFor(r, Kernel.P_ALL, 0, Kernel.WEXITED, errno));
    assertEquals(Kernel.ECHILD, errno[0]);
    assertNull(kernel.find(r, c.pid()));
  }

  @Test
  void wnowaitLeavesTheChildWaitable() {
    Process r = root();
    Process c = child(r);
    kernel.exit(c, Kernel.signaledStatus(9, false), Usage.ZERO);
    int[] errno = new int[1];
    int opts = Kernel.WEXITED | Kernel.WNOWAIT;
    assertEquals(9, waitFor(r, Kernel.P_ALL, 0, opts, errno).waitStatus());
    assertEquals(c.pid(), waitFor(r, Kernel.P_ALL, 0, Kernel.WEXITED, errno).pid());
  }

  @Test
  void aBlockedWaitWakesWhenTheChildExits() throws InterruptedException {
    Process r = root();
    Process c = child(r);
    Thread t = new Thread(() -> kernel.exit(c, Kernel.exitedStatus(3), Usage.ZERO));
    t.start();
    Kernel.Waited w = waitFor(r, Kernel.P_ALL, 0, Kernel.WEXITED, new int[1]);
    t.join();
    assertEquals(3 << 8, w.waitStatus());
  }

  @Test
  void anInterruptedWaitEndsWithEintr() {
    Process r = root();
    child(r);
    int[] errno = new int[1];
    assertNull(kernel.waitChild(r, Kernel.P_ALL, 0, Kernel.WEXITED, () -> true, errno));
    assertEquals(Kernel.EINTR, errno[0]);
  }

  @Test
  void stopAndContinueAreReportedOnlyWhenAsked() {
    Process r = root();
    Process c = child(r);
    kernel.stopped(c, 19, true);
    int[] errno = new int[1];
    int exited = Kernel.WEXITED | Kernel.WNOHANG;
    assertSame(Kernel.Waited.NONE, waitFor(r, Kernel.P_ALL, 0, exited, errno));
    assertEquals(
        (19 << 8) | 0x7f,
        waitFor(r, Kernel.P_ALL, 0, exited | Kernel.WUNTRACED, errno).waitStatus());
    kernel.stopped(c, 18, false);
    assertEquals(
        0xffff, waitFor(r, Kernel.P_ALL, 0, exited | Kernel.WCONTINUED, errno).waitStatus());
  }

  @Test
  void orphansGoToTheRootAndAreReapedOnceItIsGone() {
    Process r = root();
    Process mid = child(r);
    Process grandchild = child(mid);
    kernel.exit(mid, 0, Usage.ZERO);
    assertEquals(r.pid(), kernel.ppid(grandchild));
    kernel.exit(r, 0, Usage.ZERO);
    assertEquals(1, kernel.ppid(grandchild));
    kernel.exit(grandchild, 0, Usage.ZERO);
    assertTrue(kernel.isZombie(grandchild));
    assertNull(kernel.find(grandchild, grandchild.pid()));
  }

  @Test
  void setpgidAndSetsidFollowPosixRules() {
    Process r = root();
    Process c = child(r);
    assertEquals(-Kernel.EPERM, kernel.setsid(r)); // a group leader
    assertEquals(-Kernel.EINVAL, kernel.setpgid(c, 0, -1));
    assertEquals(0, kernel.setpgid(r, c.pid(), 0));
    assertEquals(c.pid(), kernel.getpgid(r, c.pid()));
    assertEquals(0, kernel.setpgid(c, 0, r.pid())); // back into the parent's group
    assertEquals(c.pid(), kernel.setsid(c));
    assertEquals(c.pid(), kernel.getsid(r, c.pid()));
    assertEquals(-Kernel.EPERM, kernel.setpgid(c, 0, r.pid())); // another session
    assertEquals(-Kernel.ESRCH, kernel.setpgid(c, r.pid(), 0)); // not its child
    kernel.execed(c);
    assertEquals(-Kernel.EACCES, kernel.setpgid(r, c.pid(), 0));
  }

  @Test
  void processesOfAnotherTreeAreInvisible() {
    Process a = root();
    Process b = root();
    assertNull(kernel.find(a, b.pid()));
    assertEquals(-Kernel.ESRCH, kernel.getpgid(a, b.pid()));
    assertFalse(kernel.tree(a).contains(b));
  }

  @Test
  void waitOptionsOutsideLinuxsAreInvalid() {
    assertTrue(Kernel.validWait4Options(Kernel.WNOHANG | Kernel.WUNTRACED | Kernel.WCONTINUED));
    assertFalse(Kernel.validWait4Options(0x4000000));
    assertFalse(Kernel.validWaitidOptions(Kernel.WNOHANG));
    assertTrue(Kernel.validWaitidOptions(Kernel.WEXITED | Kernel.WNOWAIT));
  }

  @Test
  void theForegroundGroupIsOneOfTheSessionsGroups() {
    Process r = root();
    Process c = child(r);
    assertEquals(r.pid(), kernel.foreground(c));
    assertEquals(0, kernel.setpgid(r, c.pid(), 0));
    assertEquals(0, kernel.setForeground(r, c.pid()));
    assertEquals(c.pid(), kernel.foreground(r));
    assertEquals(-Kernel.EPERM, kernel.setForeground(r, 999_999));
    assertEquals(-Kernel.EINVAL, kernel.setForeground(r, -1));
  }
}
