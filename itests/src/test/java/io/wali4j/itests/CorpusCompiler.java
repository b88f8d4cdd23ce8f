package io.wali4j.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles corpus programs with one compiler command into one output directory, skipping a program
 * whose output is newer than its source and every other input (the shared header, the compiler
 * driver, the libc), so that repeated test runs only rebuild what changed.
 */
final class CorpusCompiler {

  private static final long TIMEOUT_SECONDS = 300;

  private final List<String> command;
  private final String suffix;
  private final Path outDir;
  private final List<Path> sharedInputs;

  /**
   * @param command the compiler and its flags; {@code -o OUT SOURCE} are appended
   * @param suffix appended to the program's name to name its output (e.g. {@code .wasm})
   * @param sharedInputs files every output depends on besides its source (missing ones are ignored)
   */
  CorpusCompiler(List<String> command, String suffix, Path outDir, List<Path> sharedInputs)
      throws IOException {
    this.command = List.copyOf(command);
    this.suffix = suffix;
    this.outDir = Files.createDirectories(outDir);
    this.sharedInputs = List.copyOf(sharedInputs);
  }

  /** Builds {@code source} unless its output is up to date; returns the output. */
  Path build(Path source) throws IOException, InterruptedException {
    String name = CorpusFiles.name(source);
    Path output = outDir.resolve(name + suffix);
    if (upToDate(output, source)) {
      return output;
    }
    // Write under a temporary name and move it into place, so an interrupted build never leaves
    // an output that looks up to date.
    Path partial = outDir.resolve(name + suffix + ".partial");
    Path log = outDir.resolve(name + suffix + ".build.log");
    List<String> cmd = new ArrayList<>(command);
    cmd.add("-o");
    cmd.add(partial.toString());
    cmd.add(source.toString());
    Process cc =
        HostSpawns.start(
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())));
    if (!cc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      cc.destroyForcibly();
      throw new IOException(command.get(0) + " timed out on " + source);
    }
    if (cc.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd) + " failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    return Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
  }

  private boolean upToDate(Path output, Path source) throws IOException {
    if (!Files.isRegularFile(output)) {
      return false;
    }
    FileTime built = Files.getLastModifiedTime(output);
    if (Files.getLastModifiedTime(source).compareTo(built) >= 0) {
      return false;
    }
    for (Path input : sharedInputs) {
      if (Files.exists(input) && Files.getLastModifiedTime(input).compareTo(built) >= 0) {
        return false;
      }
    }
    return true;
  }
}
