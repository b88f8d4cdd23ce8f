package io.wali4j.core.exec;

import io.wali4j.core.interp.ThreadState;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Which tier runs Wasm code: the interpreter only ({@link Mode#OFF}), the interpreter first with
 * hot functions compiled in the background ({@link Mode#TIERED}), or every function that may be
 * compiled compiled at instantiation ({@link Mode#EAGER}). The default comes from the system
 * property {@code wali4j.jit} ({@code off}, {@code tiered}, {@code eager}); a {@link Store} may
 * choose otherwise. Without a {@link CompilerTier} on the module path every mode interprets.
 */
public final class Jit {

  /** The tiering policy of a store. */
  public enum Mode {
    OFF,
    TIERED,
    EAGER;

    /** Parses {@code off}, {@code tiered} or {@code eager} (any case). */
    public static Mode parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("jit mode must be off, tiered or eager: " + s, e);
      }
    }
  }

  /** The least a compiled frame spends of {@link #stackLeft}: see ThreadState.MIN_FRAME_SLOTS. */
  public static final int MIN_FRAME_SLOTS = ThreadState.MIN_FRAME_SLOTS;

  /** Interpreted calls after which a function is hot; property {@code wali4j.jit.hotCalls}. */
  public static final int HOT_CALLS = Integer.getInteger("wali4j.jit.hotCalls", 1000);

  /**
   * Interpreted branches (taken or not) of a thread between two samples of the function it runs;
   * property {@code wali4j.jit.loopSample}.
   */
  public static final int LOOP_SAMPLE = Integer.getInteger("wali4j.jit.loopSample", 4096);

  /**
   * Samples after which a function is hot by the time its loops take, even when it is not called
   * again (a main loop): property {@code wali4j.jit.hotLoopSamples}. With {@link #LOOP_SAMPLE},
   * about 100 000 branches spent in it.
   */
  public static final int HOT_LOOP_SAMPLES = Integer.getInteger("wali4j.jit.hotLoopSamples", 25);

  /**
   * Calls of an interpreted function from compiled code that count as one sample of work in it
   * ({@link WasmFunction#countSlowCall}): such a call costs about as much as this many interpreted
   * branches; property {@code wali4j.jit.slowCallsPerSample}.
   */
  public static final int SLOW_CALLS_PER_SAMPLE =
      Integer.getInteger("wali4j.jit.slowCallsPerSample", 64);

  /**
   * Whether an interpreted invocation continues in its function's compiled code at a loop head once
   * that code is installed ({@link OnStackEntry}), instead of staying interpreted until it returns:
   * property {@code wali4j.jit.onStackEntry} (true).
   */
  public static final boolean ON_STACK_ENTRY =
      Boolean.parseBoolean(System.getProperty("wali4j.jit.onStackEntry", "true"));

  /**
   * The mode of stores that do not choose one: tiered (compiled code keeps the interpreter's stack
   * budget, --stack-size, and the C corpus, lua, sqlite3 and bash pass with it).
   */
  public static final Mode DEFAULT_MODE = Mode.parse(System.getProperty("wali4j.jit", "tiered"));

  private static volatile CompilerTier tier = load();

  /**
   * The ahead-of-time code cache of runs that do not choose one, or null for none: the system
   * property {@code wali4j.aot.cache} (a directory, or {@code none}), else {@code
   * $XDG_CACHE_HOME/wali4j/aot}, else {@code ~/.cache/wali4j/aot}.
   */
  public static final Path DEFAULT_AOT_CACHE = defaultAotCache();

  private static volatile Path aotCache = DEFAULT_AOT_CACHE;

  private Jit() {}

  private static CompilerTier load() {
    return ServiceLoader.load(CompilerTier.class, Jit.class.getClassLoader())
        .findFirst()
        .orElse(null);
  }

  /** The compiler tier in use, or null when only the interpreter is available. */
  public static CompilerTier tier() {
    return tier;
  }

  /** Sets the compiler tier (an OSGi component does, where ServiceLoader finds none); or null. */
  public static void register(CompilerTier t) {
    tier = t;
  }

  /**
   * The directory of the ahead-of-time code cache that {@code wali compile} fills and runs read
   * (see {@link CompilerTier#compileAhead}), or null for none; {@link #DEFAULT_AOT_CACHE} unless
   * set.
   */
  public static Path aotCache() {
    return aotCache;
  }

  /** Sets the ahead-of-time code cache of this JVM's runs: a directory, or null for none. */
  public static void aotCache(Path dir) {
    aotCache = dir;
  }

  private static Path defaultAotCache() {
    String dir = System.getProperty("wali4j.aot.cache");
    if (dir != null) {
      return dir.isBlank() || dir.equals("none") ? null : Path.of(dir);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    // The XDG base directory spec: a relative XDG_CACHE_HOME is invalid and is ignored.
    Path base =
        xdg != null && xdg.startsWith("/")
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("wali4j").resolve("aot");
  }

  /**
   * The stack budget, in value-stack slots, of code the calling thread runs now ({@link
   * ThreadState#stackLeft}): compiled code spends it per call and traps with call stack exhausted
   * when it runs out, as the interpreter does at its caps (--stack-size).
   */
  public static int stackLeft() {
    return ThreadState.current().stackLeft();
  }

  /** Called once per instance before its start function runs. */
  static void instantiated(Instance instance) {
    CompilerTier t = tier;
    if (t != null && instance.store().jitMode() == Mode.EAGER) {
      t.compileAll(instance);
    }
  }

  /** Called by the interpreter when {@code f} becomes hot. */
  public static void hot(WasmFunction f) {
    CompilerTier t = tier;
    if (t != null && f.instance().store().jitMode() == Mode.TIERED) {
      t.hot(f);
    }
  }
}
