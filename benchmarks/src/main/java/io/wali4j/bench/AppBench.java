package io.wali4j.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Measures the app workloads ({@link App}) as whole processes: the native build, and the module run
 * by the {@code wali} launcher on each tier ({@code --jit=off} for interp, the default {@code
 * --jit=tiered} for jit), so JVM start, validation and compilation are part of the time, as for a
 * user. Each run's stdout must equal the native run's. Times are medians of wall time or, with
 * {@code --clock cpu}, of the child's CPU time (user + system of all its threads, JIT compiler and
 * GC threads included, from this JVM's {@code cutime + cstime} in /proc/self/stat), which a loaded
 * machine disturbs less.
 */
public final class AppBench {

  /** The options of {@code ./bench} that take a value, so that their values are no filters. */
  private static final Set<String> VALUED =
      Set.of("--warmup", "--reps", "--native-reps", "--tier", "--kernels-dir", "--clock");

  private final BenchOptions options;
  private final Path appsDir;
  private final Path workloads;
  private final Path dist;
  private final boolean cached;
  private final PrintStream out;
  private final PrintStream err;

  AppBench(
      BenchOptions options,
      Path appsDir,
      Path workloads,
      Path dist,
      boolean cached,
      PrintStream out,
      PrintStream err) {
    this.options = options;
    this.appsDir = appsDir;
    this.workloads = workloads;
    this.dist = dist;
    this.cached = cached;
    this.out = out;
    this.err = err;
  }

  /**
   * The command line split: app names, the app options ({@code --apps-dir D}, {@code --workloads
   * D}, {@code --dist D}, {@code --aot-cache}) and the rest, which {@link BenchOptions#parse}
   * reads; {@code kernels} tells whether a kernel filter remains.
   */
  record Split(
      List<App> apps, Path appsDir, Path workloads, Path dist, boolean cached, List<String> rest) {

    boolean kernelFilters() {
      for (int i = 0; i < rest.size(); i++) {
        if (VALUED.contains(rest.get(i))) {
          i++;
        } else if (!rest.get(i).startsWith("-")) {
          return true;
        }
      }
      return false;
    }
  }

