package io.wali4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.ProcessControl;
import io.wali4j.core.Wali;
import io.wali4j.core.testing.Wat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedder signals a running process through {@link ProcessControl} as kill(2) from outside
 * would: default actions end it (in a loop without syscalls too), handlers run, a signal sent
 * before the start waits for it. Without delivery these programs spin for ever (the run times out).
 */
class ProcessControlTest {

  private static final Duration LIMIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  /**
   * Writes "ready" to stdout, then spins without syscalls until a SIGUSR1 handler (installed first)
   * has stored its signal number at 500; exits with it.
   */
  private static final byte[] SPIN =
      Wat.compile(
          "(module\n"
              + WaliModules.IMPORTS
              + """
              (import "wali" "SYS_rt_sigaction"
                (func $sigaction (param i32 i32 i32 i32) (result i64)))
              (memory (export "memory") 2 64 shared)
              """
              + WaliModules.HELPERS
              + WaliModules.cstrings(600, "ready")
              + """
              (table 4 funcref)
              (elem (i32.const 2) $on_signal)
              (func $on_signal (param $sig i32) (i32.store (i32.const 500) (local.get $sig)))
              (func (export "_start")
                (i32.store (i32.const 1000) (i32.const 2))
                (drop (call $must (call $sigaction (i32.const 10) (i32.const 1000) (i32.const 0)
                  (i32.const 8))))
                (drop (call $must (call $write (i32.const 1) (i32.const 600) (i32.const 5))))
                (loop $spin (br_if $spin (i32.eqz (i32.load (i32.const 500)))))
                (call $exit (i32.load (i32.const 500)))))
              """);

  private ExitStatus runSignalledOnceReady(ProcessControl control, int sig) throws Exception {
    Path out = dir.resolve("out");
    int fd = WaliModules.hostFdForWriting(out);
    try {
      CompletableFuture<ExitStatus> run =
          CompletableFuture.supplyAsync(
              () ->
                  Wali.process(SPIN)
                      .argv(List.of("app.wasm"))
                      .env(Map.of())
                      .cwd(dir)
                      .stdio(0, fd, 2)
                      .control(control)
                      .run());
      return assertTimeoutPreemptively(
          LIMIT,
          () -> {
            while (Files.size(out) < 5 && !run.isDone()) {
              Thread.sleep(5);
            }
            control.signal(sig);
            return run.join();
          });
    } finally {
      WaliModules.closeHostFd(fd);
    }
  }

  @Test
  void sigtermsDefaultActionEndsALoopWithoutSyscalls() throws Exception {
    assertEquals(ExitStatus.signaled(15), runSignalledOnceReady(new ProcessControl(), 15));
  }

  @Test
  void aHandledSignalRunsTheProgramsHandler() throws Exception {
    assertEquals(ExitStatus.exited(10), runSignalledOnceReady(new ProcessControl(), 10));
  }

  @Test
  void aSignalSentBeforeTheStartIsDeliveredOnceItStarts() {
    ProcessControl control = new ProcessControl();
    control.signal(9);
    int fd = WaliModules.hostFdForWriting(dir.resolve("out"));
    try {
      ExitStatus s =
          assertTimeoutPreemptively(
              LIMIT,
              () ->
                  Wali.process(SPIN).env(Map.of()).cwd(dir).stdio(0, fd, 2).control(control).run());
      assertEquals(ExitStatus.signaled(9), s);
    } finally {
      WaliModules.closeHostFd(fd);
    }
  }

  @Test
  void aControlServesOneRunAndSignalsAfterItsEndGoNowhere() throws Exception {
    ProcessControl control = new ProcessControl();
    assertEquals(ExitStatus.signaled(15), runSignalledOnceReady(control, 15));
    control.signal(15);
    IllegalStateException again =
        assertThrows(
            IllegalStateException.class,
            () -> Wali.process(SPIN).env(Map.of()).cwd(dir).control(control).run());
    assertEquals("a ProcessControl controls one process", again.getMessage());
  }

  @Test
  void onlySignalNumbersAreSent() {
    ProcessControl control = new ProcessControl();
    assertThrows(IllegalArgumentException.class, () -> control.signal(0));
    assertThrows(IllegalArgumentException.class, () -> control.signal(65));
  }
}
