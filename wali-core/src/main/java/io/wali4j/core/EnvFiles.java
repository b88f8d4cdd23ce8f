package io.wali4j.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Environment files: one {@code KEY=VALUE} per line (the value runs to the end of the line and may
 * hold '='), blank lines ignored; the format of {@code __get_init_envfile} (wali-abi.md section B)
 * and of the public WALI runtime's {@code --env-file}.
 */
final class EnvFiles {

  private EnvFiles() {}

  /**
   * The variables of {@code file}, a later line replacing an earlier one of the same name.
   *
   * @throws IllegalArgumentException when the file cannot be read or a line has no name
   */
  static Map<String, String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read environment file " + file + ": " + e, e);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": expected KEY=VALUE, got '" + line + "'");
      }
      env.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return env;
  }
}
