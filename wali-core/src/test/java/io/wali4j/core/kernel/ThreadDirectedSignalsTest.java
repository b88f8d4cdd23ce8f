package io.wali4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Linux's two pending sets: a signal sent to one thread is pending for that thread alone (only it
 * sees it, takes it or waits for it), next to the process's set that every thread sees.
 */
class ThreadDirectedSignalsTest {

  private static final Host HOST = Host.load();
  private static final int SIGUSR1 = 10;
  private static final int SIGUSR2 = 12;
  private static final int SI_TKILL = -6;

  private final Process p =
      Process.start(new Kernel(4242), HOST, List.of("t"), Map.of(), Path.of("/"), new int[0]);
  private final Signals s = p.signals();
  private final WaliThread other = new WaliThread(p, 77, null, new byte[0]);

  {
    p.threads().enterLeader(); // the test's thread is the process's main thread
  }

  @AfterEach
  void close() {
    Threads.leave(null);
    p.close();
  }

  /** Runs {@code body} on a new Java thread bound to {@link #other}. */
  private <T> T asOther(Supplier<T> body) throws Exception {
    CompletableFuture<T> r = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              WaliThread.bind(other);
              try {
                r.complete(body.get());
              } catch (RuntimeException e) {
                r.completeExceptionally(e);
              }
            });
    t.start();
    return r.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aThreadDirectedSignalIsSeenAndTakenByItsThreadOnly() throws Exception {
    s.post(other, SIGUSR1, SI_TKILL, 5);
    assertEquals(0, s.pending());
    assertFalse(s.deliverable(0));
    assertNull(s.take(0));
    assertEquals(Signals.bit(SIGUSR1), asOther(s::pending));
    Signals.Taken t = asOther(() -> s.take(0));
    assertEquals(SIGUSR1, t.sig());
    assertEquals(SI_TKILL, t.code());
    assertEquals(5, t.sender());
    assertEquals(0L, asOther(s::pending));
  }

  @Test
  void aThreadSeesTheUnionAndTakesItsOwnFirst() throws Exception {
    s.post(SIGUSR1, 0, 1); // the process's
    s.post(other, SIGUSR1, SI_TKILL, 2);
    assertEquals(Signals.bit(SIGUSR1), s.pending());
    assertEquals(2, asOther(() -> s.takeWaited(Signals.bit(SIGUSR1))).sender());
    assertEquals(1, asOther(() -> s.takeWaited(Signals.bit(SIGUSR1))).sender());
    assertNull(s.take(0));
  }

  @Test
  void ignoringASignalDiscardsItFromEveryThreadsSet() throws Exception {
    s.post(other, SIGUSR2, SI_TKILL, 1);
    s.setAction(SIGUSR2, new Signals.Action(Signals.SIG_IGN, 0, 0, 0));
    assertEquals(0L, asOther(s::pending));
  }

  @Test
  void aThreadsSignalsGoWithIt() throws Exception {
    s.post(other, SIGUSR2, SI_TKILL, 1);
    s.forget(other);
    assertEquals(0L, asOther(s::pending));
  }

  @Test
  void sigcontDiscardsAStopPendingForAThread() throws Exception {
    s.post(other, Signals.SIGTSTP, SI_TKILL, 1);
    s.post(Signals.SIGCONT, 0, 1);
    assertEquals(Signals.bit(Signals.SIGCONT), asOther(s::pending));
  }

  @Test
  void waitingForASetTakesTheThreadsOwnSignalEvenWhenIgnoredByDefault() throws Exception {
    // SIGCHLD is ignored by default, but a signal waited for stays pending (sigwait).
    s.post(other, Signals.SIGCHLD, SI_TKILL, 3);
    Signals.Taken t =
        asOther(() -> s.awaitOneOf(Signals.bit(Signals.SIGCHLD), Signals.bit(Signals.SIGCHLD), 0));
    assertEquals(Signals.SIGCHLD, t.sig());
    assertTrue((s.pending() & Signals.bit(Signals.SIGCHLD)) == 0);
  }
}