  static Split split(String[] args) {
    List<App> apps = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    Path appsDir = Path.of("benchmarks", "target", "apps");
    Path workloads = Path.of("benchmarks", "apps");
    Path dist = Path.of("distribution", "target");
    boolean cached = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (VALUED.contains(a) && i + 1 < args.length) {
        rest.add(a);
        rest.add(args[++i]);
      } else if (a.equals("--apps-dir") && i + 1 < args.length) {
        appsDir = Path.of(args[++i]);
      } else if (a.equals("--workloads") && i + 1 < args.length) {
        workloads = Path.of(args[++i]);
      } else if (a.equals("--dist") && i + 1 < args.length) {
        dist = Path.of(args[++i]);
      } else if (a.equals("--aot-cache")) {
        cached = true;
      } else if (!a.startsWith("-") && App.named(a.toLowerCase(Locale.ROOT)) != null) {
        App app = App.named(a.toLowerCase(Locale.ROOT));
        if (!apps.contains(app)) {
          apps.add(app);
        }
      } else {
        rest.add(a);
      }
    }
    return new Split(List.copyOf(apps), appsDir, workloads, dist, cached, List.copyOf(rest));
  }

  /** Measures every app and prints one row each; returns whether every run matched native. */
  boolean run(List<App> apps) {
    out.printf(
        Locale.ROOT,
        "%napps: whole processes, %s; native: clang-22 -O2; wali: the wali script (its JVM"
            + " flags, its CDS archive, made before the runs; JAVA_OPTS=%s), interp = --jit=off,"
            + " jit = --jit=tiered (the default); no AoT cache%n",
        options.clock() == Clock.WALL ? "wall time" : "the process's CPU time (all threads)",
        System.getenv().getOrDefault("JAVA_OPTS", ""));
    // The first run after a build makes the script's archive (a training run of about 2 s): not
    // in a timed run.
    exec(launcher(List.of("--version")));
    if (cached) {
      out.println(
          "jit+aot = tiered with a fresh AoT cache: the warm-up run with --aot-record (the"
              + " profile), then `wali compile` (which adds the profile's functions), then the"
              + " timed runs with --aot-cache");
    }
    StringBuilder head =
        new StringBuilder(String.format(Locale.ROOT, "%-10s %11s", "app", "native ms"));
    for (Tier tier : options.tiers()) {
      head.append(
          String.format(Locale.ROOT, " %11s %10s", tier.label() + " ms", tier.label() + "/nat"));
    }
    if (cached) {
      head.append(String.format(Locale.ROOT, " %11s %10s", "jit+aot ms", "jit+aot/nat"));
    }
    head.append("  output crc32");
    out.println(head);
    out.println("-".repeat(head.length() + 4));
    boolean ok = true;
    for (App app : apps) {
      ok &= row(app);
    }
    return ok;
  }

  private boolean row(App app) {
    List<String> nativeCommand = new ArrayList<>();
    nativeCommand.add(appsDir.resolve(app.program()).toString());
    nativeCommand.addAll(app.args(workloads));
    Timed nativeRun = measure(nativeCommand, options.nativeWarmup(), options.nativeReps());
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT, "%-10s %11.1f", app.label(), nativeRun.medianMs(options.clock())));
    boolean ok = true;
    for (Tier tier : options.tiers()) {
      List<String> command = waliCommand(tier, app);
      Timed run;
      try {
        run = measure(command, options.warmup(), options.reps());
      } catch (IllegalStateException e) {
        err.println("*** FAILED " + app.label() + " on " + tier.label() + ": " + e.getMessage());
        line.append(String.format(Locale.ROOT, " %11s %10s", "FAILED", "-"));
        ok = false;
        continue;
      }
      if (!run.stdout().equals(nativeRun.stdout())) {
        err.println(
            "*** FAILED " + app.label() + " on " + tier.label() + ": output differs from native");
        line.append(String.format(Locale.ROOT, " %11s %10s", "MISMATCH", "-"));
        ok = false;
        continue;
      }
      line.append(
          String.format(
              Locale.ROOT,
              " %11.1f %9.1fx",
              run.medianMs(options.clock()),
              (double) run.medianNs(options.clock()) / nativeRun.medianNs(options.clock())));
    }
    if (cached) {
      ok &= cachedColumn(app, nativeRun, line);
    }
    CRC32 crc = new CRC32();
    crc.update(nativeRun.stdout().getBytes(StandardCharsets.UTF_8));
    line.append(String.format(Locale.ROOT, "  %08x", crc.getValue()));
    out.println(line);
    return ok;
  }

  /**
   * The jit+aot column: in a fresh cache directory, one run with {@code --aot-record} (the warm-up,
   * which records the profile), {@code wali compile} of the app (which reads the profile and
   * compiles its functions too), then the timed runs with the cache. Appends the time and ratio, or
   * why it failed.
   */
  private boolean cachedColumn(App app, Timed nativeRun, StringBuilder line) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("bench-aot");
      String module = appsDir.resolve(app.program() + ".wasm").toString();
      List<String> run = new ArrayList<>(List.of("run", "--jit=tiered", "--aot-cache=" + dir));
      List<String> record = new ArrayList<>(run);
      record.add("--aot-record");
      record.add(module);
      record.addAll(app.args(workloads));
      run.add(module);
      run.addAll(app.args(workloads));
      if (!exec(launcher(record)).stdout().equals(nativeRun.stdout())) {
        throw new IllegalStateException("the recording run's output differs from native");
      }
      exec(launcher(List.of("compile", "--aot-cache=" + dir, module)));
      Timed t = measure(launcher(run), 0, options.reps());
      if (!t.stdout().equals(nativeRun.stdout())) {
        throw new IllegalStateException("output differs from native");
      }
      line.append(
          String.format(
              Locale.ROOT,
              " %11.1f %10s",
              t.medianMs(options.clock()),
              String.format(
                  Locale.ROOT,
                  "%.1fx",
                  (double) t.medianNs(options.clock()) / nativeRun.medianNs(options.clock()))));
      return true;
    } catch (IOException | IllegalStateException e) {
      err.println("*** FAILED " + app.label() + " with the AoT cache: " + e.getMessage());
      line.append(String.format(Locale.ROOT, " %11s %10s", "FAILED", "-"));
      return false;
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code wali run} of {@code app} on {@code tier}, without an AoT cache. */
  private List<String> waliCommand(Tier tier, App app) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                tier == Tier.INTERPRETER ? "--jit=off" : "--jit=tiered",
                "--aot-cache=none",
                appsDir.resolve(app.program() + ".wasm").toString()));
    args.addAll(app.args(workloads));
    return launcher(args);
  }

  /**
   * {@code wali ARGS} as a user runs it: the repository's {@code wali} script (its JVM flags, its
   * class-data-sharing archive, {@code $JAVA_OPTS}) on this JVM's Java runtime, running the
   * launcher built in {@code dist} as it is.
   */
  private List<String> launcher(List<String> args) {
    return scriptCommand(dist, Path.of(System.getProperty("java.home"), "bin", "java"), args);
  }

  /**
   * The command that runs the {@code wali} script of the checkout {@code dist} belongs to ({@code
   * <root>/distribution/<build folder>}) with {@code java}, on the launcher in {@code dist}.
   */
  static List<String> scriptCommand(Path dist, Path java, List<String> args) {
    Path root = dist.toAbsolutePath().normalize().getParent();
    root = root == null ? null : root.getParent();
    if (root == null || !Files.isExecutable(root.resolve("wali"))) {
      throw new IllegalArgumentException(
          "--dist "
              + dist
              + " is not a distribution build folder of a checkout with the wali script");
    }
    List<String> c = new ArrayList<>();
    c.add("env");
    c.add("JAVA=" + java);
    c.add("WALI_DIST=" + dist.toAbsolutePath().normalize());
    c.add(root.resolve("wali").toString());
    c.addAll(args);
    return c;
  }

  /** The stdout of the runs (all equal) and their wall and CPU times. */
  record Timed(String stdout, long[] wallNs, long[] cpuNs) {
    long medianNs(Clock clock) {
      return Measurement.median(clock == Clock.WALL ? wallNs : cpuNs);
    }

    double medianMs(Clock clock) {
      return medianNs(clock) / 1e6;
    }
  }

  /** {@code warmup} untimed runs (none when 0), then {@code reps} timed ones. */
  static Timed measure(List<String> command, int warmup, int reps) {
    String first = warmup > 0 ? exec(command).stdout() : null;
    for (int i = 1; i < warmup; i++) {
      exec(command);
    }
    long[] wall = new long[reps];
    long[] cpu = new long[reps];
    for (int i = 0; i < reps; i++) {
      Timed t = exec(command);
      if (first == null) {
        first = t.stdout();
      } else if (!t.stdout().equals(first)) {
        throw new IllegalStateException("run " + (i + 1) + " printed something else");
      }
      wall[i] = t.wallNs()[0];
      cpu[i] = t.cpuNs()[0];
    }
    return new Timed(first, wall, cpu);
  }

  private static Timed exec(List<String> command) {
    try {
      Path stdout = Files.createTempFile("bench-app", ".out");
      try {
        long cpuStart = ChildCpu.nanos();
        long start = System.nanoTime();
        Process p =
            new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        int status = p.waitFor();
        long ns = System.nanoTime() - start;
        long cpuNs = ChildCpu.nanos() - cpuStart;
        if (status != 0) {
          throw new IllegalStateException(command.get(0) + " exited with " + status);
        }
        return new Timed(Files.readString(stdout), new long[] {ns}, new long[] {cpuNs});
      } finally {
        Files.deleteIfExists(stdout);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
