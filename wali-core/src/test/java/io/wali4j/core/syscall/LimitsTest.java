package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.HOST;
import static io.wali4j.core.syscall.WaliModules.module;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Limits;
import io.wali4j.core.TrapSignals;
import io.wali4j.core.Wali;
import io.wali4j.core.WaliRuntime;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resource limits of a WALI process ({@link Limits}): each one stops a hostile or runaway program
 * with an error it can see (-1 from memory.grow, ENOMEM, EMFILE, a trap) and leaves the JVM as it
 * was.
 */
class LimitsTest {

  @TempDir Path dir;

  private ExitStatus run(byte[] module, Limits limits) {
    return Wali.process(module)
        .argv(List.of("app.wasm"))
        .env(Map.of())
        .cwd(dir)
        .limits(limits)
        .run();
  }

  /** Grows memory a page at a time until memory.grow fails; exits with the pages reached. */
  private static final String GROW_UNTIL_REFUSED =
      """
      (block $done (loop $more
        (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
      (call $exit (memory.size))
      """;

  @Test
  void memoryGrowsToTheModuleMaximumAndNoFurther() {
    // The module declares 2..64 pages.
    assertEquals(ExitStatus.exited(64), run(module("", GROW_UNTIL_REFUSED), Limits.DEFAULT));
  }

  @Test
  void memoryGrowStopsAtTheLimitBelowTheModuleMaximum() {
    Limits tenPages = Limits.DEFAULT.withMemoryBytes(10 * 65536);
    assertEquals(ExitStatus.exited(10), run(module("", GROW_UNTIL_REFUSED), tenPages));
  }

  @Test
  void mmapPastTheMemoryLimitFailsWithEnomem() {
    byte[] m =
        module(
            "",
            """
            (call $errno (call $mmap (i32.const 0) (i32.const 1048576) (i32.const 3)
              (i32.const 0x22) (i32.const -1) (i64.const 0)))
            """);
    assertEquals(ExitStatus.exited(12), run(m, Limits.DEFAULT.withMemoryPages(8)));
  }

  @Test
  void aModuleWhoseMinimumMemoryIsOverTheLimitIsRefusedBeforeItRuns() {
    WasmException e =
        assertThrows(
            WasmException.class,
            () -> run(module("", "(call $exit (i32.const 0))"), Limits.DEFAULT.withMemoryPages(1)));
    assertEquals(Failure.MEMORY_LIMIT, e.failure());
    assertTrue(e.getMessage().contains("2 pages, limit 1"), e.getMessage());
  }

  /** dup(1) until it fails; exits with 0 after {@code n} successes, else with the errno. */
  private static byte[] dupLoop(int n) {
    return module(
        "",
        """
        (local $i i32) (local $r i64)
        (block $done (loop $more
          (br_if $done (i32.ge_u (local.get $i) (i32.const %d)))
          (local.set $r (call $dup (i32.const 1)))
          (if (i64.lt_s (local.get $r) (i64.const 0))
            (then (call $exit (i32.add (i32.const 100) (i32.wrap_i64 (i64.sub (i64.const 0) (local.get $r)))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $more)))
        ;; every fd is open: close them all (fds 3 .. n + 2)
        (local.set $i (i32.const 3))
        (block $closed (loop $close
          (br_if $closed (i32.ge_u (local.get $i) (i32.const %d)))
          (drop (call $must (call $close (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $close)))
        (call $exit (i32.const 0))
        """
            .formatted(n, n + 3));
  }

  @Test
  void tenThousandDescriptorsOpenAndClose() {
    assertEquals(ExitStatus.exited(0), run(dupLoop(10_000), Limits.DEFAULT));
  }

  @Test
  void theOpenFilesLimitEndsDupWithEmfile() {
    // fds 0..99: 0, 1, 2 and 97 dups; the 98th dup is EMFILE (24).
    assertEquals(ExitStatus.exited(0), run(dupLoop(97), Limits.DEFAULT.withOpenFiles(100)));
    assertEquals(ExitStatus.exited(124), run(dupLoop(98), Limits.DEFAULT.withOpenFiles(100)));
  }

  private static final String RECURSE =
      """
      (func $down (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))
      """;

  @Test
  void deepRecursionWithinTheStackRunsAndPastItTrapsAsSigsegv() {
    byte[] deep =
        module(RECURSE, "(call $exit (i32.and (call $down (i32.const 100000)) (i32.const 255)))");
    // 100000 & 255 = 160
    assertEquals(ExitStatus.exited(160), run(deep, Limits.DEFAULT));
    assertEquals(
        ExitStatus.signaled(TrapSignals.SIGSEGV),
        run(deep, Limits.DEFAULT.withStackBytes(64 * 1024)));
    byte[] endless =
        module(RECURSE, "(drop (call $down (i32.const -1))) (call $exit (i32.const 0))");
    assertEquals(ExitStatus.signaled(TrapSignals.SIGSEGV), run(endless, Limits.DEFAULT));
  }

