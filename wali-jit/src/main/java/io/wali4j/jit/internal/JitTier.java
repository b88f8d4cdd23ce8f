package io.wali4j.jit.internal;

import io.wali4j.core.exec.CompilerTier;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.Opcodes;
import io.wali4j.core.wasm.ValidatedModule;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;
import org.osgi.service.component.annotations.Component;

/**
 * The compiler tier: compiles a module's functions into hidden classes, shared by the module's
 * instances, and installs the code in each instance that asks. Tiered: a function that gets hot
 * (interpreted calls, or time in its loops) is queued for a background thread, which compiles the
 * queued functions (and their warm direct callees) as one small batch and installs them; functions
 * never hot stay interpreted. Eager: every function that may be compiled, at instantiation, in
 * batches of up to {@link #MAX_BATCH}. Calls inside a batch are direct {@code invokestatic}; calls
 * to defined functions of other batches, or not compiled, go through the module's {@link Links} (an
 * {@code invokedynamic} site that becomes a direct call once the callee is compiled). Functions the
 * JVM cannot hold as one method (64 KiB of bytecode) stay interpreted (they are not split); calls
 * to them from compiled code go through the interpreter.
 *
 * <p>Ahead of time: {@link #compileAhead} writes a module's class files to the cache ({@link
 * AotCache}); where a later run would compile the module (eager: at instantiation; tiered: at its
 * first hot function, in the background) it defines the cached classes instead.
 *
 * <p>Outside OSGi the engine finds it with {@link java.util.ServiceLoader}; in OSGi it is a
 * Declarative Services component providing {@link CompilerTier}, which the shell's component hands
 * to {@code Jit.register}.
 *
 * <p>System properties: {@code wali4j.jit.strict=true} makes a function the compiler fails on an
 * error instead of leaving it interpreted (the compiled-only spec run sets it); {@code
 * wali4j.jit.dump=DIR} writes every generated class file to DIR.
 */
@Component(service = CompilerTier.class)
public final class JitTier implements CompilerTier {

  /** Functions per generated class: keeps the dispatch method under the JVM's 64 KiB. */
  static final int MAX_BATCH = 3000;

  /**
   * Pre-decoded length from which a function is first generated alone, to find out whether its
   * method fits in 64 KiB of bytecode (see {@link #fitsAlone}); shorter ones always fit so far.
   */
  static final int PRECHECK_LENGTH = 2048;

  /**
   * The longest method, in bytes of bytecode, a function is compiled to whole when it can be split
   * instead ({@code -Dwali4j.jit.c1MethodBytes}, 0 for no limit). HotSpot's C1 gives up on methods
   * that need more than 10000 virtual registers ("out of virtual registers"), which our longer
   * methods do: such a method runs in the JVM's bytecode interpreter until C2 compiles it, and
   * again after each trap or repointed call site in C2's code until C2 recompiles it (C1 being
   * ruled out). Bytes are a rough measure of registers: C1 refused methods of 11830 (lua's
   * luaC_step, profiling tier only), 17459 (sqlite3BtreeInsert) and 26755 bytes (printf_core) and
   * compiled 11351 (alloc_slot) and 14570 (str_format). Splitting costs a hot function its
   * crossings (with 11000, alloc_slot, musl's malloc, split too), so the budget stays above the
   * largest methods C1 compiled (benchmarks/RESULTS.md, 2026-12-07).
   */
  private static volatile int c1MethodBytes = Integer.getInteger("wali4j.jit.c1MethodBytes", 15000);

  /** Sets {@link #c1MethodBytes} (tests); returns the previous value. */
  static int c1MethodBytes(int bytes) {
    int previous = c1MethodBytes;
    c1MethodBytes = bytes;
    return previous;
  }

  private static final boolean STRICT = Boolean.getBoolean("wali4j.jit.strict");
  private static final String DUMP = System.getProperty("wali4j.jit.dump");

  /**
   * Whether functions that can reach a setjmp or fork are compiled too, compiled frames moving to
   * the interpreter when one happens under them (the default, {@code unwind}; see {@link
   * #mayCompile} for which), instead of keeping every such function interpreted ({@code
   * -Dwali4j.jit.capture=interpret}).
   */
  static final boolean CAPTURE_UNWIND =
      "unwind".equals(System.getProperty("wali4j.jit.capture", "unwind"));

  /**
   * The longest pre-decoded code of a function that can reach a capture and is always compiled
   * under {@code unwind} in eager mode and by {@code wali compile} ({@code
   * -Dwali4j.jit.unwindMaxLength}); tiered mode decides by work instead ({@link Payback}).
   */
  static final int UNWIND_MAX_LENGTH = Integer.getInteger("wali4j.jit.unwindMaxLength", 1024);

  /**
   * For a longer such function, the most values its capture handlers may save (capture sites times
   * locals; {@code -Dwali4j.jit.unwindMaxHandlerState}): a large function with few capture sites,
   * such as libc's {@code syscall()} (a switch over every syscall, two of which fork), is compiled
   * as one that reaches no capture would be.
   */
  static final int UNWIND_MAX_HANDLER_STATE =
      Integer.getInteger("wali4j.jit.unwindMaxHandlerState", 64);

  /**
   * Whether tiered mode compiles hot functions only ({@code -Dwali4j.jit.hotOnly=true|false}). The
   * default follows the capture policy: under {@code unwind} every function may be compiled and the
   * whole module costs seconds of CPU, so only hot functions are; under {@code interpret} the
   * smaller set that may be compiled takes well under 2 s, and compiling it whole at the first hot
   * function measured faster for lua and sqlite3 (benchmarks/RESULTS.md, 2026-12-06).
   */
  static final boolean HOT_ONLY =
      Boolean.parseBoolean(
          System.getProperty("wali4j.jit.hotOnly", String.valueOf(CAPTURE_UNWIND)));

