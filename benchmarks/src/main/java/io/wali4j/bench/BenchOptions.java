package io.wali4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Command-line options of {@link KernelBench}.
 *
 * @param quick use each kernel's quick n (a smoke run) instead of its full n
 * @param warmup untimed runs per kernel on an engine tier (at least one always happens)
 * @param reps timed runs per kernel on an engine tier
 * @param nativeWarmup untimed native runs
 * @param nativeReps timed native runs
 * @param kernelsDir where build-kernels.sh put the .wasm and native builds
 * @param kernels the kernels selected by the name filters, in declaration order
 * @param tiers the engine tiers to measure
 * @param clock the time the table reports (both are measured)
 * @param sharedJvm measure every kernel and tier in the harness's JVM instead of a fresh JVM each
 */
public record BenchOptions(
    boolean quick,
    int warmup,
    int reps,
    int nativeWarmup,
    int nativeReps,
    Path kernelsDir,
    List<Kernel> kernels,
    Set<Tier> tiers,
    Clock clock,
    boolean sharedJvm) {

  public static final String USAGE =
      String.join(
          "\n",
          "usage: bench [--quick] [--warmup N] [--reps N] [--native-reps N] [--tier NAME]...",
          "             [--clock wall|cpu] [--shared-jvm]",
          "             [--kernels-dir DIR] [KERNEL-FILTER]... [--aot-cache] [lua] [sqlite]",
          "  --quick          small n and few runs (smoke test, CI)",
          "  --warmup N       untimed runs per kernel and tier (default 1)",
          "  --reps N         timed runs per kernel and tier; the median is reported",
          "                   (default 3, 1 with --quick)",
          "  --native-reps N  timed native runs (default 5, 3 with --quick)",
          "  --clock wall|cpu the time reported (default wall; cpu = the measuring thread's CPU",
          "                   time, which stays comparable on a loaded machine)",
          "  --shared-jvm     run every kernel and tier in this one JVM; the default is a fresh",
          "                   JVM per kernel and tier (native is measured here, in the same run),",
          "                   because HotSpot compiles the interpreter's loop from the profile of",
          "                   what ran before: in a shared JVM each kernel's time depends on the",
          "                   kernels before it, and embedders run one program per JVM",
          "  --tier NAME      only this tier (repeatable): " + String.join(", ", tierLabels()),
          "                   (default interp and jit; jitn = jit over memory off the Java",
          "                   heap, the shape a WALI process's memory has)",
          "  --kernels-dir D  kernel builds (default benchmarks/target/kernels)",
          "  KERNEL-FILTER    run the kernels whose name contains it (default: all)",
          "  APP              lua or sqlite: also run that app workload as whole processes,",
          "                   native and under the wali launcher (only the apps unless a",
          "                   kernel filter is given too; see benchmarks/README.md)",
          "  --aot-cache      apps: also a jit+aot column, next to the cold one: in a fresh",
          "                   AoT cache, a warm-up run recording the profile (--aot-record),",
          "                   wali compile (with the profile), then the timed runs",
          "kernels: " + String.join(", ", kernelNames()));

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException with a message for the user on a bad option
   */
  public static BenchOptions parse(String... args) {
    boolean quick = false;
    Integer warmup = null;
    Integer reps = null;
    Integer nativeReps = null;
    Path dir = Path.of("benchmarks", "target", "kernels");
    Set<Tier> tiers = EnumSet.noneOf(Tier.class);
    List<String> filters = new ArrayList<>();
    Clock clock = Clock.WALL;
    boolean sharedJvm = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--quick" -> quick = true;
        case "--warmup" -> warmup = count(arg, value(args, ++i, arg), 0);
        case "--reps" -> reps = count(arg, value(args, ++i, arg), 1);
        case "--native-reps" -> nativeReps = count(arg, value(args, ++i, arg), 1);
        case "--tier" -> tiers.add(tier(value(args, ++i, arg)));
        case "--kernels-dir" -> dir = Path.of(value(args, ++i, arg));
        case "--clock" -> clock = clock(value(args, ++i, arg));
        case "--shared-jvm" -> sharedJvm = true;
        default -> {
          if (arg.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + arg);
          }
          filters.add(arg.toLowerCase(Locale.ROOT));
        }
      }
    }
    return new BenchOptions(
        quick,
        warmup != null ? warmup : 1,
        reps != null ? reps : quick ? 1 : 3,
        quick ? 1 : 2,
        nativeReps != null ? nativeReps : quick ? 3 : 5,
        dir,
        select(filters),
        tiers.isEmpty() ? EnumSet.of(Tier.INTERPRETER, Tier.JIT) : tiers,
        clock,
        sharedJvm);
  }

  private static List<Kernel> select(List<String> filters) {
    List<Kernel> selected = new ArrayList<>();
    for (Kernel kernel : Kernel.values()) {
      if (filters.isEmpty() || filters.stream().anyMatch(f -> kernel.fileName().contains(f))) {
        selected.add(kernel);
      }
    }
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("no kernel matches " + String.join(", ", filters));
    }
    return List.copyOf(selected);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int count(String option, String text, int min) {
    try {
      int value = Integer.parseInt(text);
      if (value >= min) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the option's name
    }
    throw new IllegalArgumentException(option + " needs an integer >= " + min + ", not " + text);
  }

  private static Clock clock(String name) {
    for (Clock clock : Clock.values()) {
      if (clock.name().equalsIgnoreCase(name)) {
        return clock;
      }
    }
    throw new IllegalArgumentException("--clock is wall or cpu, not " + name);
  }

  private static Tier tier(String label) {
    for (Tier tier : Tier.values()) {
      if (tier.label().equals(label) || tier.name().equalsIgnoreCase(label)) {
        return tier;
      }
    }
    throw new IllegalArgumentException("unknown tier " + label);
  }

  private static List<String> tierLabels() {
    return EnumSet.allOf(Tier.class).stream().map(Tier::label).toList();
  }

  private static List<String> kernelNames() {
    return EnumSet.allOf(Kernel.class).stream().map(Kernel::fileName).toList();
  }
}
