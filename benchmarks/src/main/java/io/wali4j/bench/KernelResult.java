package io.wali4j.bench;

import java.util.EnumMap;
import java.util.Map;

/** One row of the result table: a kernel's native measurement and each tier's outcome. */
public record KernelResult(
    Kernel kernel, int n, Measurement nativeRun, Map<Tier, TierOutcome> tiers) {

  public KernelResult {
    tiers = tiers.isEmpty() ? Map.of() : new EnumMap<>(tiers);
  }

  /** The tier's median time over native's median time on {@code clock}; NaN when it failed. */
  public double ratio(Tier tier, Clock clock) {
    TierOutcome outcome = tiers.get(tier);
    if (outcome == null || !outcome.ok()) {
      return Double.NaN;
    }
    return (double) outcome.measurement().medianNs(clock) / nativeRun.medianNs(clock);
  }

  public boolean ok() {
    return tiers.values().stream().allMatch(TierOutcome::ok);
  }
}
