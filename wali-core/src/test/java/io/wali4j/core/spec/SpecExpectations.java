package io.wali4j.core.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The spec files not expected to pass yet, each with the reason, read from {@code
 * spectest-expectations.txt}: one entry a line, {@code <file name or glob> <reason>}, or {@code
 * <file name>:<line> <reason>} for a single command; {@code #} starts a comment. A glob may use
 * {@code *}.
 */
final class SpecExpectations {

  static final String RESOURCE = "/spectest-expectations.txt";

  private final Map<String, String> reasons;

  private SpecExpectations(Map<String, String> reasons) {
    this.reasons = reasons;
  }

  static SpecExpectations load() {
    try (InputStream in = SpecExpectations.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the test classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SpecExpectations parse(String text) {
    Map<String, String> reasons = new LinkedHashMap<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      if (parts.length < 2) {
        throw new IllegalArgumentException("expectation without a reason: " + line);
      }
      reasons.put(parts[0], parts[1]);
    }
    return new SpecExpectations(reasons);
  }

  /** The reason {@code fileName} is listed as a whole, or null when it must pass. */
  String reasonFor(String fileName) {
    for (Map.Entry<String, String> e : reasons.entrySet()) {
      if (!e.getKey().contains(":") && globMatches(e.getKey(), fileName)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The reason the command on {@code line} of {@code fileName} is listed, or null. */
  String reasonFor(String fileName, int line) {
    return reasons.get(fileName + ":" + line);
  }

  /** Entries that match none of {@code fileNames}: stale lines to delete. */
  List<String> unmatched(Collection<String> fileNames) {
    return reasons.keySet().stream()
        .filter(p -> fileNames.stream().noneMatch(f -> globMatches(p.split(":")[0], f)))
        .toList();
  }

  private static boolean globMatches(String glob, String name) {
    String regex = Pattern.quote(glob).replace("*", "\\E.*\\Q");
    return name.matches(regex);
  }
}
