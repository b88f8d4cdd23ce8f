package io.wali4j.core;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.kernel.Host;
import io.wali4j.core.kernel.HostSignals;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.ProcessSlots;
import io.wali4j.core.kernel.ResourceLimits;
import io.wali4j.core.syscall.Diagnostics;
import io.wali4j.core.syscall.WaliImports;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a WALI program as a process: {@code Wali.process(bytes).args(...).env(...).cwd(dir).run()}
 * parses and validates the module, binds its {@code wali} imports, places its memory in a native
 * reservation, runs {@code _start} and returns how the process ended. Malformed, invalid and
 * unlinkable modules throw {@link WasmException} before anything runs; a trap ends the process as
 * the matching signal would.
 */
public final class Wali {

  /** The default log level: errors and warnings (0 none, 1 errors, 2 warnings, 3 info). */
  public static final int DEFAULT_VERBOSITY = Diagnostics.WARNING;

  private Wali() {}

  /**
   * Starts the interpreter's dispatch warm-up on a daemon thread (once per JVM; off with {@code
   * -Dwali4j.interp.warmDispatch=false}): a few milliseconds of synthetic code through the
   * interpreter loop, on its own instance, so that HotSpot's profile of the loop counts every
   * instruction before the loop is compiled. Call it first thing, before loading a module: the
   * profile it feeds only exists that early while HotSpot's compile queues are short. A run does
   * the same on its own thread otherwise, at its first interpreted instruction.
   */
  public static void warmUp() {
    io.wali4j.core.interp.Interpreter.warmUp();
  }

  /**
   * The dispatch warm-up's state in words, for diagnostics: {@code off}, {@code not started}, or
   * {@code running} / {@code done} followed by who started it ({@code started before the first run}
   * after {@link #warmUp}, {@code started at the first run} otherwise).
   */
  public static String warmUpState() {
    return io.wali4j.core.interp.Interpreter.warmUpState();
  }

  /** A process of the module in {@code moduleBytes} (a binary .wasm). */
  public static Builder process(byte[] moduleBytes) {
    return new Builder(ModuleParser.parse(moduleBytes));
  }

  /** A process of an already decoded module. */
  public static Builder process(Module module) {
    return new Builder(module);
  }

  /** Whether {@code module} imports from {@code wali} (and so must run as a WALI process). */
  public static boolean isWaliModule(Module module) {
    return WaliImports.isWaliModule(module);
  }

  /** The settings of one process run. */
  public static final class Builder {
    private final Module module;
    private List<String> argv = List.of("app.wasm");
    private Map<String, String> env = System.getenv();
    private Path cwd = Path.of("").toAbsolutePath();
    private int[] stdio = {0, 1, 2};
    private Host host;
    private PrintStream diagnostics = System.err;
    private int verbosity = Diagnostics.WARNING;
    private boolean strace;
    private Limits limits = Limits.DEFAULT;
    private ProcessSlots slots;
    private boolean awaitDescendants;
    private Jit.Mode jit = Jit.DEFAULT_MODE;
    private boolean hostSignals;
    private ProcessControl control;

    private Builder(Module module) {
      this.module = module;
    }

    /** The arguments as the program sees them, argv[0] (the program's path) first. */
    public Builder argv(List<String> argv) {
      this.argv = new ArrayList<>(argv);
      return this;
    }

    /** The initial environment; the host's by default. */
    public Builder env(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    /** Adds {@code key=value} to the initial environment, replacing a variable of that name. */
    public Builder env(String key, String value) {
      Map<String, String> m = new LinkedHashMap<>(env);
      m.put(key, value);
      this.env = Map.copyOf(m);
      return this;
    }

    /**
     * The initial environment read from {@code file} (one KEY=VALUE per line, the format of the
     * public WALI runtime's {@code --env-file}), instead of the host's.
     *
     * @throws IllegalArgumentException when the file cannot be read or has a line without '='
     */
    public Builder envFile(Path file) {
      this.env = EnvFiles.read(file);
      return this;
    }

    /**
     * The budget of the Wasm value and frame stacks, in bytes: {@code bytes / 8} value slots and a
     * call depth of {@code bytes / 64} frames (at least 16 of each); past it a program traps with
     * call stack exhausted (SIGSEGV), as a native program overflowing its stack would.
     */
    public Builder stackSize(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("stack size must be positive: " + bytes);
      }
      this.limits = limits.withStackBytes(bytes);
      return this;
    }

    /**
     * The resource limits of this process (see {@link Limits}); they replace all set before,
     * including a {@link #stackSize}. {@link Limits#DEFAULT} unless set, or the runtime's.
     */
    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    /** The limits this process will run with. */
    public Limits limits() {
      return limits;
    }

