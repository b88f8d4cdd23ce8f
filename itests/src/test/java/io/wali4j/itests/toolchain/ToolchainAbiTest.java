package io.wali4j.itests.toolchain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the WALI toolchain's ABI proof, {@code toolchain/tests/abi/run.sh}: struct layouts and type
 * sizes asserted from wali-abi.md sections C and D, every {@code wali.*} import of the modules the
 * toolchain builds checked against sections A and B, and the header constants compared with x86_64
 * Linux. The script builds the sysroot first when it is missing (a few minutes, once). Lua 5.4,
 * sqlite3, bash and memcached (with libevent) are built from Debian's pristine sources first, so
 * the proof covers real software and later tests find them as fixtures.
 */
class ToolchainAbiTest {

  private static final long TIMEOUT_MINUTES = 30;

  @Test
  void toolchainProducesModulesWithTheWaliAbi() throws IOException, InterruptedException {
    run("apps/build-lua.sh");
    run("apps/build-sqlite.sh");
    run("apps/build-bash.sh");
    run("apps/build-memcached.sh");
    String output = run("tests/abi/run.sh");
    assertTrue(output.contains("abi: 0 failure(s)"), "no summary line:\n" + output);
    assertTrue(
        output.matches("(?s).*ok +\\S*/apps/lua\\.wasm: \\d+ imports checked.*"),
        "lua.wasm was not checked:\n" + output);
    assertTrue(
        output.matches("(?s).*ok +\\S*/apps/sqlite3\\.wasm: \\d+ imports checked.*"),
        "sqlite3.wasm was not checked:\n" + output);
    assertTrue(
        output.matches("(?s).*ok +\\S*/apps/bash\\.wasm: \\d+ imports checked.*"),
        "bash.wasm was not checked:\n" + output);
    assertTrue(
        output.matches("(?s).*ok +\\S*/apps/memcached\\.wasm: \\d+ imports checked.*"),
        "memcached.wasm was not checked:\n" + output);
  }

  private static String run(String relative) throws IOException, InterruptedException {
    Path script = toolchainDir().resolve(relative);
    assertTrue(Files.isRegularFile(script), "missing " + script);

    Process process =
        new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    System.out.println(output);

    assertTrue(
        finished, relative + " did not finish in " + TIMEOUT_MINUTES + " minutes:\n" + output);
    assertEquals(0, process.exitValue(), relative + " failed:\n" + output);
    return output;
  }

  private static Path toolchainDir() {
    Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    return base.getParent().resolve("toolchain");
  }
}
