package io.wali4j.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures each kernel natively and on each engine tier, checks that every tier returns the native
 * checksum, and prints the table of medians and ratios with their geometric mean.
 *
 * <p>Exit status: 0 when every kernel ran on every tier with the native checksum, 1 when any failed
 * (checksum mismatch or engine error; printed loudly), 2 on a usage error.
 */
public final class KernelBench {

  private final BenchOptions options;
  private final PrintStream out;
  private final PrintStream err;

  public KernelBench(BenchOptions options, PrintStream out, PrintStream err) {
    this.options = options;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(BenchOptions.USAGE);
      return;
    }
    // App names (lua, sqlite) select app workloads; the kernels run too when a kernel filter
    // is given, or when no app is named.
    AppBench.Split split = AppBench.split(args);
    BenchOptions options;
    try {
      options = BenchOptions.parse(split.rest().toArray(new String[0]));
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    boolean ok = true;
    if (split.apps().isEmpty() || split.kernelFilters()) {
      List<KernelResult> results = new KernelBench(options, System.out, System.err).run();
      ok = results.stream().allMatch(KernelResult::ok);
    } else {
      new KernelBench(options, System.out, System.err).printSetup();
    }
    if (!split.apps().isEmpty()) {
      AppBench apps =
          new AppBench(
              options,
              split.appsDir(),
              split.workloads(),
              split.dist(),
              split.cached(),
              System.out,
              System.err);
      ok &= apps.run(split.apps());
    }
    System.exit(ok ? 0 : 1);
  }

  /** Runs every selected kernel and prints the table as rows complete. */
  public List<KernelResult> run() {
    printSetup();
    KernelFiles files = new KernelFiles(options.kernelsDir());
    ResultTable table = new ResultTable(out, options.tiers(), options.clock());
    table.header();
    List<KernelResult> results = new ArrayList<>();
    for (Kernel kernel : options.kernels()) {
      KernelResult result = measure(kernel, files);
      table.row(result);
      results.add(result);
    }
    table.footer(results);
    List<String> failures = failures(results);
    if (!failures.isEmpty()) {
      err.println();
      err.println("*** BENCHMARK FAILED: " + failures.size() + " kernel/tier run(s) failed:");
      failures.forEach(f -> err.println("***   " + f));
    }
    return results;
  }

  private KernelResult measure(Kernel kernel, KernelFiles files) {
    int n = kernel.n(options.quick());
    Measurement nativeRun =
        NativeKernel.measure(
            files.nativeExecutable(kernel), n, options.nativeWarmup(), options.nativeReps());
    Map<Tier, TierOutcome> outcomes = new EnumMap<>(Tier.class);
    for (Tier tier : options.tiers()) {
      TierOutcome outcome = measure(kernel, files, tier, n, nativeRun.checksum());
      if (!outcome.ok()) {
        err.println(
            "*** FAILED " + kernel.fileName() + " on " + tier.label() + ": " + outcome.failure());
      }
      outcomes.put(tier, outcome);
    }
    return new KernelResult(kernel, n, nativeRun, outcomes);
  }

  private TierOutcome measure(Kernel kernel, KernelFiles files, Tier tier, int n, long expected) {
    TierOutcome outcome =
        options.sharedJvm()
            ? measureHere(kernel, files, tier, n, options.warmup(), options.reps())
            : ForkedTier.measure(
                kernel, options.kernelsDir(), tier, n, options.warmup(), options.reps());
    if (outcome.ok() && outcome.measurement().checksum() != expected) {
      return TierOutcome.failed(
          "CHECKSUM MISMATCH: " + outcome.measurement().checksum() + ", native " + expected);
    }
    return outcome;
  }

  /** Loads {@code kernel} on {@code tier} in this JVM and times it. */
  static TierOutcome measureHere(
      Kernel kernel, KernelFiles files, Tier tier, int n, int warmup, int reps) {
    byte[] wasm = files.readWasm(kernel);
    try {
      long start = System.nanoTime();
      KernelRunner runner = tier.load(wasm);
      long loadNs = System.nanoTime() - start;
      return TierOutcome.measured(TierTimer.measure(runner, n, warmup, reps), loadNs);
    } catch (RuntimeException | StackOverflowError e) {
      // An engine failure on one kernel must not hide the others' results; it is reported
      // loudly and turns the exit status non-zero.
      return TierOutcome.failed(describe(e));
    }
  }

  private static String describe(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    String where = trace.length > 0 ? " at " + trace[0] : "";
    return e.getClass().getSimpleName() + ": " + e.getMessage() + where;
  }

  private static List<String> failures(List<KernelResult> results) {
    List<String> failures = new ArrayList<>();
    for (KernelResult result : results) {
      result
          .tiers()
          .forEach(
              (tier, outcome) -> {
                if (!outcome.ok()) {
                  failures.add(
                      result.kernel().fileName()
                          + " on "
                          + tier.label()
                          + ": "
                          + outcome.failure());
                }
              });
    }
    return failures;
  }

  void printSetup() {
    out.printf(
        Locale.ROOT,
        "wali4j kernel benchmark (%s): tier warm-up %d, reps %d; native warm-up %d, reps %d%n",
        options.quick() ? "quick" : "full",
        options.warmup(),
        options.reps(),
        options.nativeWarmup(),
        options.nativeReps());
    out.printf(
        Locale.ROOT,
        "JVM: %s %s; flags: %s%n",
        System.getProperty("java.vm.name"),
        System.getProperty("java.vm.version"),
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    out.printf(
        Locale.ROOT,
        "host: %s %s, %d cpus; kernels: %s (native: clang-19 -O2, wasm32: the same)%n",
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        options.kernelsDir().toAbsolutePath().normalize());
    out.println(
        options.sharedJvm()
            ? "JVMs: one for every kernel and tier (--shared-jvm)"
            : "JVMs: a fresh one per kernel and tier, with the flags above");
    out.printf(
        Locale.ROOT,
        "times are medians in ms of %s time; ratio = tier / native (lower is better)%n",
        options.clock() == Clock.WALL ? "wall" : "the measuring thread's CPU");
    out.println();
  }
}
