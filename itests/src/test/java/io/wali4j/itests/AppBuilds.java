package io.wali4j.itests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The toolchain's app builds, as the differential tests of lua, sqlite3, bash and memcached use
 * them: {@code toolchain/apps/build-*.sh} (each rebuilds only what changed) and where they leave
 * the modules and native programs.
 */
final class AppBuilds {

  private static final long BUILD_TIMEOUT_MINUTES = 30;

  private AppBuilds() {}

  /**
   * Runs a toolchain script ({@code apps/build-lua.sh}, ...) and fails the test unless it succeeds.
   */
  static void run(String relative, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of("bash", toolchainDir().resolve(relative).toString()));
    cmd.addAll(List.of(args));
    command(cmd);
  }

  /** Runs {@code cmd} and fails the test unless it exits 0 within the build timeout. */
  static void command(List<String> cmd) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    boolean finished = process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    assertTrue(finished, cmd + " did not finish:\n" + output);
    assertEquals(0, process.exitValue(), cmd + " failed:\n" + output);
  }

  /** {@code $WALI_BUILD_DIR/apps}: the WALI modules, and the native builds under native/. */
  static Path appsDir() {
    String dir = System.getenv("WALI_BUILD_DIR");
    return (dir == null ? toolchainDir().resolve("build") : Path.of(dir)).resolve("apps");
  }

  static Path toolchainDir() {
    Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    return base.getParent().resolve("toolchain");
  }
}