    /** The live-process count this process takes a slot of (its runtime's). */
    Builder slots(ProcessSlots slots) {
      this.slots = slots;
      return this;
    }

    /**
     * Which tier runs the program's code (see {@link Jit.Mode}): the interpreter only, hot
     * functions compiled in the background, or everything compiled before it starts. Without the
     * compiler tier (wali-jit) on the module path every mode interprets.
     */
    public Builder jit(Jit.Mode mode) {
      this.jit = mode;
      return this;
    }

    /** The log level of the runtime's reports (see {@link Diagnostics}); 2 by default. */
    public Builder verbosity(int level) {
      this.verbosity = level;
      return this;
    }

    /**
     * Whether {@link #run} also waits, once the process has ended, for the processes it started
     * that outlive it (false by default). A process whose parent ends is reparented to no one and
     * runs on in this JVM, as a daemon does after its fork: an embedder that ends the JVM when
     * {@code run} returns (the {@code wali} launcher) would end it too, where natively it would run
     * on. {@code run} still returns the process's own status.
     */
    public Builder awaitDescendants(boolean await) {
      this.awaitDescendants = await;
      return this;
    }

    /**
     * What the embedder signals the process through (e.g. a shell's kill command); one control per
     * run.
     */
    public Builder control(ProcessControl control) {
      this.control = control;
      return this;
    }

    /**
     * Whether SIGINT, SIGTERM, SIGHUP and SIGWINCH sent to the JVM go to the process's foreground
     * group while it runs (for a launcher whose JVM runs this one program); off by default.
     */
    public Builder hostSignals(boolean on) {
      this.hostSignals = on;
      return this;
    }

    /** Whether to print one line per syscall to the diagnostics stream. */
    public Builder strace(boolean on) {
      this.strace = on;
      return this;
    }

    /** The working directory; the JVM's by default (the JVM's own never changes). */
    public Builder cwd(Path cwd) {
      this.cwd = cwd;
      return this;
    }

    /** Host fds that become the process's fds 0, 1 and 2 (duplicated); 0, 1, 2 by default. */
    public Builder stdio(int in, int out, int err) {
      this.stdio = new int[] {in, out, err};
      return this;
    }

    /** The host kernel to use; found as services by default. */
    public Builder host(Host host) {
      this.host = host;
      return this;
    }

    /**
     * Where the runtime reports traps, unsupported calls and (with {@link #strace}) syscalls;
     * System.err by default.
     */
    public Builder diagnostics(PrintStream diagnostics) {
      this.diagnostics = diagnostics;
      return this;
    }

    /**
     * Runs the process to its end.
     *
     * @throws WasmException when the module is malformed, invalid or cannot be linked, or its
     *     memory or table minimum is over the limits
     * @throws IllegalStateException when the runtime already has {@link Limits#processes} live
     */
    public ExitStatus run() {
      ValidatedModule validated = Validator.validate(module, limits.metered());
      Host h = host != null ? host : Host.load();
      Diagnostics log = new Diagnostics(diagnostics, verbosity, strace);
      log.log(Diagnostics.INFO, "starting " + argv.get(0) + " with " + env.size() + " variables");
      ExitStatus status = runProcess(validated, h, log);
      log.log(Diagnostics.INFO, argv.get(0) + " ended: " + status);
      return status;
    }

    private ExitStatus runProcess(ValidatedModule validated, Host h, Diagnostics log) {
      ProcessControl c = control != null ? control : new ProcessControl();
      c.claim();
      try {
        return runProcess(validated, h, log, c);
      } finally {
        c.ended();
      }
    }

    private ExitStatus runProcess(
        ValidatedModule validated, Host h, Diagnostics log, ProcessControl c) {
      ProcessSlots s = slots != null ? slots : new ProcessSlots(limits.processes());
      if (!s.tryAcquire()) {
        throw new IllegalStateException(
            "process limit reached: " + s.limit() + " processes live in this runtime");
      }
      Process p;
      try {
        p = Process.start(h, argv, env, cwd, stdio);
      } catch (RuntimeException e) {
        s.release();
        throw e;
      }
      p.slots(s);
      p.threadLimit(limits.threads());
      if (limits.openFiles() != Integer.MAX_VALUE) {
        p.rlimits().capAt(ResourceLimits.RLIMIT_NOFILE, limits.openFiles());
      }
      WaliImage image = new WaliImage(validated, log, limits, jit);
      c.started(p);
      if (hostSignals) {
        HostSignals.route(p);
      }
      ExitStatus status;
      try {
        status = WaliImage.run(p, log, () -> image.start(p));
      } finally {
        HostSignals.release(p);
      }
      if (awaitDescendants && s.live() > 0) {
        log.log(Diagnostics.INFO, s.live() + " processes outlive " + argv.get(0) + ": waiting");
        try {
          s.awaitNone();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return status;
    }
  }
}
