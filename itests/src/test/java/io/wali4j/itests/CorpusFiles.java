package io.wali4j.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Locates the C test corpus in the source tree and lists its programs. */
final class CorpusFiles {

  /** Overrides the corpus location (a directory holding wali_test.h and the programs). */
  static final String DIR_PROPERTY = "wali.corpus.dir";

  static final String ONLY_PROPERTY = "wali.corpus.only";

  private static final Path RELATIVE = Path.of("toolchain", "tests", "c");

  private CorpusFiles() {}

  /**
   * The corpus directory: the system property if set, else {@code toolchain/tests/c} found by
   * walking up from the working directory (Maven runs tests from the module directory).
   */
  static Path directory() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured != null) {
      return requireCorpus(Path.of(configured).toAbsolutePath());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isRegularFile(candidate.resolve("wali_test.h"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "cannot find "
            + RELATIVE
            + " above "
            + Path.of("").toAbsolutePath()
            + "; set -D"
            + DIR_PROPERTY);
  }

  /** The corpus programs (every {@code *.c} file), sorted by name. */
  static List<Path> programs(Path dir) throws IOException {
    return selected(dir, ".*");
  }

  /**
   * The programs to run: all of them, or with {@code -Dwali.corpus.only=REGEX} those whose whole
   * name matches (for working on a few); a pattern that matches none is an error.
   */
  static List<Path> selected(Path dir) throws IOException {
    String only = System.getProperty(ONLY_PROPERTY);
    if (only == null) {
      return selected(dir, ".*");
    }
    List<Path> chosen = selected(dir, only);
    if (chosen.isEmpty()) {
      // A filter that selects nothing would pass without running a program.
      throw new IllegalArgumentException(
          "-D"
              + ONLY_PROPERTY
              + "="
              + only
              + " matches no corpus program in "
              + dir
              + " (the pattern must match the whole name, e.g. 'proc_.*')");
    }
    return chosen;
  }

  private static List<Path> selected(Path dir, String regex) throws IOException {
    Pattern only = Pattern.compile(regex);
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".c"))
          .filter(p -> only.matcher(name(p)).matches())
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** A program's name: its file name without {@code .c}. */
  static String name(Path source) {
    String file = source.getFileName().toString();
    return file.substring(0, file.length() - 2);
  }

  private static Path requireCorpus(Path dir) {
    if (!Files.isRegularFile(dir.resolve("wali_test.h"))) {
      throw new IllegalStateException(dir + " does not hold the corpus (no wali_test.h)");
    }
    return dir;
  }
}