  /**
   * Whether tiered mode gives a hot function emitted whole an entry-only copy ({@link
   * RegionPlanner#enterable}) when it got hot by its loops, fewer than {@link Jit#HOT_CALLS} calls
   * counted ({@code -Dwali4j.jit.entryCopies}, on by default): its running invocation then goes on
   * compiled at its next loop head instead of staying interpreted until it returns. A copy is cut
   * into regions of at most {@link RegionPlanner#REGION_SLOTS} slots, as a split function is: as
   * one method, memcached's LRU maintainer thread (1926 slots, one call, a loop that sleeps between
   * short rounds) entered a copy C1 could not compile ("out of virtual registers"), which C2
   * compiled again at every call target installed in it, for 3 s of C2's CPU per 10 s under load
   * (benchmarks/RESULTS.md, "entry-only copies").
   */
  static final boolean ENTRY_COPIES =
      Boolean.parseBoolean(System.getProperty("wali4j.jit.entryCopies", "true"));

  /**
   * The longest function given an entry-only copy ({@code -Dwali4j.jit.entryCopySlots}; default:
   * any). A copy longer than a region is cut into regions as a split function is ({@link
   * RegionPlanner#entryPlan}).
   */
  static final int ENTRY_COPY_SLOTS =
      Integer.getInteger("wali4j.jit.entryCopySlots", Integer.MAX_VALUE);

  /**
   * The compiling thread's CPU clock, looked up at the first compile: the platform's management
   * beans cost a run's start some 30 classes and their set-up, and most short runs compile nothing.
   */
  private static final class CpuClock {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  }

