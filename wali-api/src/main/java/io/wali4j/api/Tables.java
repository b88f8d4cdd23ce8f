package io.wali4j.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Reading the {@code key=value} data files backends ship their tables in. */
final class Tables {

  private Tables() {}

  static Map<String, String> read(InputStream in, String what) {
    if (in == null) {
      throw new IllegalArgumentException(what + " resource not found");
    }
    Properties p = new Properties();
    try (in) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what, e);
    }
    Map<String, String> lines = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      lines.put(key, p.getProperty(key).trim());
    }
    return lines;
  }

  static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not a number: " + value, e);
    }
  }

  /** A C integer literal: decimal, 0x hexadecimal or 0 octal, optionally negative. */
  static long parseLong(String key, String value) {
    try {
      return Long.decode(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not a number: " + value, e);
    }
  }
}
