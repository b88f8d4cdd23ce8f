package io.wali4j.jit.internal;

import io.wali4j.core.exec.CompilerTier;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Module;
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
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;

/**
 * The compiler tier: compiles a module's functions into hidden classes, once per module, and
 * installs the code in each instance that asks. Tiered: the first hot function of an instance has
 * the module compiled on a background thread (everything that may be compiled, so calls between
 * compiled functions are direct {@code invokestatic}) and installed; eager: the same, at
 * instantiation. Functions the JVM cannot hold as one method (64 KiB of bytecode) stay interpreted
 * (they are not split); calls to them from compiled code go through the interpreter.
 *
 * <p>System properties: {@code wali4j.jit.strict=true} makes a function the compiler fails on an
 * error instead of leaving it interpreted (the compiled-only spec run sets it); {@code
 * wali4j.jit.dump=DIR} writes every generated class file to DIR.
 */
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

  private static final ExecutorService BACKGROUND =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "wali4j-jit");
            t.setDaemon(true);
            return t;
          });

  /** Per module, its compiled code for each {@link MemoryKind} met so far. */
  private final Map<Module, CompiledModule[]> modules =
      Collections.synchronizedMap(new WeakHashMap<>());

  @Override
  public void hot(WasmFunction f) {
    Instance inst = f.instance();
    BACKGROUND.execute(() -> compiled(inst).install(inst));
  }

  @Override
  public void compileAll(Instance instance) {
    compiled(instance).install(instance);
  }

  /** The compiled code of {@code inst}'s module, compiling it on first use. */
  CompiledModule compiled(Instance inst) {
    Module m = inst.module();
    MemoryKind kind = MemoryKind.of(inst);
    synchronized (m) {
      CompiledModule[] byKind =
          modules.computeIfAbsent(m, k -> new CompiledModule[MemoryKind.values().length]);
      if (byKind[kind.ordinal()] == null) {
        byKind[kind.ordinal()] = compile(m, definedCode(inst), kind);
      }
      return byKind[kind.ordinal()];
    }
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
    CaptureAnalysis.Result capture = CaptureAnalysis.analyse(m, code);
    List<FunctionCode> fitting = new ArrayList<>();
    for (FunctionCode fc : code) {
      if (fc.code().length < PRECHECK_LENGTH || fitsAlone(m, fc, kind, capture)) {
        fitting.add(fc);
      }
    }
    Map<Integer, CompiledModule.Slot> slots = new HashMap<>();
    for (int from = 0; from < fitting.size(); from += MAX_BATCH) {
      List<FunctionCode> chunk =
          new ArrayList<>(fitting.subList(from, Math.min(fitting.size(), from + MAX_BATCH)));
      define(m, chunk, slots, kind, capture);
    }
    return new CompiledModule(slots);
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

  /** Defines the class of {@code batch}, leaving out functions too large for a JVM method. */
  private static void define(
      Module m,
      List<FunctionCode> batch,
      Map<Integer, CompiledModule.Slot> slots,
      MemoryKind kind,
      CaptureAnalysis.Result capture) {
    while (!batch.isEmpty()) {
      byte[] bytes;
      try {
        bytes = BatchCompiler.generate(m, batch, kind, capture);
      } catch (MethodTooLargeException e) {
        if (!dropFunction(batch, e.getMethodName())) {
          split(m, batch, slots, kind, capture);
          return;
        }
        continue;
      } catch (BatchCompiler.TooLarge e) {
        batch.removeIf(fc -> fc.funcidx() == e.funcidx);
        continue;
      } catch (ClassTooLargeException e) {
        split(m, batch, slots, kind, capture);
        return;
      }
      CompiledBatch compiled = load(bytes);
      if (compiled != null) {
        for (int k = 0; k < batch.size(); k++) {
          slots.put(batch.get(k).funcidx(), new CompiledModule.Slot(compiled, k));
        }
      }
      return;
    }
  }

  private static void split(
      Module m,
      List<FunctionCode> batch,
      Map<Integer, CompiledModule.Slot> slots,
      MemoryKind kind,
      CaptureAnalysis.Result capture) {
    if (batch.size() < 2) {
      return;
    }
    int half = batch.size() / 2;
    define(m, new ArrayList<>(batch.subList(0, half)), slots, kind, capture);
    define(m, new ArrayList<>(batch.subList(half, batch.size())), slots, kind, capture);
  }

  /** Removes the function whose method ({@code f<funcidx>} or its bridge) is too large. */
  private static boolean dropFunction(List<FunctionCode> batch, String method) {
    if (!method.startsWith("f") && !method.startsWith("b")) {
      return false;
    }
    int funcidx = Integer.parseInt(method.substring(1));
    return batch.removeIf(fc -> fc.funcidx() == funcidx);
  }

  private static CompiledBatch load(byte[] bytes) {
    dump(bytes);
    try {
      MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
      return (CompiledBatch) hidden.lookupClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      if (STRICT) {
        throw new IllegalStateException("generated class rejected by the JVM", e);
      }
      System.err.println("wali4j: compiled code rejected, functions stay interpreted: " + e);
      return null;
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
