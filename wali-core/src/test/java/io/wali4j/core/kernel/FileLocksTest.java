package io.wali4j.core.kernel;

import static io.wali4j.core.kernel.FileLocks.F_RDLCK;
import static io.wali4j.core.kernel.FileLocks.F_UNLCK;
import static io.wali4j.core.kernel.FileLocks.F_WRLCK;
import static io.wali4j.core.kernel.FileLocks.TO_EOF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.kernel.FileLocks.FileKey;
import io.wali4j.core.kernel.FileLocks.Lock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FileLocksTest {

  private final FileLocks locks = new FileLocks();
  private final FileKey file = new FileKey(1, 2);

  @Test
  void aLockOfOneTypeInsideAnotherSplitsItInThree() {
    assertTrue(locks.tryLock(file, 10, F_WRLCK, 0, 10));
    assertTrue(locks.tryLock(file, 10, F_RDLCK, 4, 6));
    assertEquals(
        List.of(
            new Lock(10, F_WRLCK, 0, 4), new Lock(10, F_RDLCK, 4, 6), new Lock(10, F_WRLCK, 6, 10)),
        locks.locks(file));
  }

  @Test
  void adjacentAndOverlappingLocksOfOneTypeMerge() {
    assertTrue(locks.tryLock(file, 10, F_RDLCK, 0, 5));
    assertTrue(locks.tryLock(file, 10, F_RDLCK, 10, 15));
    assertTrue(locks.tryLock(file, 10, F_RDLCK, 5, 10));
    assertEquals(List.of(new Lock(10, F_RDLCK, 0, 15)), locks.locks(file));
    assertTrue(locks.tryLock(file, 10, F_UNLCK, 3, TO_EOF));
    assertEquals(List.of(new Lock(10, F_RDLCK, 0, 3)), locks.locks(file));
  }

  @Test
  void onlyAWriteLockOfAnotherProcessConflicts() {
    assertTrue(locks.tryLock(file, 10, F_RDLCK, 0, 10));
    assertTrue(locks.tryLock(file, 11, F_RDLCK, 5, 15));
    assertFalse(locks.tryLock(file, 11, F_WRLCK, 9, 10));
    assertTrue(locks.tryLock(file, 11, F_WRLCK, 10, 12));
    assertEquals(new Lock(11, F_WRLCK, 10, 12), locks.conflict(file, 10, F_RDLCK, 0, TO_EOF));
    assertNull(locks.conflict(new FileKey(1, 3), 10, F_WRLCK, 0, TO_EOF));
  }

  @Test
  void releaseDropsOneProcessesLocksOnly() {
    assertTrue(locks.tryLock(file, 10, F_RDLCK, 0, 10));
    assertTrue(locks.tryLock(file, 11, F_RDLCK, 0, 10));
    locks.release(file, 10);
    assertFalse(locks.holdsAny(10));
    assertTrue(locks.holdsAny(11));
    locks.releaseAll(11);
    assertFalse(locks.holdsAny(11));
    assertEquals(List.of(), locks.locks(file));
  }

  @Test
  void aWaitingLockIsTakenWhenTheHolderReleasesAndEndsWhenInterrupted() throws Exception {
    assertTrue(locks.tryLock(file, 10, F_WRLCK, 0, TO_EOF));
    assertEquals(-1, locks.lockWait(file, 11, F_RDLCK, 0, 1, () -> true));
    CompletableFuture<Integer> waiting =
        CompletableFuture.supplyAsync(() -> locks.lockWait(file, 11, F_RDLCK, 0, 1, () -> false));
    Thread.sleep(50);
    assertFalse(waiting.isDone());
    locks.releaseAll(10);
    assertEquals(0, waiting.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(new Lock(11, F_RDLCK, 0, 1)), locks.locks(file));
  }
}
