package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Limits;
import io.wali4j.core.WaliRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process and thread limits of a runtime under programs that try to break them, built with
 * wali-cc: a fork bomb stops at {@code --max-processes} (fork fails with EAGAIN, every process is
 * reaped with its status checked, the runtime's slots all come back), and pthread_create fails with
 * EAGAIN at {@code --max-threads} and works again once the threads are joined. Linux has no
 * per-runtime limit to compare with, so the WALI results are asserted directly.
 */
class ProcessLimitsLoadTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path WALI_CC = ROOT.resolve("toolchain/bin/wali-cc");
  private static final Path SOURCES = ROOT.resolve("wali-core/src/test/resources/c/load");

  static final int MAX_PROCESSES = 40;
  static final int MAX_THREADS = 1000;

  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aForkBombStopsAtTheProcessLimitWithEagainAndEveryProcessIsReaped() throws Exception {
    WaliRuntime runtime = runtime(Limits.DEFAULT.withProcesses(MAX_PROCESSES));
    long start = System.nanoTime();
    Result r = run(runtime, compile("fork_bomb"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(ExitStatus.exited(0), r.status, r.out);
    Matcher root =
        Pattern.compile("root's fork failed with EAGAIN after (\\d+) children").matcher(r.out);
    assertTrue(root.find(), r.out);
    int children = Integer.parseInt(root.group(1));
    // The root's own fork failed, so the table was full: at least one child, fewer than the limit.
    assertTrue(children >= 1 && children < MAX_PROCESSES, r.out);
    Matcher all =
        Pattern.compile("(\\d+) processes created in all, every one reaped").matcher(r.out);
    assertTrue(all.find(), r.out);
    // Every slot was taken at the root's failure; a few more may start once the release begins.
    int total = Integer.parseInt(all.group(1));
    assertTrue(total >= MAX_PROCESSES && total <= 1 + children * 40, r.out);
    assertEquals(0, runtime.liveProcesses(), "every slot came back");
    System.out.println(
        "fork bomb: "
            + total
            + " processes at a limit of "
            + MAX_PROCESSES
            + " in "
            + millis
            + " ms");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void pthreadCreateFailsWithEagainAtTheThreadLimitAndWorksAgainAfterTheJoins() throws Exception {
    WaliRuntime runtime = runtime(Limits.DEFAULT.withThreads(MAX_THREADS));
    long start = System.nanoTime();
    Result r = run(runtime, compile("thread_limit"));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(ExitStatus.exited(0), r.status, r.out);
    // The main thread is one of the limit's threads.
    assertEquals(
        "pthread_create failed with EAGAIN after "
            + (MAX_THREADS - 1)
            + " threads\n"
            + MAX_THREADS
            + " threads ran and were joined; a new one starts again\n",
        r.out);
    assertEquals(0, runtime.liveProcesses());
    System.out.println("thread limit: " + MAX_THREADS + " threads in " + millis + " ms");
  }

  private static WaliRuntime runtime(Limits limits) {
    WaliRuntime runtime = new WaliRuntime(HOST.trap());
    runtime.bindBackend(HOST.backend());
    runtime.limits(limits);
    return runtime;
  }

  private record Result(ExitStatus status, String out) {}

  private Result run(WaliRuntime runtime, byte[] wasm) throws IOException {
    Path out = dir.resolve("out");
    int fd = WaliModules.hostFdForWriting(out);
    ExitStatus status;
    try {
      status =
          runtime.process(wasm).argv(List.of("app")).env(Map.of()).cwd(dir).stdio(0, fd, 2).run();
    } finally {
      WaliModules.closeHostFd(fd);
    }
    return new Result(status, Files.readString(out));
  }

  private byte[] compile(String name) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(WALI_CC), "no wali-cc at " + WALI_CC);
    Path wasm = dir.resolve(name + ".wasm");
    Process cc =
        new ProcessBuilder(
                WALI_CC.toString(),
                "-O2",
                SOURCES.resolve(name + ".c").toString(),
                "-o",
                wasm.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, cc.waitFor(), log);
    return Files.readAllBytes(wasm);
  }
}
