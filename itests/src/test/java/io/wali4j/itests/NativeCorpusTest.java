package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that every program of the C test corpus ({@code toolchain/tests/c}) passes when built
 * natively with gcc: it must compile with {@code -O2 -Wall -Werror -pthread}, exit with status 0,
 * print the same stdout on two runs (the later WALI differential tests compare stdout with this
 * native build), end its output with {@code PASS}, and leave nothing behind in its {@code TMPDIR}.
 */
class NativeCorpusTest {

  private static final List<String> CFLAGS = List.of("-O2", "-Wall", "-Werror", "-pthread");
  private static final long RUN_TIMEOUT_SECONDS = 10;
  private static final long BUILD_TIMEOUT_SECONDS = 120;
  private static final int MINIMUM_PROGRAMS = 60;

  @TempDir static Path work;

  @Test
  void corpusHasAtLeastSixtyPrograms() throws IOException {
    List<Path> programs = CorpusFiles.programs(CorpusFiles.directory());
    assertTrue(
        programs.size() >= MINIMUM_PROGRAMS,
        "expected at least " + MINIMUM_PROGRAMS + " programs, found " + programs.size());
  }

  @TestFactory
  Stream<DynamicTest> everyProgramPassesNatively() throws IOException {
    List<Path> programs = CorpusFiles.selected(CorpusFiles.directory());
    Path binDir = Files.createDirectories(work.resolve("bin"));
    // Compile everything in parallel up front; each dynamic test waits for its own build, so a
    // compile error is reported against the program that has it.
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    Map<Path, Future<Path>> builds;
    try {
      builds =
          programs.stream()
              .collect(Collectors.toMap(p -> p, p -> pool.submit(() -> build(p, binDir))));
    } finally {
      pool.shutdown();
    }
    return programs.stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    CorpusFiles.name(p), p.toUri(), () -> runTwice(awaitBuild(builds.get(p)))));
  }

  private static Path awaitBuild(Future<Path> build) throws InterruptedException {
    try {
      return build.get(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return fail(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      return fail("build timed out", e);
    }
  }

  private static Path build(Path source, Path binDir) throws IOException, InterruptedException {
    Path binary = binDir.resolve(CorpusFiles.name(source));
    List<String> cmd = new ArrayList<>();
    cmd.add("gcc");
    cmd.addAll(CFLAGS);
    cmd.add("-o");
    cmd.add(binary.toString());
    cmd.add(source.toString());
    Path log = binDir.resolve(CorpusFiles.name(source) + ".build.log");
    Process gcc =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!gcc.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      gcc.destroyForcibly();
      throw new IOException("gcc timed out on " + source);
    }
    if (gcc.exitValue() != 0) {
      throw new IOException(
          "gcc failed on " + source + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return binary;
  }

  private static void runTwice(Path binary) throws IOException, InterruptedException {
    NativeRun first = NativeRun.run(binary, work, RUN_TIMEOUT_SECONDS);
    first.assertPassed();
    NativeRun second = NativeRun.run(binary, work, RUN_TIMEOUT_SECONDS);
    second.assertPassed();
    assertEquals(first.stdout(), second.stdout(), binary.getFileName() + ": stdout differs");
  }
}
