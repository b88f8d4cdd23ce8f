package io.wali4j.jit.internal;

import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.OnStackEntry;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.WasmException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * The compiled code of one module for one kind of memory, shared by all its instances (a process's
 * threads and forks run fresh instances of the same module): for each compiled funcidx, its batch
 * and index there. It grows batch by batch ({@link #add}: tiered mode compiles hot functions in
 * small batches) while other threads run the code already added; the batches call each other
 * through its {@link Links}.
 */
final class CompiledModule {

  /**
   * Where function code lives: batch and index there; {@code entries}: it is split, and can be
   * entered at its loop heads ({@link OnStackEntry}); {@code method}: its static method, {@code
   * (params..., Instance, int budget) -> result}.
   */
  record Slot(CompiledBatch batch, int k, boolean entries, MethodHandle method) {}

  // The types, not the Module: the tier keeps this in a WeakHashMap keyed by the module.
  private final FuncType[] types;
  private final Links links;
  private final Map<Integer, Slot> slots = new ConcurrentHashMap<>();

  CompiledModule(Module module) {
    this.types = new FuncType[module.functionCount()];
    for (int i = 0; i < types.length; i++) {
      types[i] = module.functionType(i);
    }
    this.links = new Links(module.functionCount(), module.importedFunctionCount());
  }

  /** The class data of this module's batches: their calls to each other. */
  Links links() {
    return links;
  }

  /** How many functions are compiled. */
  int size() {
    return slots.size();
  }

  boolean has(int funcidx) {
    return slots.containsKey(funcidx);
  }

  /** Whether function {@code funcidx} is compiled with entries at its loop heads. */
  boolean entries(int funcidx) {
    Slot s = slots.get(funcidx);
    return s != null && s.entries();
  }

  /**
   * Adds the functions {@code funcidx} of a batch class just defined ({@code hidden}, its lookup;
   * {@code batch}, its instance): calls to them from other batches go direct from now on. Instances
   * run them once {@link #install}ed.
   */
  void add(int[] funcidx, MethodHandles.Lookup hidden, CompiledBatch batch) {
    Set<String> methods = new HashSet<>();
    for (Method m : hidden.lookupClass().getDeclaredMethods()) {
      methods.add(m.getName());
    }
    MethodHandle[] method = new MethodHandle[funcidx.length];
    for (int k = 0; k < funcidx.length; k++) {
      int fi = funcidx[k];
      try {
        method[k] =
            hidden.findStatic(
                hidden.lookupClass(), FunctionCompiler.methodName(fi), methodType(types[fi]));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("generated method missing: " + fi, e);
      }
    }
    for (int k = 0; k < funcidx.length; k++) {
      boolean entries = methods.contains(RegionEmitter.entryMethodName(funcidx[k]));
      slots.put(funcidx[k], new Slot(batch, k, entries, method[k]));
    }
    for (int k = 0; k < funcidx.length; k++) {
      links.compiled(funcidx[k], method[k]);
    }
  }

  /** The JVM type of a compiled function's method ({@code FunctionCompiler.descriptor}). */
  static MethodType methodType(FuncType t) {
    ValType[] p = t.params();
    Class<?>[] params = new Class<?>[p.length + 2];
    for (int k = 0; k < p.length; k++) {
      params[k] = jvmType(Frame.type(p[k]));
    }
    params[p.length] = Instance.class;
    params[p.length + 1] = int.class;
    ValType[] r = t.results();
    Class<?> result =
        r.length == 0 ? void.class : r.length == 1 ? jvmType(Frame.type(r[0])) : long[].class;
    return MethodType.methodType(result, params);
  }

  private static Class<?> jvmType(char c) {
    switch (c) {
      case 'I':
        return int.class;
      case 'F':
        return float.class;
      case 'D':
        return double.class;
      default:
        return long.class;
    }
  }

  /** Makes every compiled function of {@code inst} run its compiled code from now on. */
  void install(Instance inst) {
    install(inst, funcidx -> true);
  }

  /** Makes the compiled functions of {@code inst} that {@code which} accepts run compiled. */
  void install(Instance inst, IntPredicate which) {
    for (Map.Entry<Integer, Slot> e : slots.entrySet()) {
      if (which.test(e.getKey())) {
        install(inst, e.getKey());
      }
    }
  }

  /** Makes function {@code funcidx} of {@code inst} run compiled, if it is; whether it does. */
  boolean install(Instance inst, int funcidx) {
    Slot s = slots.get(funcidx);
    if (s == null) {
      return false;
    }
    Function f = inst.function(funcidx);
    if (f instanceof WasmFunction && ((WasmFunction) f).compiled() == null) {
      WasmFunction w = (WasmFunction) f;
      w.install(
          s.entries()
              ? new SplitEntry(s.batch(), s.k(), w.instance(), s.method(), this, funcidx)
              : new Entry(s.batch(), s.k(), w.instance(), s.method()));
    }
    return true;
  }

  /** Functions whose interpreted invocations went on in their compiled code, once logged. */
  private final Set<Integer> entered = ConcurrentHashMap.newKeySet();

  /** Functions of this module whose interpreted invocations entered their compiled code (tests). */
  int enteredFunctions() {
    return entered.size();
  }

  /** Interpreted invocations that went on in compiled code, in this JVM (tests). */
  static final AtomicLong ENTRIES = new AtomicLong();

  /**
   * Compiled code called as a host function. Called from the interpreter or the host, it gets the
   * thread's stack budget ({@link Jit#stackLeft}); from compiled code of another batch, the
   * caller's. Compiled Wasm calls recurse on the Java stack, so running out of it before the budget
   * is Wasm stack exhaustion too: the same trap as the interpreter's, and the StackOverflowError
   * never escapes.
   */
  static class Entry implements io.wali4j.core.exec.HostCode {
    private final CompiledBatch batch;
    private final int k;
    private final Instance inst;
    private final MethodHandle method;
    private final MethodHandle typed;

    Entry(CompiledBatch batch, int k, Instance inst, MethodHandle method) {
      this.batch = batch;
      this.k = k;
      this.inst = inst;
      this.method = method;
      int n = method.type().parameterCount() - 2;
      this.typed = MethodHandles.insertArguments(method, n, inst);
    }

    /**
     * The function's static method with its instance bound, {@code (params..., int budget) ->
     * result}: what a compiled {@code call_indirect} calls with {@code invokeExact} ({@link
     * JitRuntime#indirectHandle}).
     */
    MethodHandle typed() {
      return typed;
    }

    /**
     * The function's static method, {@code (params..., Instance, int budget) -> result}: one object
     * for every instance of the module that runs this code ({@link IndirectSite}'s guard).
     */
    MethodHandle method() {
      return method;
    }

    /** The instance whose function this is. */
    Instance instance() {
      return inst;
    }

    @Override
    public void call(Instance caller, long[] stack, int base) {
      call(stack, base, Jit.stackLeft());
    }

    /** Runs the function with {@code budget} slots of stack left (see {@link CompiledBatch}). */
    void call(long[] stack, int base, int budget) {
      try {
        batch.call(k, inst, stack, base, budget);
      } catch (StackOverflowError e) {
        throw new WasmException(Failure.CALL_STACK_EXHAUSTED, "Java stack of compiled code");
      }
    }
  }

  /**
   * The code of a split function, which an interpreted invocation can also continue in at a loop
   * head ({@link OnStackEntry}). The first time a function of the module does, {@code -v=3} says
   * so.
   */
  static final class SplitEntry extends Entry implements OnStackEntry {
    private final CompiledBatch batch;
    private final int k;
    private final Instance inst;
    private final CompiledModule module;
    private final int funcidx;

    SplitEntry(
        CompiledBatch batch,
        int k,
        Instance inst,
        MethodHandle method,
        CompiledModule module,
        int funcidx) {
      super(batch, k, inst, method);
      this.batch = batch;
      this.k = k;
      this.inst = inst;
      this.module = module;
      this.funcidx = funcidx;
    }

    @Override
    public long entryAt(int pc) {
      return batch.entryAt(k, pc);
    }

    @Override
    public void enter(long[] frame, int entry, int budget) {
      ENTRIES.incrementAndGet();
      if (module.entered.add(funcidx)) {
        JitTier.log(
            () ->
                inst.module().functionName(funcidx)
                    + " went on in its compiled code from a running interpreted invocation");
      }
      try {
        batch.enter(k, inst, frame, entry, budget);
      } catch (StackOverflowError e) {
        throw new WasmException(Failure.CALL_STACK_EXHAUSTED, "Java stack of compiled code");
      }
    }
  }
}
