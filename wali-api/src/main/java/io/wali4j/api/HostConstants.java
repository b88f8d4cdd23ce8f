package io.wali4j.api;

import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A host's values of the flags and constants the runtime translates between WALI (x86_64's values)
 * and the host, by their C names: open flags ({@code O_DIRECTORY}, which aarch64 numbers
 * differently), signal numbers, {@code AT_*} flags.
 */
public final class HostConstants {

  private final Map<String, Long> values;

  public HostConstants(Map<String, Long> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /**
   * Reads {@code NAME=value} lines ({@code #} comments allowed; values in C notation: decimal,
   * {@code 0x} hexadecimal or {@code 0} octal), as backends ship them.
   */
  public static HostConstants load(InputStream in) {
    Map<String, Long> values = new TreeMap<>();
    Tables.read(in, "constants").forEach((k, v) -> values.put(k, Tables.parseLong(k, v)));
    return new HostConstants(values);
  }

  /** Whether this table has constant {@code name}. */
  public boolean knows(String name) {
    return values.containsKey(name);
  }

  /**
   * The host value of {@code name}.
   *
   * @throws IllegalArgumentException when the table does not have it
   */
  public long value(String name) {
    Long v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("unknown constant: " + name);
    }
    return v;
  }

  /** Every constant this table has. */
  public Set<String> names() {
    return values.keySet();
  }
}
