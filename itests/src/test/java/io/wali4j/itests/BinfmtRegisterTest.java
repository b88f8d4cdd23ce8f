package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wali4j.itests.osgi.WaliPrograms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/binfmt-register.sh: once registered, a Wasm file runs as a command through ./wali. Needs
 * a writable /proc/sys/fs/binfmt_misc/register (root, binfmt_misc mounted, not a container that
 * shares the host's); elsewhere the test is reported skipped with that reason.
 */
class BinfmtRegisterTest {

  private static final Path BINFMT = Path.of("/proc/sys/fs/binfmt_misc");

  @TempDir Path tmp;

  @Test
  void aRegisteredWasmFileRunsAsACommand() throws IOException, InterruptedException {
    assumeTrue(
        Files.isWritable(BINFMT.resolve("register")),
        BINFMT.resolve("register")
            + " is not writable here (binfmt_misc not mounted, or not root)");
    Path root = Path.of(System.getProperty("wali.root")).toAbsolutePath().normalize();
    Path script = root.resolve("scripts/binfmt-register.sh");
    WaliPrograms.buildAll();
    Path program = tmp.resolve("hello.wasm");
    Files.copy(Path.of(WaliPrograms.path("hello")), program);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    String name = "wali-test-" + ProcessHandle.current().pid();

    Result registered = run(script.toString(), "--name", name);
    assertEquals(0, registered.status, registered.output);
    try {
      String entry = Files.readString(BINFMT.resolve(name));
      assertTrue(entry.contains("magic 0061736d01000000"), entry);
      Result ran = run(program.toString(), "--not-an-option", "two");
      assertEquals(3, ran.status, ran.output);
      assertTrue(
          ran.output.contains("hello from a WALI process: argc=3 argv[1]=--not-an-option"),
          ran.output);
    } finally {
      Result removed = run(script.toString(), "--name", name, "--unregister");
      assertEquals(0, removed.status, removed.output);
    }
    assertFalse(Files.exists(BINFMT.resolve(name)));
  }

  private record Result(int status, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
    return new Result(p.exitValue(), output);
  }
}
