package io.wali4j.bench;

/**
 * What one tier did with one kernel: a measurement whose checksum matched the native build's, or
 * the reason it failed (an engine error, or a checksum that differs from native).
 */
public record TierOutcome(Measurement measurement, long loadNs, String failure) {

  public static TierOutcome measured(Measurement measurement, long loadNs) {
    return new TierOutcome(measurement, loadNs, null);
  }

  public static TierOutcome failed(String failure) {
    return new TierOutcome(null, 0, failure);
  }

  public boolean ok() {
    return failure == null;
  }
}
