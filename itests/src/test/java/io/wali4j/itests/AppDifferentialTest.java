package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests of real applications: Lua 5.4 and the sqlite3 shell, built from the same
 * Debian sources with wali-cc ({@code toolchain/apps/build-lua.sh}, {@code build-sqlite.sh}) and
 * with gcc ({@code build-native.sh}), run the scripts under {@code src/test/resources/apps}: each
 * Lua script as {@code lua SCRIPT}, each SQL script as the standard input of {@code sqlite3
 * test.db}. Both runs start in a fresh directory holding only the script, with the same argv[0] and
 * environment, and must give the same exit status, stdout, stderr and files left behind. The builds
 * are cached in the toolchain's build directory, so only the first run compiles.
 */
class AppDifferentialTest {

  private static final long RUN_TIMEOUT_SECONDS = 120;

  /** The environment of both runs: small, fixed, and with a variable the scripts read. */
  private static final Map<String, String> ENV =
      Map.of(
          "PATH", "/usr/bin:/bin",
          "HOME", "/home/wali-app",
          "LANG", "C",
          "TZ", "UTC",
          "WALI_APP_GREETING", "hello from the environment");

  @TempDir static Path work;

  private static Path apps;

  @BeforeAll
  static void buildBothWays() throws IOException, InterruptedException {
    AppBuilds.run("apps/build-lua.sh");
    AppBuilds.run("apps/build-sqlite.sh");
    AppBuilds.run("apps/build-native.sh", "lua", "sqlite3");
    apps = AppBuilds.appsDir();
  }

  @TestFactory
  Stream<DynamicTest> luaScriptsBehaveAsNative() throws IOException, URISyntaxException {
    return scripts("lua", ".lua")
        .map(
            script ->
                DynamicTest.dynamicTest(
                    script.getFileName().toString(),
                    () ->
                        compare(
                            script,
                            "lua",
                            List.of(script.getFileName().toString()),
                            null,
                            apps.resolve("lua.wasm"),
                            apps.resolve("native/lua"))));
  }

  @TestFactory
  Stream<DynamicTest> sqlScriptsBehaveAsNative() throws IOException, URISyntaxException {
    return scripts("sql", ".sql")
        .map(
            script ->
                DynamicTest.dynamicTest(
                    script.getFileName().toString(),
                    () ->
                        compare(
                            script,
                            "sqlite3",
                            List.of("test.db"),
                            script,
                            apps.resolve("sqlite3.wasm"),
                            apps.resolve("native/sqlite3"))));
  }

  private static Stream<Path> scripts(String kind, String suffix)
      throws IOException, URISyntaxException {
    Path dir = Path.of(AppDifferentialTest.class.getResource("/apps/" + kind).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> list =
          files
              .filter(p -> p.getFileName().toString().endsWith(suffix))
              .sorted()
              .collect(Collectors.toList());
      assertTrue(list.size() >= 5, "too few " + kind + " scripts in " + dir);
      return list.stream();
    }
  }

  /**
   * Runs {@code script} both ways; {@code stdin} is the script for sqlite3, /dev/null for lua (the
   * script itself is copied into the working directory either way).
   */
  private static void compare(
      Path script, String argv0, List<String> args, Path stdin, Path wasm, Path exe)
      throws IOException, InterruptedException {
    String name = script.getFileName().toString();
    Path input = stdin == null ? Path.of("/dev/null") : stdin;
    Path nativeDir = fresh(name + "-native", script);
    Path waliDir = fresh(name + "-wali", script);
    AppRun expected =
        AppRun.nativeRun(exe, argv0, args, input, nativeDir, ENV, RUN_TIMEOUT_SECONDS);
    AppRun actual = AppRun.waliRun(wasm, argv0, args, input, waliDir, ENV, RUN_TIMEOUT_SECONDS);
    String context = "\n--- wali4j diagnostics:\n" + actual.diagnostics();
    assertTrue(expected.status().startsWith("exit "), name + " native: " + expected.status());
    assertTrue(
        !expected.stdout().isEmpty(), name + " prints nothing natively: a vacuous comparison");
    assertEquals(expected.stdout(), actual.stdout(), name + ": stdout" + context);
    assertEquals(expected.stderr(), actual.stderr(), name + ": stderr" + context);
    assertEquals(expected.status(), actual.status(), name + ": exit status" + context);
    assertEquals(expected.files(), actual.files(), name + ": files left in the directory");
  }

  private static Path fresh(String name, Path script) throws IOException {
    Path dir = Files.createDirectories(work.resolve(name).resolve("cwd"));
    Files.copy(script, dir.resolve(script.getFileName()));
    return dir;
  }
}
