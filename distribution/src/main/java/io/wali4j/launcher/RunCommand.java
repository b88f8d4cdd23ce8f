package io.wali4j.launcher;

import io.wali4j.core.Limits;
import io.wali4j.core.Wali;
import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code wali run [options] app.wasm args...}: instantiates the module and runs its {@code _start},
 * or calls the export {@code NAME} of {@code --invoke NAME} with the arguments parsed by its
 * parameter types and prints each result on a line. A module importing from {@code wali} runs as a
 * WALI process; for it the launcher accepts the public WALI runtime's flags ({@code
 * --env-file=PATH}, {@code --stack-size=N}, {@code -v=N}) and {@code --env KEY=VALUE} and {@code
 * --strace}. Options come before the module: everything after it is the program's.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a module: its _start, or the export given by --invoke.")
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--invoke",
      paramLabel = "NAME",
      description = "call this exported function with ARGS instead of _start; print its results")
  String invoke;

  @Option(
      names = "--env-file",
      paramLabel = "PATH",
      description =
          "the initial environment from PATH, one KEY=VALUE per line (default: the host's)")
  Path envFile;

  @Option(
      names = "--env",
      paramLabel = "KEY=VALUE",
      description = "add or override an environment variable (repeatable)")
  Map<String, String> envOverrides = new LinkedHashMap<>();

  @Option(
      names = "--stack-size",
      paramLabel = "N",
      converter = ByteSize.class,
      description = "the Wasm value and frame stack budget in bytes; suffix k, m or g")
  Long stackSize;

  @Option(
      names = "--max-memory",
      paramLabel = "N",
      converter = ByteSize.class,
      description =
          "linear memory limit in bytes (whole 64 KiB pages; suffix k, m or g): memory.grow"
              + " fails past it, so malloc returns NULL and mmap ENOMEM")
  Long maxMemory;

  @Option(
      names = "--max-table-elements",
      paramLabel = "N",
      description = "table size limit: table.grow fails past it")
  Integer maxTableElements;

  @Option(
      names = "--max-open-files",
      paramLabel = "N",
      description = "the highest RLIMIT_NOFILE the program starts with (EMFILE past it)")
  Integer maxOpenFiles;

  @Option(
      names = "--max-processes",
      paramLabel = "N",
      description = "live processes of the run, fork children included (fork: EAGAIN past it)")
  Integer maxProcesses;

  @Option(
      names = "--max-threads",
      paramLabel = "N",
      description =
          "live threads per process, the main thread included (pthread_create: EAGAIN past it)")
  Integer maxThreads;

  @Option(
      names = "--fuel",
      paramLabel = "N",
      description =
          "units of work (one per call and loop iteration) before the program ends as SIGXCPU;"
              + " unlimited by default (metering costs some speed)")
  Long fuel;

  @Option(
      names = "-v",
      paramLabel = "N",
      description =
          "runtime log level on stderr: 0 none, 1 errors, 2 warnings (default), 3 info (also what"
              + " the compiler tier compiled or took from the cache)")
  int verbosity = Wali.DEFAULT_VERBOSITY;

  @Option(
      names = "--jit",
      paramLabel = "MODE",
      description =
          "off (interpret), tiered (compile hot functions in the background) or eager (compile"
              + " everything first); default ${DEFAULT-VALUE}")
  String jit = Jit.DEFAULT_MODE.name().toLowerCase(Locale.ROOT);

  @Option(
      names = "--aot-cache",
      paramLabel = "DIR",
      description =
          "where to look for code `wali compile` stored, defined instead of compiling (eager:"
              + " before _start; tiered: once a function is hot); default ${DEFAULT-VALUE}; none"
              + " for no lookup. Runs write it only with --aot-record")
  String aotCache = Jit.DEFAULT_AOT_CACHE == null ? "none" : Jit.DEFAULT_AOT_CACHE.toString();

  @Option(
      names = "--aot-record",
      description =
          "at exit, record in the cache which functions this run found hot (a profile); later"
              + " tiered runs with the cache install those at their first hot function")
  boolean aotRecord;

  @Option(
      names = "--strace",
      description = "print each syscall, its decoded arguments and its result to stderr")
  boolean strace;

  /** Where runtime diagnostics go: the launcher's stderr. */
  private final PrintStream diagnostics;

  RunCommand(PrintStream diagnostics) {
    this.diagnostics = diagnostics;
  }

  @Parameters(index = "0", paramLabel = "MODULE", description = "a .wasm (or .wat) file")
  Path module;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "the program's arguments")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Jit.aotCache(aotCache.equals("none") ? null : Path.of(aotCache));
    // At -v=3 the compiler tier reports what it compiled and what it took from the cache.
    System.setProperty("wali4j.jit.log", String.valueOf(verbosity >= 3));
    // The interpreter's dispatch warm-up, while the module loads (its profile must exist early).
    Wali.warmUp();
    if (aotRecord) {
      if (Jit.aotCache() == null) {
        err.println("wali: --aot-record needs a cache (--aot-cache=DIR)");
        return Main.EXIT_USAGE;
      }
      System.setProperty("wali4j.aot.record", "true");
    }
    try {
      Limits limits = limits();
      Module parsed = ModuleParser.parse(ModuleFiles.read(module));
      if (invoke == null && Wali.isWaliModule(parsed)) {
        return runWali(parsed, limits);
      }
      ValidatedModule v = Validator.validate(parsed, limits.metered());
      limits.applyToCurrentThread();
      Store store = Store.limited(limits.memoryPages(), limits.tableElements());
      store.jitMode(Jit.Mode.parse(jit));
      Instance instance = Instance.instantiate(store, v, Imports.NONE);
      String name = invoke != null ? invoke : "_start";
      Function function = exportedFunction(instance, name);
      if (function == null) {
        err.println(
            "wali: "
                + module
                + " exports no function '"
                + name
                + "'"
                + (invoke == null ? " (name one with --invoke NAME)" : ""));
        return Main.EXIT_BAD_MODULE;
      }
      long[] arguments =
          invoke != null ? Values.parseArguments(function.type(), args) : new long[0];
      long[] results = function.call(arguments);
      if (invoke != null) {
        printResults(function.type(), results);
      }
      return 0;
    } catch (IOException e) {
      err.println("wali: " + e.getMessage());
      return Main.EXIT_BAD_MODULE;
    } catch (IllegalArgumentException e) {
      err.println("wali: " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (WasmException e) {
      err.println("wali: " + module + ": " + Failures.describe(e));
      return Failures.status(e).shellStatus();
    }
  }

  /**
   * A module that imports from {@code wali} runs as a WALI process: argv[0] is the module's path,
   * the environment and working directory are the launcher's, and the launcher exits with the
   * process's status (128 + n for a signal death).
   */
  /** The limits the options give; the defaults limit nothing. */
  private Limits limits() {
    Limits l = Limits.DEFAULT;
    if (maxMemory != null) {
      l = l.withMemoryBytes(maxMemory);
    }
    if (maxTableElements != null) {
      l = l.withTableElements(maxTableElements);
    }
    if (maxOpenFiles != null) {
      l = l.withOpenFiles(maxOpenFiles);
    }
    if (maxProcesses != null) {
      l = l.withProcesses(maxProcesses);
    }
    if (maxThreads != null) {
      l = l.withThreads(maxThreads);
    }
    if (fuel != null) {
      l = l.withFuel(fuel);
    }
    if (stackSize != null) {
      l = l.withStackBytes(stackSize);
    }
    return l;
  }

  private int runWali(Module parsed, Limits limits) {
    List<String> argv = new ArrayList<>();
    argv.add(module.toString());
    argv.addAll(args);
    Wali.Builder process =
        Wali.process(parsed)
            .argv(argv)
            .diagnostics(diagnostics)
            .verbosity(verbosity)
            .strace(strace)
            .limits(limits)
            .jit(Jit.Mode.parse(jit))
            .hostSignals(true)
            // The JVM ends when this returns: a daemon (fork, then the parent exits) must end
            // first.
            .awaitDescendants(true);
    if (envFile != null) {
      process.envFile(envFile);
    }
    envOverrides.forEach(process::env);
    System.out.flush();
    return process.run().shellStatus();
  }

  /** A byte count with an optional binary suffix: 65536, 512k, 8m, 1g. */
  static final class ByteSize implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      int shift = v.endsWith("k") ? 10 : v.endsWith("m") ? 20 : v.endsWith("g") ? 30 : 0;
      String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
      long n;
      try {
        n = Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("not a size (N, Nk, Nm or Ng): '" + value + "'");
      }
      if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
        throw new TypeConversionException("size out of range: '" + value + "'");
      }
      return n << shift;
    }
  }

  private static Function exportedFunction(Instance instance, String name) {
    Extern e = instance.export(name);
    return e instanceof Function f ? f : null;
  }

  private void printResults(FuncType type, long[] results) {
    PrintWriter out = spec.commandLine().getOut();
    for (int i = 0; i < results.length; i++) {
      out.println(Values.format(type.results()[i], results[i]));
    }
    out.flush();
  }
}
