package io.wali4j.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The one line a kernel's own JVM ({@link KernelChild}) prints for the harness: its {@link
 * TierOutcome}, either {@code measured CHECKSUM LOAD_NS WALL_NS,... CPU_NS,...} or {@code failed
 * REASON}.
 */
final class TierReport {

  static final String MEASURED = "measured";
  static final String FAILED = "failed";

  private TierReport() {}

  static String format(TierOutcome outcome) {
    if (!outcome.ok()) {
      return FAILED + " " + outcome.failure().replace('\n', ' ');
    }
    Measurement m = outcome.measurement();
    return String.format(
        Locale.ROOT,
        "%s %d %d %s %s",
        MEASURED,
        m.checksum(),
        outcome.loadNs(),
        join(m.wallNs()),
        join(m.cpuNs()));
  }

  /**
   * Parses a line {@link #format} wrote.
   *
   * @throws IllegalArgumentException when {@code line} is not one
   */
  static TierOutcome parse(String line) {
    if (line.startsWith(FAILED + " ")) {
      return TierOutcome.failed(line.substring(FAILED.length() + 1));
    }
    String[] f = line.split(" ");
    if (f.length != 5 || !f[0].equals(MEASURED)) {
      throw new IllegalArgumentException("not a tier report: " + line);
    }
    try {
      Measurement m = new Measurement(Long.parseLong(f[1]), split(f[3]), split(f[4]));
      return TierOutcome.measured(m, Long.parseLong(f[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a tier report: " + line, e);
    }
  }

  private static String join(long[] values) {
    return String.join(",", Arrays.stream(values).mapToObj(Long::toString).toList());
  }

  private static long[] split(String values) {
    return Arrays.stream(values.split(",")).mapToLong(Long::parseLong).toArray();
  }
}
