package io.wali4j.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The corpus programs expected to differ under wali4j, each with its one-line reason, read from a
 * classpath resource of lines {@code name reason} ({@code #} starts a comment).
 */
final class CorpusExpectations {

  private final Map<String, String> reasons;

  private CorpusExpectations(Map<String, String> reasons) {
    this.reasons = Collections.unmodifiableMap(reasons);
  }

  static CorpusExpectations load(String resource) throws IOException {
    InputStream in = CorpusExpectations.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("missing resource " + resource);
    }
    Map<String, String> reasons = new TreeMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int lineNo = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        String[] parts = text.split("\\s+", 2);
        if (parts.length < 2) {
          throw new IOException(resource + ":" + lineNo + ": no reason given for " + parts[0]);
        }
        if (reasons.put(parts[0], parts[1]) != null) {
          throw new IOException(resource + ":" + lineNo + ": " + parts[0] + " listed twice");
        }
      }
    }
    return new CorpusExpectations(reasons);
  }

  /** The reason {@code program} is expected to differ, or null if it must match native. */
  String reason(String program) {
    return reasons.get(program);
  }

  Map<String, String> all() {
    return reasons;
  }
}
