package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test of the C corpus (issue 4, item 5): every program of {@code
 * toolchain/tests/c} is built natively with gcc and for WALI with {@code wali-cc} (same flags),
 * both builds run in a fresh directory with a fresh, empty {@code TMPDIR}, and the WALI run (inside
 * this JVM, through the embedding API) must exit with the same status, print the same stdout and
 * leave {@code TMPDIR} empty.
 *
 * <p>Programs that need what wali4j does not provide yet are listed with a reason in {@code
 * wali-corpus-expectations.txt}; they are reported as skipped while they differ, and fail as soon
 * as they match, so that the list only shrinks. The binaries are kept in {@code target/wali-corpus}
 * and rebuilt only when an input changed. A per-area summary goes to stdout and to {@code
 * target/wali-corpus/summary.txt}.
 */
class WaliCorpusTest {

  static final String EXPECTATIONS = "/wali-corpus-expectations.txt";
  static final String BUILD_DIR_PROPERTY = "wali.corpus.build";

  static final List<String> CFLAGS = List.of("-O2", "-Wall", "-Werror", "-pthread");
  private static final long NATIVE_TIMEOUT_SECONDS = 10;
  private static final long WALI_TIMEOUT_SECONDS = 60;

  /** area -> program -> whether it matched native (only programs whose comparison completed). */
  private static final Map<String, Map<String, Boolean>> RESULTS = new TreeMap<>();

  @TempDir static Path work;

  @Test
  void everyExpectedDifferenceNamesACorpusProgram() throws IOException {
    Set<String> programs =
        CorpusFiles.programs(CorpusFiles.directory()).stream()
            .map(CorpusFiles::name)
            .collect(Collectors.toSet());
    Set<String> unknown = new TreeSet<>(CorpusExpectations.load(EXPECTATIONS).all().keySet());
    unknown.removeAll(programs);
    assertEquals(Set.of(), unknown, "listed in " + EXPECTATIONS + " but not in the corpus");
  }

