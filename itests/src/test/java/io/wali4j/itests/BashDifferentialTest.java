package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of GNU bash: the same Debian source built with wali-cc ({@code
 * toolchain/apps/build-bash.sh}) and with gcc ({@code build-native.sh bash}) runs each script of
 * {@code src/test/resources/apps/bash} as {@code bash SCRIPT}, in a fresh directory holding the
 * script and {@code bin/wali-echo} (the small program of {@code wali-echo.c}, built with wali-cc
 * for the run under wali4j and with gcc for the native one, so that a script can run a WALI
 * program), with the same argv[0] and environment. Both runs must give the same exit status,
 * stdout, stderr and files left behind.
 *
 * <p>One normalisation: the two runs have different working directories, so the directory's
 * absolute path is replaced by {@code <cwd>} in stdout and stderr (cd_pwd.sh prints it). Nothing
 * else is rewritten: the shell reports errors under the script's name, the same in both runs.
 *
 * <p>Scripts that need what wali4j does not provide yet (fork, exec, signals) are listed with their
 * reason in {@code bash-expectations.txt}: reported as skipped while they differ, and failing as
 * soon as they match, so the list only shrinks.
 */
class BashDifferentialTest {

  static final String EXPECTATIONS = "/apps/bash-expectations.txt";

  private static final long RUN_TIMEOUT_SECONDS = 60;

  /** The environment of both runs: small and fixed. */
  private static final Map<String, String> ENV =
      Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/wali-app", "LANG", "C", "TZ", "UTC");

  @TempDir static Path work;

  private static Path apps;
  private static Path waliEcho;
  private static Path nativeEcho;

  @BeforeAll
  static void buildBothWays() throws IOException, InterruptedException, URISyntaxException {
    AppBuilds.run("apps/build-bash.sh");
    AppBuilds.run("apps/build-native.sh", "bash");
    apps = AppBuilds.appsDir();
    Path source = resources().resolve("wali-echo.c");
    waliEcho = work.resolve("wali-echo.wasm");
    nativeEcho = work.resolve("wali-echo");
    AppBuilds.run("bin/wali-cc", "-O2", source.toString(), "-o", waliEcho.toString());
    AppBuilds.command(List.of("gcc", "-O2", source.toString(), "-o", nativeEcho.toString()));
  }

  @Test
  void everyListedScriptExists() throws IOException, URISyntaxException {
    Set<String> names = scripts().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    Set<String> unknown = new TreeSet<>(CorpusExpectations.load(EXPECTATIONS).all().keySet());
    unknown.removeAll(names);
    assertEquals(Set.of(), unknown, "listed in " + EXPECTATIONS + " but not a script");
  }

  @TestFactory
  Stream<DynamicTest> bashScriptsBehaveAsNative() throws IOException, URISyntaxException {
    CorpusExpectations expected = CorpusExpectations.load(EXPECTATIONS);
    return scripts()
        .map(
            script -> {
              String name = script.getFileName().toString();
              return DynamicTest.dynamicTest(name, () -> check(script, expected.reason(name)));
            });
  }

  private static Stream<Path> scripts() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(resources())) {
      List<Path> list =
          files
              .filter(p -> p.getFileName().toString().endsWith(".sh"))
              .sorted()
              .collect(Collectors.toList());
      assertTrue(list.size() >= 10, "too few bash scripts in " + resources());
      return list.stream();
    }
  }

  private static void check(Path script, String expectedReason)
      throws IOException, InterruptedException {
    String name = script.getFileName().toString();
    Path nativeDir = fresh(name + "-native", script, nativeEcho);
    Path waliDir = fresh(name + "-wali", script, waliEcho);
    List<String> args = List.of(name);
    Path stdin = Path.of("/dev/null");
    AppRun expected =
        AppRun.nativeRun(
            apps.resolve("native/bash"), "bash", args, stdin, nativeDir, ENV, RUN_TIMEOUT_SECONDS);
    AppRun actual =
        AppRun.waliRun(
            apps.resolve("bash.wasm"), "bash", args, stdin, waliDir, ENV, RUN_TIMEOUT_SECONDS);
    assertTrue(expected.status().startsWith("exit "), name + " native: " + expected.status());
    assertTrue(
        !expected.stdout().isEmpty(), name + " prints nothing natively: a vacuous comparison");
    String difference = difference(expected, nativeDir, actual, waliDir);
    if (expectedReason == null) {
      if (difference != null) {
        fail(name + ": " + difference + "\n--- wali4j diagnostics:\n" + actual.diagnostics());
      }
    } else if (difference == null) {
      fail(
          name
              + " now behaves as native: remove it from "
              + EXPECTATIONS.substring(1)
              + " (listed as: "
              + expectedReason
              + ")");
    } else {
      Assumptions.abort(
          "expected to differ (" + expectedReason + "): " + difference.lines().findFirst().get());
    }
  }

  /** The first way the two runs differ, or null when they agree. */
  private static String difference(AppRun expected, Path nativeDir, AppRun actual, Path waliDir) {
    String[][] pairs = {
      {"stdout", normalise(expected.stdout(), nativeDir), normalise(actual.stdout(), waliDir)},
      {"stderr", normalise(expected.stderr(), nativeDir), normalise(actual.stderr(), waliDir)},
      {"exit status", expected.status(), actual.status()},
      {"files left", String.valueOf(expected.files()), String.valueOf(actual.files())},
    };
    for (String[] p : pairs) {
      if (!p[1].equals(p[2])) {
        return p[0] + " differs\n--- native:\n" + p[1] + "\n--- wali4j:\n" + p[2];
      }
    }
    return null;
  }

  private static String normalise(String output, Path cwd) {
    return output.replace(cwd.toString(), "<cwd>");
  }

  /** A directory holding only the script and bin/wali-echo. */
  private static Path fresh(String name, Path script, Path echo) throws IOException {
    Path dir = Files.createDirectories(work.resolve(name).resolve("cwd"));
    Files.copy(script, dir.resolve(script.getFileName()));
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path program = Files.copy(echo, bin.resolve("wali-echo"));
    program.toFile().setExecutable(true);
    return dir;
  }

  private static Path resources() throws URISyntaxException {
    return Path.of(BashDifferentialTest.class.getResource("/apps/bash").toURI());
  }
}