  @Test
  void fuelEndsAnEndlessLoopAsSigxcpu() {
    byte[] spin = module("", "(loop (br 0))");
    assertEquals(
        ExitStatus.signaled(TrapSignals.SIGXCPU), run(spin, Limits.DEFAULT.withFuel(1_000_000)));
  }

  @Test
  void aHugeTableIsRefusedWithAClearErrorAndTableGrowStopsAtTheLimit() {
    WasmException e =
        assertThrows(
            WasmException.class,
            () ->
                run(
                    module("(table 20000000 funcref)", "(call $exit (i32.const 0))"),
                    Limits.DEFAULT));
    assertEquals(Failure.TABLE_LIMIT, e.failure());
    byte[] grow =
        module(
            "(table $t 10 funcref)",
            """
            (if (i32.ne (table.grow $t (ref.null func) (i32.const 2000)) (i32.const -1))
              (then (call $exit (i32.const 1))))
            (if (i32.ne (table.grow $t (ref.null func) (i32.const 990)) (i32.const 10))
              (then (call $exit (i32.const 2))))
            (if (i32.ne (table.grow $t (ref.null func) (i32.const 1)) (i32.const -1))
              (then (call $exit (i32.const 3))))
            (call $exit (i32.div_u (table.size $t) (i32.const 10)))
            """);
    assertEquals(ExitStatus.exited(100), run(grow, Limits.DEFAULT.withTableElements(1000)));
  }

  @Test
  void aRuntimeStartsNoMoreProcessesThanItsLimitAndFreesTheSlotAtExit() throws Exception {
    WaliRuntime runtime = new WaliRuntime(HOST.trap());
    runtime.bindBackend(HOST.backend());
    runtime.limits(Limits.DEFAULT.withProcesses(1));
    int[] pipe = runtime.pipe();
    // The first process blocks reading its stdin (the pipe) until the test writes to it.
    byte[] reader =
        module(
            "",
            "(call $exit (i32.wrap_i64 (call $must (call $read (i32.const 0) (i32.const 0) (i32.const 1)))))");
    CompletableFuture<ExitStatus> first =
        CompletableFuture.supplyAsync(
            () ->
                runtime
                    .process(reader)
                    .argv(List.of("a"))
                    .env(Map.of())
                    .cwd(dir)
                    .stdio(pipe[0], 1, 2)
                    .run());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (runtime.liveProcesses() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, runtime.liveProcesses());
    byte[] quick = module("", "(call $exit (i32.const 7))");
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> runtime.process(quick).argv(List.of("b")).env(Map.of()).cwd(dir).run());
    assertTrue(refused.getMessage().contains("process limit"), refused.getMessage());
    long buf = io.wali4j.core.kernel.NativeAccess.U.allocateMemory(1);
    try {
      HOST.trap().syscall3(HOST.nr().write, pipe[1], buf, 1);
    } finally {
      io.wali4j.core.kernel.NativeAccess.U.freeMemory(buf);
    }
    assertEquals(ExitStatus.exited(1), first.get(20, TimeUnit.SECONDS));
    assertEquals(0, runtime.liveProcesses());
    assertEquals(
        ExitStatus.exited(7),
        runtime.process(quick).argv(List.of("b")).env(Map.of()).cwd(dir).run());
    runtime.close(pipe[0]);
    runtime.close(pipe[1]);
  }

  @Test
  void mallocReturnsNullAtTheMemoryLimitAndTheProgramGoesOn() throws Exception {
    Path wasm = dir.resolve("malloc.wasm");
    Path root = Path.of("").toAbsolutePath().getParent();
    Path waliCc = root.resolve("toolchain/bin/wali-cc");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(waliCc));
    Process cc =
        new ProcessBuilder(
                waliCc.toString(),
                "-O2",
                root.resolve("wali-core/src/test/resources/c/load/malloc_until_null.c").toString(),
                "-o",
                wasm.toString())
            .inheritIO()
            .start();
    assertEquals(0, cc.waitFor());
    Path out = dir.resolve("out");
    int fd = WaliModules.hostFdForWriting(out);
    ExitStatus status;
    try {
      status =
          Wali.process(java.nio.file.Files.readAllBytes(wasm))
              .argv(List.of("malloc"))
              .env(Map.of())
              .cwd(dir)
              .stdio(0, fd, 2)
              .limits(Limits.DEFAULT.withMemoryBytes(16 << 20))
              .run();
    } finally {
      WaliModules.closeHostFd(fd);
    }
    assertEquals(ExitStatus.exited(0), status);
    String printed = java.nio.file.Files.readString(out).strip();
    int blocks = Integer.parseInt(printed.split(" ")[0]);
    // 16 MiB of memory holds fewer than 16 blocks of 1 MiB (code, data, stack and heap overhead).
    assertTrue(blocks >= 8 && blocks < 16, printed);
  }

  @Test
  void limitsRejectValuesOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULT.withMemoryPages(65537));
    assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULT.withProcesses(0));
    assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULT.withFuel(-1));
    assertTrue(Limits.DEFAULT.withFuel(10).metered());
    assertTrue(!Limits.DEFAULT.metered());
  }
}
