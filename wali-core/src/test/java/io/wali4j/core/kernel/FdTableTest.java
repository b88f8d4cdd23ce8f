package io.wali4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Lowest-free-number allocation (POSIX open/dup), limits, dup2 and fork copies of the table, its
 * lock-free lookups and the per-fd read hint.
 */
class FdTableTest {

  private static final int LIMIT = 20_000;

  @Test
  void installTakesTheLowestFreeNumberAtOrAboveTheMinimum() {
    FdTable t = new FdTable();
    for (int i = 0; i < 10; i++) {
      assertEquals(i, t.install(0, LIMIT, 100 + i, false));
    }
    assertEquals(103, t.remove(3));
    assertEquals(107, t.remove(7));
    assertEquals(3, t.install(0, LIMIT, 200, false));
    assertEquals(7, t.install(0, LIMIT, 201, false));
    assertEquals(10, t.install(0, LIMIT, 202, false));
    assertEquals(50, t.install(50, LIMIT, 203, false));
    assertEquals(51, t.install(50, LIMIT, 204, false));
    assertEquals(11, t.install(0, LIMIT, 205, false));
  }

  @Test
  void installPastTheLimitFindsNoNumber() {
    FdTable t = new FdTable();
    for (int i = 0; i < 4; i++) {
      assertEquals(i, t.install(0, 4, i, false));
    }
    assertEquals(-1, t.install(0, 4, 9, false));
    assertEquals(-1, t.install(5, 4, 9, false));
    t.remove(2);
    assertEquals(2, t.install(0, 4, 9, false));
  }

  @Test
  void installAtFillsAHoleThatInstallThenSkips() {
    FdTable t = new FdTable();
    assertEquals(-1, t.installAt(1, 11, false));
    assertEquals(0, t.install(0, LIMIT, 10, false));
    assertEquals(2, t.install(0, LIMIT, 12, false));
    assertEquals(11, t.installAt(1, 21, true));
    assertEquals(21, t.host(1));
  }

  @Test
  void aCopyKeepsTheOpenNumbersAndTheCloseOnExecFlags() {
    FdTable t = new FdTable();
    t.install(0, LIMIT, 10, false);
    t.install(0, LIMIT, 11, true);
    t.install(0, LIMIT, 12, false);
    t.remove(1);
    FdTable c = t.copy(h -> h + 100);
    assertEquals(110, c.host(0));
    assertEquals(-1, c.host(1));
    assertEquals(1, c.install(0, LIMIT, 13, false));
    assertEquals(3, c.install(0, LIMIT, 14, false));
    t.install(0, LIMIT, 11, true);
    assertEquals(1, t.removeCloseOnExec().length);
    assertEquals(1, t.install(0, LIMIT, 15, false));
  }

