package io.wali4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The descriptor table's lookups and the per-fd read hint. */
class FdTableTest {

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
