package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One run of a natively built corpus program: its exit status, stdout and stderr, and whatever it
 * left behind in the private {@code TMPDIR} it was given.
 */
final class NativeRun {

  private final String program;
  private final int exitStatus;
  private final String stdout;
  private final String stderr;
  private final List<String> leftovers;

  private NativeRun(
      String program, int exitStatus, String stdout, String stderr, List<String> leftovers) {
    this.program = program;
    this.exitStatus = exitStatus;
    this.stdout = stdout;
    this.stderr = stderr;
    this.leftovers = leftovers;
  }

  /**
   * Runs {@code binary} (by absolute path, as the programs that re-execute themselves use argv[0])
   * with stdin from /dev/null and a fresh, empty {@code TMPDIR} under {@code work}.
   */
  static NativeRun run(Path binary, Path work, long timeoutSeconds)
      throws IOException, InterruptedException {
    String program = binary.getFileName().toString();
    Path tmp = Files.createTempDirectory(work, program + "-tmp");
    Path out = Files.createTempFile(work, program, ".out");
    Path err = Files.createTempFile(work, program, ".err");
    ProcessBuilder pb =
        new ProcessBuilder(binary.toAbsolutePath().toString())
            .directory(work.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().put("TMPDIR", tmp.toString());
    Process process = HostSpawns.start(pb);
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      fail(program + " did not finish within " + timeoutSeconds + " s");
    }
    List<String> leftovers;
    try (Stream<Path> entries = Files.list(tmp)) {
      leftovers =
          entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
    NativeRun run =
        new NativeRun(
            program,
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8),
            leftovers);
    Files.delete(out);
    Files.delete(err);
    if (leftovers.isEmpty()) {
      Files.delete(tmp);
    }
    return run;
  }

  int exitStatus() {
    return exitStatus;
  }

  String stdout() {
    return stdout;
  }

  String stderr() {
    return stderr;
  }

  List<String> leftovers() {
    return leftovers;
  }

  /** Exit status 0, output that ends with the PASS line, and a clean TMPDIR. */
  void assertPassed() {
    assertEquals(
        0,
        exitStatus,
        () ->
            program + " exited with " + exitStatus + "; stderr:\n" + stderr + "stdout:\n" + stdout);
    assertTrue(stdout.endsWith("PASS\n"), () -> program + " did not end with PASS:\n" + stdout);
    assertTrue(leftovers.isEmpty(), () -> program + " left files in TMPDIR: " + leftovers);
  }
}
