package io.wali4j.shell.internal;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.ExitStatus;
import io.wali4j.api.HostSpawner;
import io.wali4j.api.SyscallTrap;
import io.wali4j.core.ProcessControl;
import io.wali4j.core.Wali;
import io.wali4j.core.WaliRuntime;
import io.wali4j.core.exec.CompilerTier;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.wasm.WasmException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code wali} Gogo commands: run WALI programs inside the framework's JVM, list and kill them,
 * and show the architecture backends bound. Declarative Services feeds the {@link WaliRuntime} with
 * every {@link ArchBackend} service as it comes and goes, so a backend bundle can be updated while
 * programs run: their syscalls wait for the replacement (up to {@code backend.wait.ms}, default the
 * system property {@code wali.backend.wait} or 10 s) instead of failing. The component is
 * immediate: programs started with {@code wali:start} run on its runtime and must outlive the
 * command that started them.
 */
@Component(
    service = WaliCommands.class,
    immediate = true,
    property = {
      "osgi.command.scope=wali",
      "osgi.command.function=run",
      "osgi.command.function=start",
      "osgi.command.function=ps",
      "osgi.command.function=kill",
      "osgi.command.function=backends",
      "osgi.command.function=jit"
    })
public final class WaliCommands {

  /** Exit status of a program that could not be started (a shell's "cannot execute"). */
  static final int CANNOT_EXECUTE = 126;

  private static final long JOB_STACK = 16L << 20;

  private final WaliRuntime runtime;
  private final Map<ArchBackend, String> backendBundles = new ConcurrentHashMap<>();
  private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger nextPid = new AtomicInteger(100);
  private volatile String compilerBundle;

  @Activate
  public WaliCommands(@Reference SyscallTrap trap, Map<String, Object> config) {
    // The interpreter's dispatch warm-up, before any program runs (its profile must exist early).
    Wali.warmUp();
    this.runtime = new WaliRuntime(trap);
    Object wait = config.get("backend.wait.ms");
    if (wait != null) {
      runtime.backendWait(Duration.ofMillis(Long.parseLong(wait.toString())));
    }
  }

