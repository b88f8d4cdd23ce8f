package io.wali4j.jit.internal;

import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Table;
import io.wali4j.core.exec.WasmFunction;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inline cache of one compiled {@code call_indirect typeidx tableidx} instruction (its {@code
 * invokedynamic}, {@code (params..., int i, Instance, int budget) -> result}, linked by {@link
 * JitRuntime#linkIndirect}). Its fallback, a method of the calling batch ({@link
 * IndirectFallbacks}), makes the lookup with its checks and traps and calls what it finds (a
 * compiled callee's bound method with {@code invokeExact}, anything else through {@code
 * JitRuntime.callIndirect}): what every state does when it does not hit. The site goes through
 * three states, so at most two retargets, each of which throws away the code of callers that
 * inlined the old target:
 *
 * <ol>
 *   <li>unlinked: the fallback, after a look at the element ({@link #observe}) for a compiled
 *       callee;
 *   <li>monomorphic, from the first compiled callee seen: a guard that the element at the index is
 *       a function whose code is that callee's static method (the same method for every instance of
 *       the module that shares the code: threads, forks), which then calls that method, a constant
 *       HotSpot can inline, with the element's own instance; anything else takes the fallback;
 *   <li>megamorphic, after a compiled callee with other code: the fallback for good.
 * </ol>
 *
 * <p>The guard reads the table's element on every call, so a table changed since (table.set, grow,
 * copy, init, a host, another instance sharing it through an import) is seen as the fallback would
 * see it; an index outside the table raises the fallback's trap; a null element, a host function,
 * an interpreted callee or any other code fails the guard and takes the fallback, which traps or
 * calls as before. Code identity implies the type: the first callee passed the type check, and the
 * same method belongs to the same function of the same module, so its type is the site's.
 */
final class IndirectSite extends MutableCallSite {

  /**
   * {@code -Dwali4j.jit.indirectCache}: {@code false} (the default), the code generator emits the
   * fallback's code inline ({@code FunctionCompiler.typedIndirect}), and sites of code compiled
   * with them (an ahead-of-time cache) stay in the fallback state; {@code true}, compiled {@code
   * call_indirect}s are these sites; {@code megamorphic}, they are, but start in the fallback state
   * (for measuring what it costs). Off by default: sqlite3's steady iterations were 1.5-3% lower
   * with it, but its process took 3-4% more CPU, HotSpot compiling the callees it inlines
   * (benchmarks/RESULTS.md). Tests set it for the code they compile.
   */
  static volatile String mode = System.getProperty("wali4j.jit.indirectCache", "false");

  /** Whether the code generator emits these sites. */
  static boolean emitted() {
    return !mode.equals("false");
  }

  private static final MethodHandle OBSERVE;
  private static final MethodHandle CACHED_CALLEE;
  private static final MethodHandle NON_NULL;

  static {
    MethodHandles.Lookup l = MethodHandles.lookup();
    try {
      OBSERVE =
          l.findVirtual(
              IndirectSite.class,
              "observe",
              MethodType.methodType(void.class, int.class, Instance.class));
      CACHED_CALLEE =
          l.findStatic(
              IndirectSite.class,
              "cachedCallee",
              MethodType.methodType(
                  Instance.class, MethodHandle.class, int.class, int.class, Instance.class));
      NON_NULL =
          l.findStatic(
              Objects.class, "nonNull", MethodType.methodType(boolean.class, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Sites linked to a compiled callee, and sites made megamorphic, in this JVM (tests). */
  static final AtomicLong MONOMORPHIC_LINKS = new AtomicLong();

  static final AtomicLong MEGAMORPHIC_LINKS = new AtomicLong();

  private static final int UNLINKED = 0;
  private static final int MONOMORPHIC = 1;
  private static final int MEGAMORPHIC = 2;

  private final int typeidx;
  private final int tableidx;
  private final MethodHandle fallback;
  private final MethodHandle observing;
  private int state;
  private MethodHandle cached;

  /**
   * The site of a {@code call_indirect typeidx tableidx} over {@code fallback}, its method in the
   * calling batch ({@link IndirectFallbacks}), whose type is the site's.
   */
  IndirectSite(MethodType type, int typeidx, int tableidx, MethodHandle fallback) {
    super(type);
    this.typeidx = typeidx;
    this.tableidx = tableidx;
    this.fallback = fallback;
    int n = type.parameterCount() - 3;
    this.observing = MethodHandles.foldArguments(fallback, n, OBSERVE.bindTo(this));
    if (mode.equals("true")) {
      state = UNLINKED;
      setTarget(observing);
    } else {
      state = MEGAMORPHIC;
      setTarget(fallback);
    }
  }

  /**
   * Before the fallback, in the states that may still move on: the element's lookup (its traps are
   * the fallback's own); a compiled callee links an unlinked site to its code, and one with other
   * code than the cached one makes the site megamorphic.
   */
  private void observe(int i, Instance inst) {
    CompiledModule.Entry e = entry(inst.indirect(typeidx, tableidx, i));
    if (e == null) {
      return;
    }
    synchronized (this) {
      if (state == UNLINKED) {
        state = MONOMORPHIC;
        cached = e.method();
        setTarget(monomorphic(cached));
        MONOMORPHIC_LINKS.incrementAndGet();
      } else if (state == MONOMORPHIC && e.method() != cached) {
        state = MEGAMORPHIC;
        cached = null;
        setTarget(fallback);
        MEGAMORPHIC_LINKS.incrementAndGet();
      }
    }
  }

  /** The compiled code of {@code f} when it is compiled Wasm code, else null. */
  private static CompiledModule.Entry entry(Function f) {
    if (f instanceof WasmFunction) {
      HostFunction compiled = ((WasmFunction) f).compiled();
      if (compiled != null && compiled.code() instanceof CompiledModule.Entry) {
        return (CompiledModule.Entry) compiled.code();
      }
    }
    return null;
  }

  /**
   * The instance of the function at {@code table[i]} of {@code inst} when its code is {@code
   * method}, else null; an index outside the table traps as the lookup does.
   */
  private static Instance cachedCallee(MethodHandle method, int tableidx, int i, Instance inst) {
    long ref = inst.table(tableidx).element(i);
    if (ref == Table.NULL) {
      return null;
    }
    CompiledModule.Entry e = entry(inst.store().function((int) ref));
    return e != null && e.method() == method ? e.instance() : null;
  }

  /**
   * The monomorphic target: the guard ({@link #cachedCallee}), then {@code method}, the static
   * method, with the element's instance; the fallback through {@link #observe} on a miss.
   */
  private MethodHandle monomorphic(MethodHandle method) {
    MethodType type = type();
    int n = type.parameterCount() - 3;
    // (Instance callee, params..., int i, Instance, int budget) -> result
    MethodType withCallee = type.insertParameterTypes(0, Instance.class);
    int[] order = new int[n + 2];
    for (int k = 0; k < n; k++) {
      order[k] = k + 1;
    }
    order[n] = 0;
    order[n + 1] = n + 3;
    MethodHandle hit = MethodHandles.permuteArguments(method, withCallee, order);
    MethodHandle miss = MethodHandles.dropArguments(observing, 0, Instance.class);
    MethodHandle test = NON_NULL.asType(MethodType.methodType(boolean.class, Instance.class));
    MethodHandle call = MethodHandles.guardWithTest(test, hit, miss);
    MethodHandle guard = MethodHandles.insertArguments(CACHED_CALLEE, 0, method, tableidx);
    guard = MethodHandles.dropArguments(guard, 0, type.parameterList().subList(0, n));
    return MethodHandles.foldArguments(call, 0, guard);
  }
}
