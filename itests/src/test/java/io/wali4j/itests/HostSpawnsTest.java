package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A process the tests start waits for a run that must be alone, and starts once it is over. */
class HostSpawnsTest {

  @Test
  void aStartWaitsForTheRunThatMustBeAlone() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return HostSpawns.alone(
                    () -> {
                      inside.countDown();
                      release.await();
                      return "done";
                    });
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertTrue(inside.await(10, TimeUnit.SECONDS));
    CompletableFuture<Integer> started =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return HostSpawns.start(new ProcessBuilder("true")).waitFor();
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300);
    assertFalse(started.isDone(), "a process started during a run that must be alone");
    release.countDown();
    assertEquals("done", run.get(10, TimeUnit.SECONDS));
    assertEquals(0, started.get(10, TimeUnit.SECONDS));
  }
}