  @Test
  void tenThousandDescriptorsFillAndReuseTheLowestNumbers() {
    FdTable t = new FdTable();
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      assertEquals(i, t.install(0, LIMIT, i + 1000, false));
    }
    for (int i = 0; i < n; i += 2) {
      t.remove(i);
    }
    for (int i = 0; i < n; i += 2) {
      assertEquals(i, t.install(0, LIMIT, i, false));
    }
    assertEquals(n, t.install(0, LIMIT, 1, false));
    assertEquals(n + 1, t.hostFds().length);
  }

  @Test
  void lookupsFollowInstallRemoveAndGrowth() {
    FdTable t = new FdTable();
    assertEquals(0, t.install(0, 100, false));
    assertEquals(40, t.install(40, 140, false));
    assertEquals(100, t.host(0));
    assertEquals(140, t.host(40));
    assertEquals(-1, t.host(39));
    assertEquals(-1, t.host(-1));
    assertEquals(-1, t.host(1 << 20));
    assertEquals(100, t.remove(0));
    assertEquals(-1, t.host(0));
  }

  @Test
  void theReadHintIsForgottenWhenTheNumberIsReused() {
    FdTable t = new FdTable();
    int fd = t.install(3, 103, false);
    t.setPollBeforeRead(fd);
    assertTrue(t.pollBeforeRead(fd));
    t.remove(fd);
    assertEquals(fd, t.install(3, 203, false));
    assertFalse(t.pollBeforeRead(fd));
    t.setPollBeforeRead(fd);
    t.installAt(fd, 303, false); // dup2 onto it: another file
    assertFalse(t.pollBeforeRead(fd));
  }

  @Test
  void theReadHintSurvivesGrowthAndIsNotInheritedByAFork() {
    FdTable t = new FdTable();
    int fd = t.install(3, 103, false);
    t.setPollBeforeRead(fd);
    t.install(500, 600, false);
    assertTrue(t.pollBeforeRead(fd));
    assertFalse(t.pollBeforeRead(500));
    FdTable child = t.copy(h -> h + 1000);
    assertEquals(1103, child.host(fd));
    assertFalse(child.pollBeforeRead(fd));
    assertFalse(t.pollBeforeRead(-1));
    assertFalse(t.pollBeforeRead(1 << 20));
    t.setPollBeforeRead(1 << 20); // out of range: ignored, never thrown
  }

  @Test
  void theWriteHintIsItsOwnAndIsForgottenWhenTheNumberIsReusedOrForked() {
    FdTable t = new FdTable();
    int fd = t.install(3, 103, false);
    t.setPollBeforeWrite(fd);
    assertTrue(t.pollBeforeWrite(fd));
    assertFalse(t.pollBeforeRead(fd));
    t.install(500, 600, false); // growth keeps it
    assertTrue(t.pollBeforeWrite(fd));
    assertFalse(t.pollBeforeWrite(500));
    assertFalse(t.copy(h -> h + 1000).pollBeforeWrite(fd));
    t.installAt(fd, 303, false); // dup2 onto it: another file
    assertFalse(t.pollBeforeWrite(fd));
    t.setPollBeforeWrite(fd);
    t.remove(fd);
    assertEquals(fd, t.install(3, 203, false));
    assertFalse(t.pollBeforeWrite(fd));
    assertFalse(t.pollBeforeWrite(-1));
    t.setPollBeforeWrite(1 << 20); // out of range: ignored, never thrown
  }

  @Test
  void whetherAnFdNeverWaitsIsAskedOnceWithItsHostFdUntilTheNumberIsReused() {
    FdTable t = new FdTable();
    int fd = t.install(3, 103, false);
    List<Integer> asked = new ArrayList<>();
    IntPredicate odd =
        h -> {
          asked.add(h);
          return h % 2 == 1;
        };
    assertEquals(FdTable.WAITS_UNKNOWN, t.waits(fd));
    assertTrue(t.learnWaits(fd, odd));
    assertTrue(t.learnWaits(fd, odd));
    assertEquals(FdTable.NEVER_WAITS, t.waits(fd));
    assertEquals(List.of(103), asked);
    t.installAt(fd, 202, false); // dup2 onto it: another file
    assertEquals(FdTable.WAITS_UNKNOWN, t.waits(fd));
    assertFalse(t.learnWaits(fd, odd));
    assertEquals(FdTable.MAY_WAIT, t.waits(fd));
    assertEquals(List.of(103, 202), asked);
    t.install(500, 601, false); // growth keeps what is known
    assertEquals(FdTable.MAY_WAIT, t.waits(fd));
    assertTrue(t.learnWaits(500, odd));
    t.remove(500);
    assertEquals(500, t.install(500, 702, false)); // the number reused: another file
    assertEquals(FdTable.WAITS_UNKNOWN, t.waits(500));
    assertFalse(t.learnWaits(501, odd)); // not open: never asked
    assertFalse(t.learnWaits(-1, odd));
    assertFalse(t.learnWaits(1 << 20, odd));
    assertEquals(FdTable.WAITS_UNKNOWN, t.waits(1 << 20));
    assertEquals(List.of(103, 202, 601), asked);
    FdTable child = t.copy(h -> h + 1000);
    assertEquals(FdTable.WAITS_UNKNOWN, child.waits(fd)); // a fork's table asks again
  }

  @Test
  void aLookupFromAnotherThreadSeesEveryInstalledEntry() throws InterruptedException {
    FdTable t = new FdTable();
    int n = 1000;
    int[] seen = new int[1];
    Thread reader =
        new Thread(
            () -> {
              // Entries are installed in order: once fd i is seen, every lower one must be there.
              for (int i = 0; i < n; i++) {
                while (t.host(i) < 0) {
                  Thread.onSpinWait();
                }
                for (int j = 0; j < i; j++) {
                  if (t.host(j) != 10_000 + j) {
                    return;
                  }
                }
                seen[0] = i + 1;
              }
            });
    reader.start();
    for (int i = 0; i < n; i++) {
      t.install(0, 2 * n, 10_000 + i, false);
    }
    reader.join(60_000);
    assertEquals(n, seen[0]);
  }
}
