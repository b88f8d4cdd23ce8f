package io.wali4j.jit.internal;

import io.wali4j.core.exec.CompilerTier;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ValidatedModule;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;
import org.osgi.service.component.annotations.Component;

/**
 * The compiler tier: compiles a module's functions into hidden classes, once per module, and
 * installs the code in each instance that asks. Tiered: the first hot function of an instance has
 * the module compiled on a background thread (everything that may be compiled, so calls between
 * compiled functions are direct {@code invokestatic}) and installed; eager: the same, at
 * instantiation. Functions the JVM cannot hold as one method (64 KiB of bytecode) stay interpreted
 * (they are not split); calls to them from compiled code go through the interpreter.
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

  private static final boolean STRICT = Boolean.getBoolean("wali4j.jit.strict");
  private static final String DUMP = System.getProperty("wali4j.jit.dump");

  /**
   * Whether every function is compiled, compiled frames moving to the interpreter when a setjmp or
   * fork happens under them ({@code -Dwali4j.jit.capture=unwind}), instead of keeping the functions
   * that can reach one interpreted (the default, {@code interpret}).
   */
  static final boolean CAPTURE_UNWIND =
      "unwind".equals(System.getProperty("wali4j.jit.capture", "interpret"));

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

  /** The code of a module for one kind of memory: compiled, cached, or not yet looked for. */
  private static final class ModuleCode {
    CompiledModule code;
    boolean cacheLookedUp;
  }

  @Override
  public void hot(WasmFunction f) {
    Instance inst = f.instance();
    BACKGROUND.execute(() -> compiled(inst).install(inst));
  }

  @Override
  public void compileAll(Instance instance) {
    compiled(instance).install(instance);
  }

  @Override
  public Artifact compileAhead(ValidatedModule module, boolean nativeMemory, Path cacheDir)
      throws IOException {
    AotCache cache = AotCache.at(cacheDir);
    if (cache == null) {
      throw new IOException("this build of wali4j has no compiler fingerprint: no cache");
    }
    Module m = module.module();
    MemoryKind kind = MemoryKind.forNewMemory(m, nativeMemory);
    List<GeneratedBatch> generated = generate(m, module.code(), kind);
    List<GeneratedBatch> accepted = new ArrayList<>();
    for (GeneratedBatch b : generated) {
      if (load(b.classFile()) != null) {
        accepted.add(b);
      }
    }
    Path file = cache.store(m, module.code(), kind, accepted);
    int compiled = 0;
    for (GeneratedBatch b : accepted) {
      compiled += b.funcidx().length;
    }
    return new Artifact(file, compiled, module.code().size());
  }

  @Override
  public Stats stats() {
    return new Stats(compiledModules.get(), cachedModules.get());
  }

  /** Modules this tier compiled itself (tests, diagnostics). */
  int compiledModules() {
    return compiledModules.get();
  }

  /** Modules whose code this tier defined from the ahead-of-time cache (tests, diagnostics). */
  int cachedModules() {
    return cachedModules.get();
  }

  /** The compiled code of {@code inst}'s module: from memory, the cache, or compiled now. */
  CompiledModule compiled(Instance inst) {
    Module m = inst.module();
    MemoryKind kind = MemoryKind.of(inst);
    synchronized (m) {
      ModuleCode mc = moduleCode(m, kind);
      if (mc.code == null) {
        mc.code = cached(inst, mc, kind);
      }
      if (mc.code == null) {
        long t0 = System.nanoTime();
        mc.code = compile(m, definedCode(inst), kind);
        compiledModules.incrementAndGet();
        log(() -> "compiled " + mc.code.size() + " functions of " + describe(m) + since(t0));
      }
      return mc.code;
    }
  }

  private ModuleCode moduleCode(Module m, MemoryKind kind) {
    ModuleCode[] byKind =
        modules.computeIfAbsent(m, k -> new ModuleCode[MemoryKind.values().length]);
    if (byKind[kind.ordinal()] == null) {
      byKind[kind.ordinal()] = new ModuleCode();
    }
    return byKind[kind.ordinal()];
  }

  /** Looks the module up in the ahead-of-time cache, once per module and kind. */
  private CompiledModule cached(Instance inst, ModuleCode mc, MemoryKind kind) {
    if (mc.cacheLookedUp) {
      return null;
    }
    mc.cacheLookedUp = true;
    AotCache cache = AotCache.at(Jit.aotCache());
    if (cache == null) {
      return null;
    }
    long t0 = System.nanoTime();
    Module m = inst.module();
    List<FunctionCode> code = definedCode(inst);
    AotCache.Found found = cache.find(m, code, kind);
    if (found == null) {
      return null;
    }
    Map<Integer, CompiledModule.Slot> slots = new HashMap<>();
    for (GeneratedBatch b : found.batches()) {
      CompiledBatch loaded = defineHidden(b.classFile());
      if (loaded == null) {
        AotCache.ignore(found.file(), "a class the JVM rejects");
        return null;
      }
      for (int k = 0; k < b.funcidx().length; k++) {
        slots.put(b.funcidx()[k], new CompiledModule.Slot(loaded, k));
      }
    }
    cachedModules.incrementAndGet();
    log(() -> slots.size() + " functions of " + describe(m) + " from " + found.file() + since(t0));
    return new CompiledModule(slots);
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

  static CompiledModule compile(Module m, List<FunctionCode> code, MemoryKind kind) {
    Map<Integer, CompiledModule.Slot> slots = new HashMap<>();
    for (GeneratedBatch b : generate(m, code, kind)) {
      CompiledBatch compiled = load(b.classFile());
      if (compiled != null) {
        for (int k = 0; k < b.funcidx().length; k++) {
          slots.put(b.funcidx()[k], new CompiledModule.Slot(compiled, k));
        }
      }
    }
    return new CompiledModule(slots);
  }

  /**
   * The class files of every function of {@code code} that may be compiled ({@link #eligible}), in
   * batches of at most {@link #MAX_BATCH}, without the functions too large for a JVM method.
   */
  static List<GeneratedBatch> generate(Module m, List<FunctionCode> code, MemoryKind kind) {
    CaptureAnalysis.Result capture = CaptureAnalysis.analyse(m, code);
    List<GeneratedBatch> out = new ArrayList<>();
    List<FunctionCode> fitting = new ArrayList<>();
    for (FunctionCode fc : eligible(m, code, capture)) {
      if (fc.code().length < PRECHECK_LENGTH || fitsAlone(m, fc, kind, capture)) {
        fitting.add(fc);
      }
    }
    for (int from = 0; from < fitting.size(); from += MAX_BATCH) {
      List<FunctionCode> chunk =
          new ArrayList<>(fitting.subList(from, Math.min(fitting.size(), from + MAX_BATCH)));
      define(m, chunk, out, kind, capture);
    }
    return out;
  }

  /** The functions of {@code code} that may be compiled under the capture policy. */
  static List<FunctionCode> eligible(Module m, List<FunctionCode> code) {
    return eligible(m, code, CaptureAnalysis.analyse(m, code));
  }

  /**
   * The functions of {@code code} that may be compiled: all of them when compiled frames move to
   * the interpreter at a capture ({@code -Dwali4j.jit.capture=unwind}); by default only those that
   * cannot reach a capturing import, so that no compiled frame is ever on the stack at setjmp or
   * fork (see docs/JIT.md for why this is the default).
   */
  private static List<FunctionCode> eligible(
      Module m, List<FunctionCode> code, CaptureAnalysis.Result capture) {
    if (CAPTURE_UNWIND) {
      return code;
    }
    List<FunctionCode> eligible = new ArrayList<>();
    for (FunctionCode fc : code) {
      if (!capture.reaches().get(fc.funcidx())) {
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
    try {
      BatchCompiler.generate(m, List.of(fc), kind, capture);
      return true;
    } catch (MethodTooLargeException | ClassTooLargeException | BatchCompiler.TooLarge e) {
      return false;
    }
  }

  /** Generates the class of {@code batch}, leaving out functions too large for a JVM method. */
  private static void define(
      Module m,
      List<FunctionCode> batch,
      List<GeneratedBatch> out,
      MemoryKind kind,
      CaptureAnalysis.Result capture) {
    while (!batch.isEmpty()) {
      byte[] bytes;
      try {
        bytes = BatchCompiler.generate(m, batch, kind, capture);
      } catch (MethodTooLargeException e) {
        if (!dropFunction(batch, e.getMethodName())) {
          split(m, batch, out, kind, capture);
          return;
        }
        continue;
      } catch (BatchCompiler.TooLarge e) {
        batch.removeIf(fc -> fc.funcidx() == e.funcidx);
        continue;
      } catch (ClassTooLargeException e) {
        split(m, batch, out, kind, capture);
        return;
      }
      int[] funcidx = new int[batch.size()];
      for (int k = 0; k < funcidx.length; k++) {
        funcidx[k] = batch.get(k).funcidx();
      }
      out.add(new GeneratedBatch(funcidx, bytes));
      return;
    }
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
    int funcidx = Integer.parseInt(method.substring(1));
    return batch.removeIf(fc -> fc.funcidx() == funcidx);
  }

  /** Defines a class this tier generated just now; a rejected one leaves its functions out. */
  private static CompiledBatch load(byte[] bytes) {
    dump(bytes);
    try {
      return instantiate(bytes);
    } catch (ReflectiveOperationException | LinkageError e) {
      if (STRICT) {
        throw new IllegalStateException("generated class rejected by the JVM", e);
      }
      System.err.println("wali4j: compiled code rejected, functions stay interpreted: " + e);
      return null;
    }
  }

  /** Defines a class read from the cache (verified by the JVM like any other), or null. */
  private static CompiledBatch defineHidden(byte[] bytes) {
    try {
      return instantiate(bytes);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  private static CompiledBatch instantiate(byte[] bytes) throws ReflectiveOperationException {
    MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
    return (CompiledBatch) hidden.lookupClass().getDeclaredConstructor().newInstance();
  }

  private static String describe(Module m) {
    return "a module of " + m.bytes().length + " bytes";
  }

  private static String since(long t0) {
    return " in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
  }

  /** With {@code -Dwali4j.jit.log=true} (the launcher's {@code -v=3}): one line on stderr. */
  private static void log(Supplier<String> line) {
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