  @TestFactory
  Stream<DynamicTest> sameStatusAndStdoutAsNative() throws IOException {
    Path corpus = CorpusFiles.directory();
    List<Path> programs = CorpusFiles.selected(corpus);
    CorpusExpectations expected = CorpusExpectations.load(EXPECTATIONS);
    Path buildDir = buildDir();
    Path header = corpus.resolve("wali_test.h");
    Path waliCc = corpus.getParent().getParent().resolve("bin").resolve("wali-cc");
    CorpusCompiler gcc =
        new CorpusCompiler(
            concat(List.of("gcc"), CFLAGS), "", buildDir.resolve("native"), List.of(header));
    CorpusCompiler wali =
        new CorpusCompiler(
            concat(List.of(waliCc.toString()), CFLAGS),
            ".wasm",
            buildDir.resolve("wasm"),
            List.of(header, waliCc, sysrootLibc(corpus)));

    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "wali-corpus");
              t.setDaemon(true);
              return t;
            });
    // wali-cc builds the sysroot on first use: the first WALI build runs alone so that parallel
    // builds do not race to create it.
    CountDownLatch firstWaliBuild = new CountDownLatch(1);
    List<Future<CorpusComparison>> comparisons = new ArrayList<>();
    try {
      for (int i = 0; i < programs.size(); i++) {
        Path source = programs.get(i);
        boolean first = i == 0;
        comparisons.add(pool.submit(() -> compare(source, gcc, wali, firstWaliBuild, first)));
      }
    } finally {
      pool.shutdown();
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < programs.size(); i++) {
      String name = CorpusFiles.name(programs.get(i));
      Future<CorpusComparison> comparison = comparisons.get(i);
      tests.add(
          DynamicTest.dynamicTest(
              name,
              programs.get(i).toUri(),
              () -> check(name, await(comparison), expected.reason(name))));
    }
    return tests.stream();
  }

  @AfterAll
  static void printSummary() throws IOException {
    if (RESULTS.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder("wali4j C corpus, programs matching native per area:\n");
    int matched = 0;
    int total = 0;
    synchronized (RESULTS) {
      for (Map.Entry<String, Map<String, Boolean>> area : RESULTS.entrySet()) {
        long ok = area.getValue().values().stream().filter(b -> b).count();
        sb.append(String.format("  %-6s %3d / %3d%n", area.getKey(), ok, area.getValue().size()));
        matched += (int) ok;
        total += area.getValue().size();
      }
    }
    sb.append(String.format("  %-6s %3d / %3d%n", "all", matched, total));
    System.out.print(sb);
    Files.writeString(buildDir().resolve("summary.txt"), sb, StandardCharsets.UTF_8);
  }

  /**
   * Builds both binaries and runs both; the first program's task builds its WALI binary before any
   * other task may start one.
   */
  private static CorpusComparison compare(
      Path source,
      CorpusCompiler gcc,
      CorpusCompiler wali,
      CountDownLatch firstWaliBuild,
      boolean first)
      throws IOException, InterruptedException {
    String name = CorpusFiles.name(source);
    Path wasm = null;
    String waliBuildError = null;
    try {
      if (!first) {
        firstWaliBuild.await();
      }
      wasm = wali.build(source);
    } catch (IOException e) {
      waliBuildError = e.getMessage();
    } finally {
      if (first) {
        firstWaliBuild.countDown();
      }
    }
    Path binary = gcc.build(source);
    Path dir = Files.createDirectories(work.resolve(name));
    NativeRun nativeRun =
        NativeRun.run(binary, Files.createDirectory(dir.resolve("native")), NATIVE_TIMEOUT_SECONDS);
    if (wasm == null) {
      return CorpusComparison.waliBuildFailed(nativeRun, waliBuildError);
    }
    WaliRun waliRun =
        WaliRun.run(wasm, Files.createDirectory(dir.resolve("wali")), WALI_TIMEOUT_SECONDS);
    CorpusComparison comparison = CorpusComparison.of(nativeRun, waliRun);
    if (comparison.difference() == null) {
      return comparison;
    }
    // Confirmed by a run during which these tests start no host process (HostSpawns).
    Path again = Files.createDirectory(dir.resolve("wali-alone"));
    Path module = wasm;
    WaliRun alone = HostSpawns.alone(() -> WaliRun.run(module, again, WALI_TIMEOUT_SECONDS));
    CorpusComparison confirmed = CorpusComparison.of(nativeRun, alone);
    if (confirmed.difference() == null) {
      System.err.println(
          name
              + ": differed while the tests started host processes, matched when run alone: "
              + comparison.difference().lines().findFirst().orElse(""));
    }
    return confirmed;
  }

  private static void check(String name, CorpusComparison comparison, String expectedReason) {
    // The native build is the reference: if it does not pass, there is nothing to compare with.
    comparison.nativeRun().assertPassed();
    String difference = comparison.difference();
    String area = name.substring(0, Math.max(0, name.indexOf('_')));
    synchronized (RESULTS) {
      RESULTS.computeIfAbsent(area, a -> new TreeMap<>()).put(name, difference == null);
    }
    if (expectedReason == null) {
      if (difference != null) {
        fail(name + " differs from native: " + difference);
      }
    } else if (difference == null) {
      fail(
          name
              + " now matches native: remove it from "
              + EXPECTATIONS.substring(1)
              + " (listed as: "
              + expectedReason
              + ")");
    } else {
      Assumptions.abort(
          "expected to differ (" + expectedReason + "): " + difference.lines().findFirst().get());
    }
  }

  private static CorpusComparison await(Future<CorpusComparison> comparison)
      throws InterruptedException {
    try {
      return comparison.get();
    } catch (ExecutionException e) {
      return fail(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Where the binaries are kept between runs: {@code target/wali-corpus} of this module. */
  static Path buildDir() throws IOException {
    String configured = System.getProperty(BUILD_DIR_PROPERTY);
    Path dir = configured != null ? Path.of(configured) : Path.of("target", "wali-corpus");
    return Files.createDirectories(dir.toAbsolutePath());
  }

  /** The libc every WALI binary links: a rebuilt sysroot means every binary is stale. */
  static Path sysrootLibc(Path corpus) {
    String sysroot = System.getenv("WALI_SYSROOT");
    if (sysroot == null) {
      String buildDir = System.getenv("WALI_BUILD_DIR");
      Path toolchain = corpus.getParent().getParent();
      sysroot =
          (buildDir != null ? Path.of(buildDir) : toolchain.resolve("build"))
              .resolve("sysroot")
              .toString();
    }
    return Path.of(sysroot, "lib", "libc.a");
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
