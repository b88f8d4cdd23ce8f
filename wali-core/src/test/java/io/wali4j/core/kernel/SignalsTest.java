package io.wali4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pending sets, dispositions and default actions of one process's signals. */
class SignalsTest {

  private static final int SIGUSR1 = 10;

  private final Signals s = new Signals();

  @Test
  void theLowestUnblockedSignalIsTakenFirstAndSigkillBeforeAll() {
    s.post(Signals.SIGTERM, 0, 7);
    s.post(Signals.SIGHUP, 0, 7);
    s.post(Signals.SIGKILL, 0, 7);
    assertEquals(Signals.SIGKILL, s.take(0).sig());
    assertEquals(Signals.SIGHUP, s.take(Signals.bit(Signals.SIGTERM)).sig());
    assertNull(s.take(Signals.bit(Signals.SIGTERM)));
    Signals.Taken t = s.take(0);
    assertEquals(Signals.SIGTERM, t.sig());
    assertEquals(7, t.sender());
  }

  @Test
  void blockingSigkillOrSigstopHasNoEffect() {
    s.post(Signals.SIGSTOP, 0, 1);
    assertTrue(s.deliverable(-1L));
  }

  @Test
  void standardSignalsMergeAndRealTimeSignalsQueue() {
    s.post(SIGUSR1, 0, 1);
    s.post(SIGUSR1, 0, 1);
    s.post(Signals.SIGRTMIN + 3, 0, 1);
    s.post(Signals.SIGRTMIN + 3, 0, 1);
    assertEquals(SIGUSR1, s.take(0).sig());
    assertEquals(Signals.SIGRTMIN + 3, s.take(0).sig());
    assertEquals(Signals.SIGRTMIN + 3, s.take(0).sig());
    assertNull(s.take(0));
  }

  @Test
  void ignoredSignalsAreDroppedUnlessBlocked() {
    s.setAction(Signals.SIGTERM, new Signals.Action(Signals.SIG_IGN, 0, 0, 0));
    s.post(Signals.SIGTERM, 0, 1);
    s.post(Signals.SIGCHLD, 0, 1); // ignored by default
    assertTrue((s.pending() & Signals.bit(Signals.SIGTERM)) != 0);
    assertFalse(s.deliverable(Signals.bit(Signals.SIGTERM) | Signals.bit(Signals.SIGCHLD)));
    assertFalse(s.deliverable(0));
    assertEquals(0, s.pending());
  }

  @Test
  void sigcontDiscardsPendingStopsAndAStopDiscardsSigcont() {
    s.post(Signals.SIGTSTP, 0, 1);
    s.post(Signals.SIGCONT, 0, 1);
    assertEquals(Signals.bit(Signals.SIGCONT), s.pending());
    s.post(Signals.SIGSTOP, 0, 1);
    assertEquals(Signals.bit(Signals.SIGSTOP), s.pending());
  }

  @Test
  void execResetsCaughtSignalsButKeepsIgnoredOnes() {
    s.setAction(Signals.SIGINT, new Signals.Action(Signals.SIG_IGN, 0, 0, 0));
    s.setAction(Signals.SIGTERM, new Signals.Action(42, 0, Signals.SA_RESTART, 0));
    Signals child = s.copy();
    assertEquals(42, child.action(Signals.SIGTERM).handler());
    s.resetForExec();
    assertEquals(Signals.SIG_IGN, s.action(Signals.SIGINT).handler());
    assertEquals(Signals.SIG_DFL, s.action(Signals.SIGTERM).handler());
  }

  @Test
  void defaultActionsFollowSignal7() {
    assertEquals(Signals.Default.TERMINATE, Signals.defaultAction(Signals.SIGPIPE));
    assertEquals(Signals.Default.IGNORE, Signals.defaultAction(Signals.SIGWINCH));
    assertEquals(Signals.Default.STOP, Signals.defaultAction(Signals.SIGTTOU));
    assertEquals(Signals.Default.CONTINUE, Signals.defaultAction(Signals.SIGCONT));
  }

  @Test
  void sleepEndsEarlyWhenASignalArrives() throws InterruptedException {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              s.post(Signals.SIGALRM, 0, 1);
            });
    t.start();
    long left = s.sleep(60_000_000_000L, 0);
    t.join();
    assertTrue(left > 0, "woken with time left");
    assertEquals(
        0, s.sleep(1_000_000L, Signals.bit(Signals.SIGALRM)), "a blocked one does not wake");
  }
}
