package io.wali4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Lowest-free-number allocation (POSIX open/dup), limits, dup2 and fork copies of the table. */
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
}