  @Reference(
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindBackend(ArchBackend backend, ServiceReference<ArchBackend> ref) {
    Bundle b = ref.getBundle();
    backendBundles.put(
        backend,
        b == null
            ? "?"
            : b.getSymbolicName() + " " + b.getVersion() + " [" + b.getBundleId() + "]");
    runtime.bindBackend(backend);
  }

  void unbindBackend(ArchBackend backend) {
    runtime.unbindBackend(backend);
    backendBundles.remove(backend);
  }

  /** execve of a native binary needs the wali-native bundle's spawner: ServiceLoader sees none. */
  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindSpawner(HostSpawner spawner) {
    WaliRuntime.bindHostSpawner(spawner);
  }

  void unbindSpawner(HostSpawner spawner) {
    WaliRuntime.unbindHostSpawner(spawner);
  }

  /**
   * The compiler tier (the wali-jit bundle's CompilerTier service): ServiceLoader sees none in
   * OSGi, so the engine gets it from here; without it every program is interpreted.
   */
  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void bindCompiler(CompilerTier tier, ServiceReference<CompilerTier> ref) {
    Bundle b = ref.getBundle();
    compilerBundle = b == null ? "?" : b.getSymbolicName() + " " + b.getVersion();
    Jit.register(tier);
  }

  void unbindCompiler(CompilerTier tier) {
    if (Jit.tier() == tier) {
      Jit.register(null);
      compilerBundle = null;
    }
  }

  /** Ends the programs still running when the shell goes away: they run on its runtime. */
  @Deactivate
  void deactivate() throws InterruptedException {
    for (Job job : jobs.values()) {
      job.kill(9);
    }
    for (Job job : jobs.values()) {
      try {
        job.end().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // reported by the job's own thread; the shell is going away regardless
      }
    }
  }

  @Descriptor("run a WALI program with this session's input and output; returns its exit status")
  public int run(
      CommandSession session,
      @Descriptor("the program (.wasm)") String module,
      @Descriptor("its arguments") String... args)
      throws IOException, InterruptedException {
    Job job = launch(session, module, args, System.err);
    if (job == null) {
      return CANNOT_EXECUTE;
    }
    try {
      job.stdio().pump(session.getKeyboard(), System.out, System.err, job::running);
    } catch (InterruptedException e) {
      // The command was interrupted (Ctrl-C): the program gets SIGINT, as in a terminal. Its
      // output is still copied until it ends, so that a program blocked on a full pipe gets to its
      // next syscall.
      job.kill(2);
      job.stdio().pump(null, System.out, System.err, job::running);
      Thread.currentThread().interrupt();
    } finally {
      jobs.remove(job.pid());
      job.stdio().close();
    }
    return job.end().join().shellStatus();
  }

  @Descriptor("start a WALI program in the background, its output to the console; returns its pid")
  public int start(
      CommandSession session,
      @Descriptor("the program (.wasm)") String module,
      @Descriptor("its arguments") String... args)
      throws IOException {
    PrintStream console = session.getConsole();
    Job job = launch(session, module, args, console);
    if (job == null) {
      return -1;
    }
    job.stdio().closeStdin();
    Thread pump = new Thread(() -> pumpInBackground(job, console), "wali-" + job.pid() + "-stdio");
    pump.setDaemon(true);
    pump.start();
    return job.pid();
  }

  private void pumpInBackground(Job job, PrintStream console) {
    try (StdioPipes stdio = job.stdio()) {
      stdio.pump(null, console, console, job::running);
    } catch (IOException e) {
      console.println("wali: " + job.pid() + ": output lost: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      jobs.remove(job.pid());
    }
  }

  @Descriptor("list the running WALI programs")
  public String ps() {
    StringBuilder sb = new StringBuilder(String.format("%5s %-5s %s%n", "PID", "STATE", "COMMAND"));
    jobs.values().stream()
        .sorted((a, b) -> Integer.compare(a.pid(), b.pid()))
        .forEach(j -> sb.append(String.format("%5d %-5s %s%n", j.pid(), j.state(), j.command())));
    return sb.toString();
  }

  @Descriptor("end a WALI program with SIGTERM")
  public void kill(@Descriptor("its pid, as wali:ps shows") int pid) {
    kill(pid, "TERM");
  }

  @Descriptor("send a signal to a WALI program")
  public void kill(
      @Descriptor("its pid, as wali:ps shows") int pid,
      @Descriptor("the signal: a number or a name (TERM, KILL, INT, ...)") String signal) {
    int sig = Signals.parse(signal);
    Job job = jobs.get(pid);
    if (job == null || !job.running()) {
      throw new IllegalArgumentException("no such process: " + pid);
    }
    job.kill(sig);
  }

  @Descriptor("list the architecture backends bound; * marks the one in force")
  public String backends() {
    String arch = System.getProperty("os.arch");
    ArchBackend inForce = runtime.backend().orElse(null);
    StringBuilder sb =
        new StringBuilder(String.format("  %-8s %-5s %s%n", "ISA", "HOST", "BUNDLE"));
    for (ArchBackend b : runtime.backends()) {
      sb.append(
          String.format(
              "%s %-8s %-5s %s%n",
              b == inForce ? "*" : " ",
              b.isa(),
              b.servesOsArch(arch) ? "yes" : "no",
              backendBundles.getOrDefault(b, "?")));
    }
    return sb.toString();
  }

  @Descriptor(
      "show the compiler tier in use, what it compiled so far and the interpreter's warm-up")
  public String jit() {
    String warmUp = "interpreter dispatch warm-up: " + Wali.warmUpState() + "\n";
    CompilerTier tier = Jit.tier();
    if (tier == null) {
      return "no compiler tier: programs are interpreted\n" + warmUp;
    }
    CompilerTier.Stats stats = tier.stats();
    return String.format(
            "compiler tier: %s (%s), mode %s%nmodules compiled: %d, from the ahead-of-time cache: %d%n",
            tier.getClass().getSimpleName(),
            compilerBundle,
            Jit.DEFAULT_MODE.name().toLowerCase(Locale.ROOT),
            stats.compiledModules(),
            stats.cachedModules())
        + warmUp;
  }

  /** Starts {@code module} as a job; null (reported on {@code err}) when it cannot start. */
  private Job launch(CommandSession session, String module, String[] args, PrintStream err)
      throws IOException {
    Path cwd = session.currentDir() != null ? session.currentDir() : Path.of("").toAbsolutePath();
    List<String> argv = new ArrayList<>();
    argv.add(module);
    argv.addAll(List.of(args));
    ProcessControl control = new ProcessControl();
    Wali.Builder builder;
    try {
      byte[] bytes = Files.readAllBytes(cwd.resolve(module));
      builder = runtime.process(bytes).control(control);
    } catch (NoSuchFileException e) {
      err.println("wali: " + module + ": no such file");
      return null;
    } catch (IOException | WasmException | IllegalStateException e) {
      err.println("wali: " + module + ": " + e.getMessage());
      return null;
    }
    StdioPipes stdio = new StdioPipes(runtime);
    int[] fds = stdio.processEnds();
    builder.argv(argv).cwd(cwd).stdio(fds[0], fds[1], fds[2]).diagnostics(stdio.diagnostics());
    Job job = new Job(nextPid.getAndIncrement(), String.join(" ", argv), control, stdio);
    jobs.put(job.pid(), job);
    Thread t = new Thread(null, () -> runJob(job, builder), "wali-" + job.pid(), JOB_STACK);
    t.setDaemon(true);
    t.start();
    return job;
  }

  private static void runJob(Job job, Wali.Builder builder) {
    ExitStatus status = ExitStatus.exited(CANNOT_EXECUTE);
    try {
      status = builder.run();
    } catch (WasmException | IllegalArgumentException e) {
      job.stdio().diagnostics().println("wali: " + job.command() + ": " + e.getMessage());
    } finally {
      job.stdio().closeProcessEnds();
      job.ended(status);
    }
  }
}