  private static final ExecutorService BACKGROUND =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "wali4j-jit");
            t.setDaemon(true);
            return t;
          });

  /** Per module, its code for each {@link MemoryKind} met so far. */
  private final Map<Module, ModuleCode[]> modules =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** How many modules this tier compiled, and how many it took from the ahead-of-time cache. */
  private final AtomicInteger compiledModules = new AtomicInteger();

  private final AtomicInteger cachedModules = new AtomicInteger();

  /**
   * Functions this tier compiled, and the CPU time its threads spent generating and defining them.
   */
  private final AtomicInteger compiledFunctions = new AtomicInteger();

  private final AtomicLong compileNanos = new AtomicLong();

  /**
   * The code of a module for one kind of memory: what is compiled or cached so far, and in tiered
   * mode the hot functions waiting for the background thread. Compiling holds the object's lock;
   * queueing holds only {@link #queue}'s, so an interpreter thread never waits for a compilation.
   */
  private static final class ModuleCode {
    final CompiledModule code;
    boolean cacheLookedUp;

    /** Every function that may be compiled was (eager mode, or a cached module). */
    boolean whole;

    /** Counted in {@link #compiledModules} already. */
    boolean counted;

    /** Batches compiled for it. */
    int batches;

    CaptureAnalysis.Result capture;

    /** Functions the compiler was given once: compiled, or left out (too large, rejected). */
    final BitSet attempted = new BitSet();

    /** Functions compiled again for an entry-only copy ({@link #copyFor}), once each. */
    final Set<Integer> recopied = ConcurrentHashMap.newKeySet();

    /** Functions generated alone to learn whether they are split ({@link #splits}). */
    final Set<Integer> splitChecked = new HashSet<>();

    final Object queue = new Object();
    List<WasmFunction> pending = new ArrayList<>();
    boolean scheduled;

    /** Functions installed in an instance because they were hot or in the profile: recorded. */
    final Set<Integer> ranCompiled = ConcurrentHashMap.newKeySet();

    /** The module's defined code (the profile's key), kept once a function got hot. */
    List<FunctionCode> definedCode;

    /** Instances whose first hot function looked for the recorded profile (under queue's lock). */
    final Set<Instance> profiled = Collections.newSetFromMap(new WeakHashMap<>());

    boolean profileLookedUp;

    /** The recorded profile read from the cache, or null. */
    BitSet profile;

    ModuleCode(Module m) {
      this.code = new CompiledModule(m);
    }
  }

  /**
   * Tiered mode: {@code f} is hot. When its code exists (compiled for another instance of the
   * module, or defined from the cache) it is installed now; otherwise it joins the functions queued
   * for the background thread, which compiles what is queued as one small batch (with their warm
   * direct callees, see {@link #batchOf}) and installs it. No whole-module compilation: a function
   * never hot stays interpreted.
   */
  @Override
  public void hot(WasmFunction f) {
    Instance inst = f.instance();
    InterpreterProfile.see(inst);
    if (!HOT_ONLY) {
      BACKGROUND.execute(() -> compileAll(inst));
      return;
    }
    ModuleCode mc = moduleCode(inst.module(), MemoryKind.of(inst));
    boolean first;
    synchronized (mc.queue) {
      first = mc.profiled.add(inst);
      if (mc.definedCode == null) {
        mc.definedCode = definedCode(inst);
      }
    }
    if (first && Jit.aotCache() != null) {
      BACKGROUND.execute(() -> applyProfile(mc, inst));
    }
    recordOnExit();
    if (!wantsCopy(mc, f) && mc.code.install(inst, f.funcidx())) {
      mc.ranCompiled.add(f.funcidx());
      return;
    }
    synchronized (mc.queue) {
      mc.pending.add(f);
      if (mc.scheduled) {
        return;
      }
      mc.scheduled = true;
    }
    BACKGROUND.execute(() -> drain(mc, inst));
  }

  /** On the background thread: compiles and installs what is queued until nothing is. */
  private void drain(ModuleCode mc, Instance inst) {
    while (true) {
      List<WasmFunction> hot;
      synchronized (mc.queue) {
        if (mc.pending.isEmpty()) {
          mc.scheduled = false;
          return;
        }
        hot = mc.pending;
        mc.pending = new ArrayList<>();
      }
      try {
        synchronized (mc) {
          compileHot(mc, inst, hot);
        }
      } catch (RuntimeException | LinkageError e) {
        if (STRICT) {
          throw e;
        }
        System.err.println("wali4j: compilation failed, functions stay interpreted: " + e);
      }
      for (WasmFunction w : hot) {
        if (mc.code.install(w.instance(), w.funcidx())) {
          mc.ranCompiled.add(w.funcidx());
        }
      }
      // After the first batch is installed, so that it does not wait for JMX.
      GeneratorCode.keepFromC2();
    }
  }

  /**
   * Compiles the hot functions {@code hot} of {@code inst}'s module not compiled yet. A module
   * whose code came from the cache is no exception: the cache holds eager mode's set ({@link
   * #mayCompile}) and the recorded profile's functions ({@link #compileAhead}), and a hot function
   * outside them (a large one that can reach a capture, compiled once it has paid: lua's {@code
   * luaV_execute} without a profile) is compiled as without a cache.
   */
  private void compileHot(ModuleCode mc, Instance inst, List<WasmFunction> hot) {
    Module m = inst.module();
    MemoryKind kind = MemoryKind.of(inst);
    lookUpCache(mc, inst, kind);
    List<FunctionCode> batch = batchOf(mc, inst, hot);
    if (!batch.isEmpty()) {
      compileInto(mc, m, batch, kind);
    }
  }

  /**
   * The functions to compile for {@code hot}: each hot function that may be compiled and was not
   * tried yet, and its direct callees that are warm (half of {@link Jit#HOT_CALLS} interpreted
   * calls counted): they would be hot soon, and in the same batch the hot function calls them with
   * a plain {@code invokestatic}.
   */
  private static List<FunctionCode> batchOf(ModuleCode mc, Instance inst, List<WasmFunction> hot) {
    Module m = inst.module();
    if (mc.capture == null) {
      mc.capture = CaptureAnalysis.analyse(m, definedCode(inst));
    }
    Map<Integer, FunctionCode> batch = new LinkedHashMap<>();
    for (WasmFunction w : hot) {
      take(mc, w, batch, false);
      copyFor(mc, w, batch);
    }
    for (WasmFunction w : hot) {
      if (!batch.containsKey(w.funcidx())) {
        continue;
      }
      int[] c = w.code().code();
      for (int pc = 0; pc < c.length; pc += Immediates.length(c, pc)) {
        if (c[pc] == Opcodes.CALL && c[pc + 1] >= m.importedFunctionCount()) {
          WasmFunction callee = (WasmFunction) inst.function(c[pc + 1]);
          if (callee.callsCounted() >= Jit.HOT_CALLS / 2) {
            take(mc, callee, batch, false);
          }
        }
      }
    }
    return new ArrayList<>(batch.values());
  }

  /**
   * Gives {@code w} an entry-only copy ({@link #ENTRY_COPIES}) when it is hot by its loops, no
   * longer than {@link #ENTRY_COPY_SLOTS} and emitted whole, and either in {@code batch} or
   * compiled without a copy and not installed in its instance ({@link #wantsCopy}: its code came
   * from the cache or from another instance's eager compilation, which make none). Such code is
   * compiled again, alone with its copy, and replaces the old code for every instance that installs
   * it from then on.
   */
  private static void copyFor(ModuleCode mc, WasmFunction w, Map<Integer, FunctionCode> batch) {
    int fi = w.funcidx();
    FunctionCode fc = w.code();
    boolean again = !batch.containsKey(fi) && wantsCopy(mc, w);
    if (!ENTRY_COPIES || w.callsCounted() >= Jit.HOT_CALLS || !(batch.containsKey(fi) || again)) {
      return;
    }
    // Hot by its loops: an invocation of it may be running one that would not end soon.
    int slots = fc.code().length;
    if (slots > ENTRY_COPY_SLOTS) {
      if (!RegionPlanner.splits(fc)) {
        log(() -> w.name() + " gets no entry-only copy: " + slots + " slots");
      }
      return;
    }
    RegionPlanner.enterable(fc);
    if (!RegionPlanner.entryCopy(fc)) {
      return;
    }
    if (again) {
      mc.recopied.add(fi);
      batch.put(fi, fc);
    }
    log(
        () ->
            w.name()
                + " gets an entry-only copy: "
                + w.callsCounted()
                + " calls"
                + (again ? ", compiled again (its code had none)" : ""));
  }

  /**
   * Whether {@code w}, hot and not installed in its instance, has compiled code without entries
   * that it should not install but compile again with an entry-only copy ({@link #copyFor}).
   */
  private static boolean wantsCopy(ModuleCode mc, WasmFunction w) {
    int fi = w.funcidx();
    return ENTRY_COPIES
        && w.compiled() == null
        && w.callsCounted() < Jit.HOT_CALLS
        && w.code().code().length <= ENTRY_COPY_SLOTS
        && mc.code.has(fi)
        && !mc.code.entries(fi)
        && !mc.recopied.contains(fi)
        && !RegionPlanner.splits(w.code())
        && !RegionPlanner.loopHeads(w.code().code()).isEmpty();
  }

  /**
   * Adds {@code w} to {@code batch} when it may be compiled and was not tried yet. A function that
   * can reach a capture is compiled, under {@code unwind}, once the interpreter's work in it has
   * paid for its compilation ({@link Payback}); until then it stays interpreted, and it comes back
   * here when it has. (Eager mode and {@code wali compile}, which have no such measure, keep the
   * size rule of {@link #mayCompile}.) A function of the recorded profile ({@code recorded}) paid
   * in the run that recorded it and is taken at once.
   */
  private static void take(
      ModuleCode mc, WasmFunction w, Map<Integer, FunctionCode> batch, boolean recorded) {
    int fi = w.funcidx();
    if (mc.attempted.get(fi) || mc.code.has(fi)) {
      return;
    }
    if (mc.capture.reaches().get(fi)) {
      if (!CAPTURE_UNWIND || !(recorded || Payback.paid(w, () -> splits(mc, w)))) {
        return;
      }
      log(
          () ->
              w.name()
                  + " has paid: "
                  + w.samplesCounted()
                  + " samples, "
                  + w.callsCounted()
                  + " calls, "
                  + w.code().code().length
                  + " slots");
    }
    mc.attempted.set(fi);
    batch.put(fi, w.code());
  }

  /**
   * Whether {@code w} is compiled split into regions ({@link RegionPlanner}): generated alone to
   * find out, as {@link #generate} would, once per function; the region size found is kept, so its
   * compilation does not generate it whole again.
   */
  private static boolean splits(ModuleCode mc, WasmFunction w) {
    FunctionCode fc = w.code();
    if (RegionPlanner.splits(fc)) {
      return true;
    }
    if (fc.code().length < PRECHECK_LENGTH || !mc.splitChecked.add(fc.funcidx())) {
      return false;
    }
    Instance inst = w.instance();
    MemoryKind kind = MemoryKind.of(inst);
    fits(inst.module(), fc, kind, mc.capture);
    return RegionPlanner.splits(fc);
  }

  /**
   * On the background thread, at the first hot function of {@code inst}: when the cache holds a
   * recorded profile of the module ({@link AotProfile}, written by a run with {@code
   * wali4j.aot.record}), defines the cached classes, compiles the profile's functions the cache
   * does not hold (they paid in the recording run), and installs every function of the profile in
   * {@code inst}, so they run compiled from now on instead of each waiting to get hot or to pay.
   */
  private void applyProfile(ModuleCode mc, Instance inst) {
    long t0 = System.nanoTime();
    BitSet profile;
    try {
      synchronized (mc) {
        MemoryKind kind = MemoryKind.of(inst);
        Module m = inst.module();
        if (!mc.profileLookedUp) {
          mc.profileLookedUp = true;
          AotCache cache = AotCache.at(Jit.aotCache());
          if (cache != null) {
            mc.profile = cache.findProfile(m, definedCode(inst), kind);
          }
        }
        profile = mc.profile;
        if (profile == null) {
          return;
        }
        lookUpCache(mc, inst, kind);
        if (mc.capture == null) {
          mc.capture = CaptureAnalysis.analyse(m, definedCode(inst));
        }
        Map<Integer, FunctionCode> batch = new LinkedHashMap<>();
        for (int f = profile.nextSetBit(0); f >= 0; f = profile.nextSetBit(f + 1)) {
          take(mc, (WasmFunction) inst.function(f), batch, true);
        }
        if (!batch.isEmpty()) {
          compileInto(mc, m, new ArrayList<>(batch.values()), kind);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      if (STRICT) {
        throw e;
      }
      System.err.println("wali4j: compilation failed, functions stay interpreted: " + e);
      return;
    }
    int installed = 0;
    for (int f = profile.nextSetBit(0); f >= 0; f = profile.nextSetBit(f + 1)) {
      if (mc.code.install(inst, f)) {
        mc.ranCompiled.add(f);
        installed++;
      }
    }
    int n = installed;
    log(
        () ->
            "profile: "
                + n
                + " of its "
                + profile.cardinality()
                + " functions installed"
                + since(t0));
  }

  private static final AtomicBoolean RECORDING = new AtomicBoolean();

  /**
   * With {@code -Dwali4j.aot.record=true} (the launcher's {@code --aot-record}) and a cache:
   * registers, once, the JVM shutdown hook that writes each module's profile ({@link #record}).
   */
  private void recordOnExit() {
    if (!Boolean.getBoolean("wali4j.aot.record")
        || Jit.aotCache() == null
        || RECORDING.getAndSet(true)) {
      return;
    }
    Path root = Jit.aotCache();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> record(root), "wali4j-aot-record"));
  }

  /**
   * Writes, per module and memory kind that ran compiled code in this JVM, the functions installed
   * because they were hot (or in the profile this run applied) to the cache under {@code root}: the
   * module's recorded profile, replacing an earlier one.
   */
  void record(Path root) {
    AotCache cache = AotCache.at(root);
    if (cache == null) {
      return;
    }
    List<Map.Entry<Module, ModuleCode[]>> entries;
    synchronized (modules) {
      entries = new ArrayList<>(modules.entrySet());
    }
    // Modules parsed twice from the same bytes (an execve of the same program) share one file.
    Map<Path, BitSet> profiles = new LinkedHashMap<>();
    Map<Path, Runnable> writes = new LinkedHashMap<>();
    for (Map.Entry<Module, ModuleCode[]> e : entries) {
      for (MemoryKind kind : MemoryKind.values()) {
        ModuleCode mc = e.getValue()[kind.ordinal()];
        if (mc == null) {
          continue;
        }
        List<FunctionCode> code;
        synchronized (mc.queue) {
          code = mc.definedCode;
        }
        if (code == null || mc.ranCompiled.isEmpty()) {
          continue;
        }
        Path file = cache.profileFile(cache.key(e.getKey(), code, kind));
        BitSet hot = profiles.computeIfAbsent(file, f -> new BitSet());
        for (int f : mc.ranCompiled) {
          hot.set(f);
        }
        Module m = e.getKey();
        writes.put(
            file,
            () -> {
              try {
                cache.storeProfile(m, code, kind, hot);
                log(() -> "profile of " + hot.cardinality() + " functions recorded in " + file);
              } catch (IOException | RuntimeException x) {
                System.err.println("wali4j: cannot record the profile: " + x);
              }
            });
      }
    }
    if (writes.isEmpty()) {
      log(() -> "no function ran compiled in this run: no profile recorded in " + root);
    }
    writes.values().forEach(Runnable::run);
  }

  /** Generates and defines {@code batch} into {@code mc}'s code; counts and logs it. */
  private void compileInto(ModuleCode mc, Module m, List<FunctionCode> batch, MemoryKind kind) {
    long t0 = System.nanoTime();
    long cpu0 = CpuClock.THREADS.getCurrentThreadCpuTime();
    int before = mc.code.size();
    for (GeneratedBatch b : generate(m, batch, kind, mc.capture)) {
      if (define(b, mc.code, true)) {
        mc.batches++;
      }
    }
    long cpu = CpuClock.THREADS.getCurrentThreadCpuTime() - cpu0;
    int n = mc.code.size() - before;
    compiledFunctions.addAndGet(n);
    long total = compileNanos.addAndGet(cpu);
    if (!mc.counted) {
      mc.counted = true;
      compiledModules.incrementAndGet();
    }
    log(
        () ->
            "compiled "
                + n
                + " functions of "
                + describe(m)
                + names(m, batch)
                + since(t0)
                + ", "
                + cpu / 1_000_000
                + " ms CPU ("
                + mc.code.size()
                + " compiled; "
                + total / 1_000_000
                + " ms CPU compiling in all)");
  }

  @Override
  public void compileAll(Instance instance) {
    ModuleCode mc = moduleCode(instance.module(), MemoryKind.of(instance));
    synchronized (mc) {
      MemoryKind kind = MemoryKind.of(instance);
      lookUpCache(mc, instance, kind);
      if (!mc.whole) {
        Module m = instance.module();
        List<FunctionCode> all = definedCode(instance);
        if (mc.capture == null) {
          mc.capture = CaptureAnalysis.analyse(m, all);
        }
        List<FunctionCode> rest = new ArrayList<>();
        for (FunctionCode fc : eligible(m, all, mc.capture)) {
          if (!mc.attempted.get(fc.funcidx()) && !mc.code.has(fc.funcidx())) {
            mc.attempted.set(fc.funcidx());
            rest.add(fc);
          }
        }
        compileInto(mc, m, rest, kind);
        mc.whole = true;
      }
    }
    mc.code.install(instance);
  }

  /**
   * Writes the artifact of {@code module}: eager mode's set ({@link #mayCompile}) and the functions
   * of {@code profile} a tiered run may compile ({@link #mayEverCompile}: the large ones that can
   * reach a capture, compiled by a run once they have paid), generated as {@link #generate} does
   * for any batch (split alike), so that a run applying the profile compiles none of them.
   */
  @Override
  public Artifact compileAhead(
      ValidatedModule module, boolean nativeMemory, Path cacheDir, Profile profile)
      throws IOException {
    AotCache cache = AotCache.at(cacheDir);
    if (cache == null) {
      throw new IOException("this build of wali4j has no compiler fingerprint: no cache");
    }
    Module m = module.module();
    List<FunctionCode> code = module.code();
    MemoryKind kind = MemoryKind.forNewMemory(m, nativeMemory);
    Path profileFile = null;
    BitSet recorded = null;
    if (profile.file() != null) {
      profileFile = profile.file();
      recorded = cache.readProfile(profileFile, m, code, kind);
    } else if (profile.recorded()) {
      recorded = cache.findProfile(m, code, kind);
      profileFile = recorded == null ? null : cache.profileFile(cache.key(m, code, kind));
    }
    CaptureAnalysis.Result capture = CaptureAnalysis.analyse(m, code);
    List<FunctionCode> chosen = new ArrayList<>();
    BitSet extra = new BitSet();
    for (FunctionCode fc : code) {
      if (mayCompile(capture, fc)) {
        chosen.add(fc);
      } else if (recorded != null && recorded.get(fc.funcidx()) && mayEverCompile(capture, fc)) {
        chosen.add(fc);
        extra.set(fc.funcidx());
      }
    }
    List<GeneratedBatch> accepted = new ArrayList<>();
    CompiledModule check = new CompiledModule(m);
    for (GeneratedBatch b : generate(m, chosen, kind, capture)) {
      if (define(b, check, true)) {
        accepted.add(b);
      }
    }
    Path file = cache.store(m, code, kind, accepted);
    int compiled = 0;
    int fromProfile = 0;
    for (GeneratedBatch b : accepted) {
      compiled += b.funcidx().length;
      for (int f : b.funcidx()) {
        fromProfile += extra.get(f) ? 1 : 0;
      }
    }
    return new Artifact(file, compiled, code.size(), profileFile, fromProfile);
  }

  @Override
  public Stats stats() {
    return new Stats(compiledModules.get(), cachedModules.get());
  }

  /** Modules this tier compiled code for itself (tests, diagnostics). */
  int compiledModules() {
    return compiledModules.get();
  }

  /** Modules whose code this tier defined from the ahead-of-time cache (tests, diagnostics). */
  int cachedModules() {
    return cachedModules.get();
  }

  /** Functions this tier compiled itself (tests, diagnostics). */
  int compiledFunctions() {
    return compiledFunctions.get();
  }

  /** CPU time spent generating and defining classes, in nanoseconds (diagnostics). */
  long compileNanos() {
    return compileNanos.get();
  }

  /** What is compiled of {@code inst}'s module: functions and batches (tests, diagnostics). */
  record Progress(int functions, int batches) {}

  Progress progress(Instance inst) {
    ModuleCode mc = moduleCode(inst.module(), MemoryKind.of(inst));
    synchronized (mc) {
      return new Progress(mc.code.size(), mc.batches);
    }
  }

  /** Whether compiled code of {@code inst}'s module calls {@code funcidx} directly (tests). */
  boolean callsDirectly(Instance inst, int funcidx) {
    return moduleCode(inst.module(), MemoryKind.of(inst)).code.links().isDirect(funcidx);
  }

  private ModuleCode moduleCode(Module m, MemoryKind kind) {
    synchronized (modules) {
      ModuleCode[] byKind =
          modules.computeIfAbsent(m, k -> new ModuleCode[MemoryKind.values().length]);
      if (byKind[kind.ordinal()] == null) {
        byKind[kind.ordinal()] = new ModuleCode(m);
      }
      return byKind[kind.ordinal()];
    }
  }

  /**
   * Looks the module up in the ahead-of-time cache, once per module and kind; when found, defines
   * all its cached classes (cheap next to compiling: see docs/JIT.md) into {@code mc}, which is
   * then whole. Instances run a function's code once it is installed (tiered: when it gets hot).
   */
  private void lookUpCache(ModuleCode mc, Instance inst, MemoryKind kind) {
    if (mc.cacheLookedUp) {
      return;
    }
    mc.cacheLookedUp = true;
    AotCache cache = AotCache.at(Jit.aotCache());
    if (cache == null) {
      return;
    }
    long t0 = System.nanoTime();
    Module m = inst.module();
    List<FunctionCode> code = definedCode(inst);
    AotCache.Found found = cache.find(m, code, kind);
    if (found == null) {
      return;
    }
    for (GeneratedBatch b : found.batches()) {
      if (!define(b, mc.code, false)) {
        // The batches defined so far are sound code (the JVM verified them) and stay.
        AotCache.ignore(found.file(), "a class the JVM rejects");
        return;
      }
    }
    mc.whole = true;
    cachedModules.incrementAndGet();
    log(
        () ->
            mc.code.size() + " functions of " + describe(m) + " from " + found.file() + since(t0));
  }

  private static List<FunctionCode> definedCode(Instance inst) {
    Module m = inst.module();
    List<FunctionCode> code = new ArrayList<>();
    for (int i = m.importedFunctionCount(); i < m.functionCount(); i++) {
      Function f = inst.function(i);
      code.add(((WasmFunction) f).code());
    }
    return code;
  }

  /** Every function of {@code code} that may be compiled, compiled (tests). */
  static CompiledModule compile(Module m, List<FunctionCode> code, MemoryKind kind) {
    CompiledModule out = new CompiledModule(m);
    for (GeneratedBatch b : generate(m, code, kind)) {
      define(b, out, true);
    }
    return out;
  }

  /**
   * Every function of {@code code} that may be compiled, each in a batch of its own, so that every
   * call between them goes through the module's {@link Links} (tests).
   */
  static CompiledModule compileEach(Module m, List<FunctionCode> code, MemoryKind kind) {
    CaptureAnalysis.Result capture = CaptureAnalysis.analyse(m, code);
    CompiledModule out = new CompiledModule(m);
    for (FunctionCode fc : eligible(m, code, capture)) {
      for (GeneratedBatch b : generate(m, List.of(fc), kind, capture)) {
        define(b, out, true);
      }
    }
    return out;
  }

  /**
   * The class files of every function of {@code code} that may be compiled ({@link #eligible}), in
   * batches of at most {@link #MAX_BATCH}, without the functions too large for a JVM method.
   */
  static List<GeneratedBatch> generate(Module m, List<FunctionCode> code, MemoryKind kind) {
    CaptureAnalysis.Result capture = CaptureAnalysis.analyse(m, code);
    return generate(m, eligible(m, code, capture), kind, capture);
  }

  /**
   * The class files of the functions {@code code} (all may be compiled), with {@code capture} the
   * analysis of the whole module, in batches of at most {@link #MAX_BATCH}, without the functions
   * too large for a JVM method.
   */
  static List<GeneratedBatch> generate(
      Module m, List<FunctionCode> code, MemoryKind kind, CaptureAnalysis.Result capture) {
    List<GeneratedBatch> out = new ArrayList<>();
    List<FunctionCode> fitting = new ArrayList<>();
    for (FunctionCode fc : code) {
      if (RegionPlanner.forced(fc)
          || fc.code().length < PRECHECK_LENGTH
          || fits(m, fc, kind, capture)) {
        fitting.add(fc);
        if (RegionPlanner.splits(fc)) {
          log(
              () -> {
                RegionPlanner.Plan plan = RegionPlanner.plan(fc);
                return m.functionName(fc.funcidx())
                    + " split into "
                    + (plan.regions() + 1)
                    + " methods, "
                    + plan.copies()
                    + " dispatch copies";
              });
        }
      } else {
        log(() -> m.functionName(fc.funcidx()) + " stays interpreted: too large for a JVM method");
      }
    }
    for (int from = 0; from < fitting.size(); from += MAX_BATCH) {
      List<FunctionCode> chunk =
          new ArrayList<>(fitting.subList(from, Math.min(fitting.size(), from + MAX_BATCH)));
      define(m, chunk, out, kind, capture);
    }
    return out;
  }

  /**
   * Whether function {@code fc} may be compiled under the capture policy in eager mode and by
   * {@code wali compile} (tiered mode takes a function that can reach a capture by {@link Payback}
   * instead): one that cannot reach a capture always; one that can, only under {@code unwind}, and
   * then only when its method stays small ({@link #UNWIND_MAX_LENGTH}) or its capture handlers save
   * few values ({@link #UNWIND_MAX_HANDLER_STATE}): large functions with many capture sites
   * (sqlite3's parser and code generator) cost HotSpot seconds of CPU to compile and were no faster
   * for it (benchmarks/RESULTS.md, 2026-12-06, "capture=unwind: large capture-reaching functions
   * stay interpreted").
   */
  static boolean mayCompile(CaptureAnalysis.Result capture, FunctionCode fc) {
    if (!capture.reaches().get(fc.funcidx())) {
      return true;
    }
    if (!CAPTURE_UNWIND) {
      return false;
    }
    return fc.code().length <= UNWIND_MAX_LENGTH
        || (long) captureSites(capture, fc) * fc.numLocals() <= UNWIND_MAX_HANDLER_STATE;
  }

  /**
   * Whether a tiered run may ever compile {@code fc}: under {@code unwind} every function (one that
   * can reach a capture once it has paid, {@link #take}); under {@code interpret} only those that
   * cannot reach a capture. Eager mode's set ({@link #mayCompile}) is a part of it.
   */
  static boolean mayEverCompile(CaptureAnalysis.Result capture, FunctionCode fc) {
    return CAPTURE_UNWIND || !capture.reaches().get(fc.funcidx());
  }

  /** The call sites of {@code fc} that may lead to a capture: each gets a handler. */
  static int captureSites(CaptureAnalysis.Result capture, FunctionCode fc) {
    int[] c = fc.code();
    int n = 0;
    for (int pc = 0; pc < c.length; pc += Immediates.length(c, pc)) {
      if ((c[pc] == Opcodes.CALL || c[pc] == Opcodes.CALL_INDIRECT) && capture.site(c, pc)) {
        n++;
      }
    }
    return n;
  }

  /** The functions of {@code code} that may be compiled under the capture policy. */
  static List<FunctionCode> eligible(Module m, List<FunctionCode> code) {
    return eligible(m, code, CaptureAnalysis.analyse(m, code));
  }

  /**
   * The functions of {@code code} that may be compiled ({@link #mayCompile}): under {@code unwind}
   * those that cannot reach a capturing import and most that can (compiled frames move to the
   * interpreter at a capture); under {@code interpret} only the former, so that no compiled frame
   * is ever on the stack at setjmp or fork.
   */
  private static List<FunctionCode> eligible(
      Module m, List<FunctionCode> code, CaptureAnalysis.Result capture) {
    List<FunctionCode> eligible = new ArrayList<>();
    for (FunctionCode fc : code) {
      if (mayCompile(capture, fc)) {
        eligible.add(fc);
      }
    }
    return eligible;
  }

  /**
   * Whether {@code fc} compiles to a method the JVM can hold, tried in a class of its own. A batch
   * with a function too large is generated again without it, so a module with a few of them among
   * thousands (lua, sqlite3) would be generated that many times over: large functions are tried
   * alone first.
   */
  private static boolean fitsAlone(
      Module m, FunctionCode fc, MemoryKind kind, CaptureAnalysis.Result capture) {
    return alone(m, fc, kind, capture) != null;
  }

  /** The class file of {@code fc} alone; null when a method of it is too large for the JVM. */
  private static byte[] alone(
      Module m, FunctionCode fc, MemoryKind kind, CaptureAnalysis.Result capture) {
    while (true) {
      try {
        return BatchCompiler.generate(m, List.of(fc), kind, capture);
      } catch (MethodTooLargeException e) {
        if (!dropCopy(List.of(fc), e.getMethodName())) {
          return null;
        }
      } catch (BatchCompiler.TooLarge e) {
        if (!dropCopy(List.of(fc), e.funcidx)) {
          return null;
        }
      } catch (ClassTooLargeException e) {
        return null;
      }
    }
  }

  /**
   * When the method {@code method} too large for the JVM is a region of an entry-only copy ({@link
   * RegionPlanner#entryCopy}) of a function of {@code batch}: the function is emitted without the
   * copy from now on, and true.
   */
  private static boolean dropCopy(List<FunctionCode> batch, String method) {
    int end = method.indexOf('_');
    if (!method.startsWith("f") || end < 0) {
      return false;
    }
    return dropCopy(batch, Integer.parseInt(method.substring(1, end)));
  }

  /** {@link #dropCopy(List, String)} for function {@code funcidx}, whatever was too large. */
  private static boolean dropCopy(List<FunctionCode> batch, int funcidx) {
    for (FunctionCode fc : batch) {
      if (fc.funcidx() == funcidx && RegionPlanner.entryCopy(fc)) {
        RegionPlanner.notEnterable(fc);
        log(() -> "func " + funcidx + ": its entry-only copy is too large, left out");
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code fc} compiles to methods the JVM can hold: whole, or split into regions ({@link
   * #fitsSplit}). A function that fits whole but whose method is longer than {@link #c1MethodBytes}
   * is split too when its regions all fit that budget ({@link #splitForC1}).
   */
  private static boolean fits(
      Module m, FunctionCode fc, MemoryKind kind, CaptureAnalysis.Result capture) {
    if (RegionPlanner.splits(fc)) {
      return fitsAlone(m, fc, kind, capture);
    }
    byte[] whole = alone(m, fc, kind, capture);
    if (whole == null) {
      return fitsSplit(m, fc, kind, capture);
    }
    int budget = c1MethodBytes;
    // The function's own method: an entry-only copy is not what calls run.
    int length =
        budget > 0
            ? BatchCompiler.codeLengths(whole)
                .getOrDefault(FunctionCompiler.methodName(fc.funcidx()), 0)
            : 0;
    if (length > budget) {
      splitForC1(m, fc, kind, capture, length, budget);
    }
    return true;
  }

  /**
   * Splits {@code fc}, whose method of {@code length} bytes fits the JVM but not {@link
   * #c1MethodBytes}, into regions of {@link RegionPlanner#REGION_SLOTS} slots, or fewer while a
   * method of it is still longer than that; kept whole when none fits. The size found is kept.
   */
  private static void splitForC1(
      Module m,
      FunctionCode fc,
      MemoryKind kind,
      CaptureAnalysis.Result capture,
      int length,
      int budget) {
    for (int slots = RegionPlanner.REGION_SLOTS;
        slots >= RegionPlanner.MIN_REGION_SLOTS;
        slots /= 2) {
      RegionPlanner.tooLarge(fc, slots);
      byte[] split = alone(m, fc, kind, capture);
      if (split != null && BatchCompiler.longestCode(split) <= budget) {
        int n = slots;
        log(
            () ->
                m.functionName(fc.funcidx())
                    + " split for C1: "
                    + length
                    + " bytes of bytecode whole, regions of "
                    + n
                    + " slots");
        return;
      }
    }
    RegionPlanner.forget(fc);
  }

  /**
   * Whether {@code fc}, too large for one method, fits split into regions ({@link RegionPlanner}):
   * of {@link RegionPlanner#REGION_SLOTS} slots, or fewer while a region is still too large. The
   * size found is kept: the function is emitted so from now on.
   */
  private static boolean fitsSplit(
      Module m, FunctionCode fc, MemoryKind kind, CaptureAnalysis.Result capture) {
    if (RegionPlanner.splits(fc)) {
      return fitsAlone(m, fc, kind, capture);
    }
    for (int slots = RegionPlanner.REGION_SLOTS;
        slots >= RegionPlanner.MIN_REGION_SLOTS;
        slots /= 2) {
      RegionPlanner.tooLarge(fc, slots);
      if (fitsAlone(m, fc, kind, capture)) {
        return true;
      }
    }
    RegionPlanner.forget(fc);
    return false;
  }

  /** Generates the class of {@code batch}, leaving out functions too large for a JVM method. */
  private static void define(
      Module m,
      List<FunctionCode> batch,
      List<GeneratedBatch> out,
      MemoryKind kind,
      CaptureAnalysis.Result capture) {
    Set<Integer> budgetTried = new HashSet<>();
    while (!batch.isEmpty()) {
      byte[] bytes;
      try {
        bytes = BatchCompiler.generate(m, batch, kind, capture);
      } catch (MethodTooLargeException e) {
        if (dropCopy(batch, e.getMethodName())) {
          continue;
        }
        if (!dropFunction(batch, e.getMethodName())) {
          split(m, batch, out, kind, capture);
          return;
        }
        continue;
      } catch (BatchCompiler.TooLarge e) {
        if (!dropCopy(batch, e.funcidx)) {
          batch.removeIf(fc -> fc.funcidx() == e.funcidx);
        }
        continue;
      } catch (ClassTooLargeException e) {
        split(m, batch, out, kind, capture);
        return;
      }
      if (splitOverBudget(m, batch, bytes, kind, capture, budgetTried)) {
        continue;
      }
      int[] funcidx = new int[batch.size()];
      for (int k = 0; k < funcidx.length; k++) {
        funcidx[k] = batch.get(k).funcidx();
      }
      out.add(new GeneratedBatch(funcidx, bytes));
      return;
    }
  }

  /**
   * Splits the functions of {@code batch} (generated as {@code bytes}) whose whole method is over
   * {@link #c1MethodBytes} and that were not {@code tried} yet ({@link #splitForC1}), shorter ones
   * too, which {@link #fits} does not generate alone; true when one was, so that the batch is
   * generated again.
   */
  private static boolean splitOverBudget(
      Module m,
      List<FunctionCode> batch,
      byte[] bytes,
      MemoryKind kind,
      CaptureAnalysis.Result capture,
      Set<Integer> tried) {
    int budget = c1MethodBytes;
    if (budget <= 0) {
      return false;
    }
    Map<String, Integer> lengths = BatchCompiler.codeLengths(bytes);
    boolean split = false;
    for (FunctionCode fc : batch) {
      int length = lengths.getOrDefault(FunctionCompiler.methodName(fc.funcidx()), 0);
      if (length > budget && !RegionPlanner.splits(fc) && tried.add(fc.funcidx())) {
        splitForC1(m, fc, kind, capture, length, budget);
        split |= RegionPlanner.splits(fc);
      }
    }
    return split;
  }

  private static void split(
      Module m,
      List<FunctionCode> batch,
      List<GeneratedBatch> out,
      MemoryKind kind,
      CaptureAnalysis.Result capture) {
    if (batch.size() < 2) {
      return;
    }
    int half = batch.size() / 2;
    define(m, new ArrayList<>(batch.subList(0, half)), out, kind, capture);
    define(m, new ArrayList<>(batch.subList(half, batch.size())), out, kind, capture);
  }

  /** Removes the function whose method ({@code f<funcidx>} or its bridge) is too large. */
  private static boolean dropFunction(List<FunctionCode> batch, String method) {
    if (!method.startsWith("f") && !method.startsWith("b")) {
      return false;
    }
    int end = method.indexOf('_');
    // A region of a split function (f<funcidx>_<k>, RegionEmitter) drops its function.
    int funcidx = Integer.parseInt(method.substring(1, end < 0 ? method.length() : end));
    return batch.removeIf(fc -> fc.funcidx() == funcidx);
  }

  /**
   * Defines the class of {@code b} (generated now when {@code fresh}, else read from the cache)
   * with {@code into}'s links as its class data and adds its functions there; false when the JVM
   * rejects it (its functions stay interpreted; generated code that is rejected is an error under
   * {@code wali4j.jit.strict} and one line on stderr otherwise).
   */
  private static boolean define(GeneratedBatch b, CompiledModule into, boolean fresh) {
    if (fresh) {
      dump(b.classFile());
    }
    MethodHandles.Lookup hidden;
    CompiledBatch batch;
    try {
      hidden =
          MethodHandles.lookup().defineHiddenClassWithClassData(b.classFile(), into.links(), true);
      batch = (CompiledBatch) hidden.lookupClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      if (!fresh) {
        return false;
      }
      if (STRICT) {
        throw new IllegalStateException("generated class rejected by the JVM", e);
      }
      System.err.println("wali4j: compiled code rejected, functions stay interpreted: " + e);
      return false;
    }
    into.add(b.funcidx(), hidden, batch);
    return true;
  }

  /** The first names of {@code batch}, for the log line of a small batch. */
  private static String names(Module m, List<FunctionCode> batch) {
    if (batch.size() > 8) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" (");
    for (FunctionCode fc : batch) {
      sb.append(sb.length() > 2 ? " " : "").append(m.functionName(fc.funcidx()));
    }
    return sb.append(')').toString();
  }

  private static String describe(Module m) {
    return "a module of " + m.bytes().length + " bytes";
  }

  private static String since(long t0) {
    return " in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
  }

  /** With {@code -Dwali4j.jit.log=true} (the launcher's {@code -v=3}): one line on stderr. */
  static void log(Supplier<String> line) {
    if (Boolean.getBoolean("wali4j.jit.log")) {
      System.err.println("wali4j: jit: " + line.get());
    }
  }

  private static void dump(byte[] bytes) {
    if (DUMP == null) {
      return;
    }
    try {
      Path dir = Path.of(DUMP);
      Files.createDirectories(dir);
      Files.write(Files.createTempFile(dir, "WasmBatch", ".class"), bytes);
    } catch (IOException e) {
      System.err.println("wali4j: cannot dump compiled class: " + e);
    }
  }
}
