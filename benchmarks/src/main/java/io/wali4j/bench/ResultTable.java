package io.wali4j.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prints the result table: per kernel the native median and, per tier, its median and its ratio to
 * native; then the geometric mean of each tier's ratios. Columns are per tier, so a new tier is a
 * new column pair.
 */
public final class ResultTable {

  private final PrintStream out;
  private final Set<Tier> tiers;
  private final Clock clock;

  public ResultTable(PrintStream out, Set<Tier> tiers, Clock clock) {
    this.out = out;
    this.tiers = tiers;
    this.clock = clock;
  }

  public void header() {
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "%-10s %9s %11s", "kernel", "n", "native ms"));
    for (Tier tier : tiers) {
      line.append(
          String.format(Locale.ROOT, " %11s %10s", tier.label() + " ms", tier.label() + "/nat"));
    }
    line.append(String.format(Locale.ROOT, "  %s", "checksum"));
    out.println(line);
    out.println("-".repeat(line.length() + 12));
  }

  public void row(KernelResult result) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-10s %9d %11.1f",
                result.kernel().fileName(),
                result.n(),
                result.nativeRun().medianMs(clock)));
    for (Tier tier : tiers) {
      TierOutcome outcome = result.tiers().get(tier);
      if (outcome != null && outcome.ok()) {
        line.append(
            String.format(
                Locale.ROOT,
                " %11.1f %9.1fx",
                outcome.measurement().medianMs(clock),
                result.ratio(tier, clock)));
      } else {
        line.append(String.format(Locale.ROOT, " %11s %10s", "FAILED", "-"));
      }
    }
    line.append("  ").append(result.nativeRun().checksum());
    out.println(line);
  }

  public void footer(List<KernelResult> results) {
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "%-10s %9s %11s", "geomean", "", ""));
    for (Tier tier : tiers) {
      double[] ratios =
          results.stream()
              .mapToDouble(r -> r.ratio(tier, clock))
              .filter(r -> !Double.isNaN(r))
              .toArray();
      boolean complete = ratios.length == results.size();
      line.append(
          String.format(
              Locale.ROOT,
              " %11s %9.1fx%s",
              "",
              geometricMean(ratios),
              complete ? "" : " (over " + ratios.length + "/" + results.size() + " kernels)"));
    }
    out.println(line);
    Clock other = clock == Clock.WALL ? Clock.CPU : Clock.WALL;
    for (Tier tier : tiers) {
      double[] ratios =
          results.stream()
              .mapToDouble(r -> r.ratio(tier, other))
              .filter(r -> !Double.isNaN(r))
              .toArray();
      out.printf(
          Locale.ROOT,
          "(on %s time: %s geomean %.1fx)%n",
          other == Clock.WALL ? "wall" : "thread CPU",
          tier.label(),
          geometricMean(ratios));
    }
  }

  /** The geometric mean, exp(mean(ln x)); NaN for no values. */
  public static double geometricMean(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double logSum = 0;
    for (double value : values) {
      logSum += Math.log(value);
    }
    return Math.exp(logSum / values.length);
  }
}
