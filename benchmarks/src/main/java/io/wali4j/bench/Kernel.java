package io.wali4j.bench;

import java.util.Locale;

/**
 * The benchmark kernels, one per {@code benchmarks/kernels/<name>.c}, with the {@code n} passed to
 * {@code run(n)}. The full size makes one native run take roughly 0.2-0.5 s on a 2020s x86-64 core;
 * the quick size keeps an interpreted run well under a second, for smoke runs and tests.
 */
public enum Kernel {
  FIB(40, 24),
  SIEVE(12_000_000, 200_000),
  SHA256(200, 2),
  MATMUL(800, 96),
  NBODY(4_000_000, 20_000),
  QUICKSORT(3_000_000, 100_000),
  CRC32(80, 2);

  private final int fullN;
  private final int quickN;

  Kernel(int fullN, int quickN) {
    this.fullN = fullN;
    this.quickN = quickN;
  }

  /** The file stem: {@code <name>.c}, {@code <name>.wasm}, {@code <name>-native}. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public int n(boolean quick) {
    return quick ? quickN : fullN;
  }
}
