package io.wali4j.bench;

import java.nio.file.Path;

/**
 * Measures one kernel on one tier in this JVM and prints its {@link TierReport} as the last line of
 * stdout: the main class of the JVM {@link ForkedTier} starts per kernel and tier.
 *
 * <p>Arguments: {@code KERNELS_DIR KERNEL TIER N WARMUP REPS}. Exit status 0 when the report was
 * printed (a failed run is a report too), 2 on bad arguments.
 */
public final class KernelChild {

  private KernelChild() {}

  public static void main(String[] args) {
    if (args.length != 6) {
      System.err.println("usage: KernelChild KERNELS_DIR KERNEL TIER N WARMUP REPS");
      System.exit(2);
    }
    KernelFiles files = new KernelFiles(Path.of(args[0]));
    Kernel kernel = Kernel.valueOf(args[1]);
    Tier tier = Tier.valueOf(args[2]);
    int n = Integer.parseInt(args[3]);
    int warmup = Integer.parseInt(args[4]);
    int reps = Integer.parseInt(args[5]);
    TierOutcome outcome = KernelBench.measureHere(kernel, files, tier, n, warmup, reps);
    System.out.println(TierReport.format(outcome));
    System.out.flush();
  }
}
