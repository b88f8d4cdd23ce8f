package io.wali4j.core.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the directory of .wast files: the system property {@code wali.spectest.dir}, else the
 * fetched copy {@code build/spec-src/binaryen-*}{@code /test/spec} under the repository root,
 * fetching it with {@code scripts/fetch-spec-tests.sh} when it is not there yet.
 */
final class SpecSuiteLocation {

  static final String DIR_PROPERTY = "wali.spectest.dir";
  private static final String FETCH_SCRIPT = "scripts/fetch-spec-tests.sh";

  private SpecSuiteLocation() {}

  static Path find() throws IOException, InterruptedException {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return requireDirectory(Path.of(configured));
    }
    Path root = repositoryRoot();
    Path cached = cached(root);
    if (cached != null) {
      return cached;
    }
    return fetch(root);
  }

  /** The nearest directory at or above the working directory that holds the fetch script. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(FETCH_SCRIPT))) {
        return d;
      }
    }
    throw new IllegalStateException("no " + FETCH_SCRIPT + " at or above " + dir);
  }

  private static Path cached(Path root) throws IOException {
    Path cache = root.resolve("build/spec-src");
    if (!Files.isDirectory(cache)) {
      return null;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(cache, "binaryen-*")) {
      for (Path d : dirs) {
        Path spec = d.resolve("test/spec");
        if (Files.isDirectory(spec)) {
          return spec;
        }
      }
    }
    return null;
  }

  private static Path fetch(Path root) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(root.resolve(FETCH_SCRIPT).toString())
            .directory(root.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || out.isEmpty()) {
      throw new IllegalStateException(
          FETCH_SCRIPT + " failed (exit " + p.exitValue() + "); set -D" + DIR_PROPERTY);
    }
    String[] lines = out.split("\n");
    return requireDirectory(Path.of(lines[lines.length - 1].strip()));
  }

  private static Path requireDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UncheckedIOException(new IOException("not a directory: " + dir));
    }
    return dir;
  }
}
