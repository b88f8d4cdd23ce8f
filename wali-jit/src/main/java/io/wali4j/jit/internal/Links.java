package io.wali4j.jit.internal;

import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.wasm.Import;
import io.wali4j.core.wasm.ImportDesc;
import io.wali4j.core.wasm.Module;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * The calls of a module's compiled code to its functions compiled in other batches, or not compiled
 * (yet): one {@link MutableCallSite} per callee (and per kind of call site), shared by every batch
 * of the module's code for one kind of memory (the class data of its hidden classes, found by
 * {@link JitRuntime#link}). Until the callee is compiled the site calls the runtime's slow path
 * ({@code JitRuntime.call}: arguments in a {@code long[]}, the interpreter runs the callee and
 * counts the call, so a callee called only from compiled code gets hot too); once it is, {@link
 * #compiled} points the site at its method, a direct call HotSpot can inline.
 *
 * <p>A call of an imported function at a plain site (not a capture site) goes through a site too
 * when {@link #callsDirectly} says so: its first call binds it to the import's {@link
 * HostFunction.Direct} entry, when the calling instance's function has one (a {@code wali} syscall
 * bound by {@code SyscallBinder}, untraced), so compiled code calls the syscall method with its
 * typed arguments and no {@code long[]}, a call HotSpot can inline. Instances of the module share
 * the site, so the direct entry runs only after checking that the caller's import has that very
 * entry, whose context (the process's) it takes from there; any other caller takes the slow path.
 */
final class Links {

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final MethodHandle CALL;
  private static final MethodHandle CALL_OR_UNWIND;
  private static final MethodHandle BIND_IMPORT;
  private static final MethodHandle CONTEXT;
  private static final MethodHandle PRESENT;

  /**
   * Whether compiled code calls imports through their direct entries ({@code
   * -Dwali4j.jit.directImports}, default true; false keeps every import call on {@code
   * JitRuntime.call}).
   */
  static final boolean DIRECT_IMPORTS =
      Boolean.parseBoolean(System.getProperty("wali4j.jit.directImports", "true"));

  static {
    MethodType t =
        MethodType.methodType(long[].class, Instance.class, int.class, long[].class, int.class);
    try {
      CALL = LOOKUP.findStatic(JitRuntime.class, "call", t);
      CALL_OR_UNWIND = LOOKUP.findStatic(JitRuntime.class, "callOrUnwind", t);
      BIND_IMPORT =
          LOOKUP.findVirtual(
              Links.class,
              "bindImport",
              MethodType.methodType(
                  void.class,
                  MutableCallSite.class,
                  int.class,
                  MethodHandle.class,
                  Instance.class));
      CONTEXT =
          LOOKUP.findStatic(
              Links.class,
              "context",
              MethodType.methodType(Object.class, int.class, MethodHandle.class, Instance.class));
      PRESENT =
          LOOKUP.findStatic(
              Links.class, "present", MethodType.methodType(boolean.class, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The sites of one callee: at plain call sites, at capture sites, and its method once known. */
  private static final class Link {
    MutableCallSite plain;
    MutableCallSite unwind;
    MethodHandle direct;
  }

  private final Link[] links;
  private final int importCount;

  /**
   * The links of a module with {@code functionCount} functions, the first {@code importCount} of
   * them imported.
   */
  Links(int functionCount, int importCount) {
    this.links = new Link[functionCount];
    this.importCount = importCount;
  }

  /**
   * Whether compiled code calls import {@code funcidx} of {@code m} at a plain site through a link
   * (and so, once bound, through its direct entry): not when disabled, not for several results, and
   * never for a capturing import, which only the interpreter may call ({@link
   * CaptureAnalysis#CAPTURING}), even at a site the analysis left plain.
   */
  static boolean callsDirectly(Module m, int funcidx) {
    if (!DIRECT_IMPORTS || m.functionType(funcidx).results().length > 1) {
      return false;
    }
    int f = 0;
    for (Import im : m.imports()) {
      if (im.desc() instanceof ImportDesc.Func) {
        if (f++ == funcidx) {
          return !(im.module().equals("wali") && CaptureAnalysis.CAPTURING.contains(im.name()));
        }
      }
    }
    return false;
  }

  /**
   * The call site of {@code call funcidx} with the compiled calling convention {@code type} (see
   * {@code FunctionCompiler.descriptor}); {@code unwind} for a site that may lead to a capture,
   * whose slow path hands interpreted callees and imports to the interpreter ({@code
   * JitRuntime.callOrUnwind}).
   */
  synchronized CallSite site(int funcidx, MethodType type, boolean unwind) {
    Link l = link(funcidx);
    MutableCallSite s = unwind ? l.unwind : l.plain;
    if (s == null) {
      MethodHandle target = l.direct != null ? l.direct : slowPath(funcidx, type, unwind);
      s = new MutableCallSite(type);
      s.setTarget(funcidx < importCount && !unwind ? bindOnFirstCall(s, funcidx, target) : target);
      if (unwind) {
        l.unwind = s;
      } else {
        l.plain = s;
      }
    }
    return s;
  }

  /** Function {@code funcidx} is compiled to {@code method}: its call sites call it directly. */
  synchronized void compiled(int funcidx, MethodHandle method) {
    Link l = link(funcidx);
    if (l.direct != null) {
      return;
    }
    l.direct = method;
    if (l.plain != null) {
      l.plain.setTarget(method);
    }
    if (l.unwind != null) {
      l.unwind.setTarget(method);
    }
  }

  /** Whether calls to {@code funcidx} go straight to compiled code (tests). */
  synchronized boolean isDirect(int funcidx) {
    return link(funcidx).direct != null;
  }

  /**
   * {@code slow}, after pointing site {@code s} of import {@code funcidx} at its direct entry (the
   * calling instance's, when it has one) or at {@code slow} for good.
   */
  private MethodHandle bindOnFirstCall(MutableCallSite s, int funcidx, MethodHandle slow) {
    MethodHandle bind = MethodHandles.insertArguments(BIND_IMPORT, 0, this, s, funcidx, slow);
    return MethodHandles.foldArguments(slow, slow.type().parameterCount() - 2, bind);
  }

  private void bindImport(MutableCallSite s, int funcidx, MethodHandle slow, Instance inst) {
    Function f = inst.function(funcidx);
    HostFunction.Direct d = f instanceof HostFunction ? ((HostFunction) f).direct() : null;
    // Code compiled with direct imports on (an ahead-of-time cache) obeys the switch too.
    MethodHandle target = d == null || !DIRECT_IMPORTS ? slow : direct(funcidx, d.handle(), slow);
    synchronized (this) {
      s.setTarget(target);
    }
  }

  /**
   * {@code (params..., Instance, int budget) -> result}: the direct entry {@code entry} ({@code
   * (context, Instance, params...) -> result}) with the context of the caller's import when it has
   * this very entry, {@code slow} otherwise.
   */
  private static MethodHandle direct(int funcidx, MethodHandle entry, MethodHandle slow) {
    MethodType site = slow.type();
    int n = site.parameterCount() - 2;
    MethodType entryType = entry.type().changeParameterType(0, Object.class);
    if (!entryType.dropParameterTypes(0, 2).equals(site.dropParameterTypes(n, n + 2))
        || entryType.returnType() != site.returnType()) {
      return slow;
    }
    // Everything over (params..., Object context, Instance, int budget).
    MethodType withContext = site.insertParameterTypes(n, Object.class);
    int[] order = new int[entryType.parameterCount()];
    order[0] = n;
    order[1] = n + 1;
    for (int k = 0; k < n; k++) {
      order[k + 2] = k;
    }
    MethodHandle call = MethodHandles.permuteArguments(entry.asType(entryType), withContext, order);
    MethodHandle test = MethodHandles.dropArguments(PRESENT, 0, site.parameterList().subList(0, n));
    MethodHandle guarded =
        MethodHandles.guardWithTest(test, call, MethodHandles.dropArguments(slow, n, Object.class));
    MethodHandle context = MethodHandles.insertArguments(CONTEXT, 0, funcidx, entry);
    return MethodHandles.foldArguments(guarded, n, context);
  }

  /**
   * The context of {@code inst}'s import {@code funcidx} when its direct entry is {@code entry}.
   */
  private static Object context(int funcidx, MethodHandle entry, Instance inst) {
    Function f = inst.function(funcidx);
    if (f instanceof HostFunction) {
      HostFunction.Direct d = ((HostFunction) f).direct();
      if (d != null && d.handle() == entry) {
        return d.context();
      }
    }
    return null;
  }

  private static boolean present(Object context) {
    return context != null;
  }

  private Link link(int funcidx) {
    Link l = links[funcidx];
    if (l == null) {
      l = new Link();
      links[funcidx] = l;
    }
    return l;
  }

  /**
   * {@code (params..., Instance, int budget) -> result} over {@code JitRuntime.call(inst, funcidx,
   * args, budget)}: each argument in its long encoding ({@link Values}), the single result decoded,
   * several left as the {@code long[]} compiled code unpacks.
   */
  private static MethodHandle slowPath(int funcidx, MethodType type, boolean unwind) {
    int n = type.parameterCount() - 2;
    MethodHandle h = MethodHandles.insertArguments(unwind ? CALL_OR_UNWIND : CALL, 1, funcidx);
    // (Instance, long[], int) -> (long[], Instance, int), then n longs collected into the array.
    h =
        MethodHandles.permuteArguments(
            h,
            MethodType.methodType(long[].class, long[].class, Instance.class, int.class),
            1,
            0,
            2);
    h = h.asCollector(0, long[].class, n);
    MethodHandle[] encoders = new MethodHandle[n];
    for (int k = 0; k < n; k++) {
      encoders[k] = codec("encode", type.parameterType(k));
    }
    h = MethodHandles.filterArguments(h, 0, encoders);
    Class<?> r = type.returnType();
    if (r != long[].class) {
      h = MethodHandles.filterReturnValue(h, codec("result", r));
    }
    return h.asType(type);
  }

  private static MethodHandle codec(String name, Class<?> t) {
    if (name.equals("encode") && t == long.class) {
      return null;
    }
    String suffix = t == int.class ? "I" : t == float.class ? "F" : t == double.class ? "D" : "";
    String n = name + (t == long.class ? "J" : t == void.class ? "V" : suffix);
    MethodType mt =
        name.equals("encode")
            ? MethodType.methodType(long.class, t)
            : MethodType.methodType(t, long[].class);
    try {
      return LOOKUP.findStatic(Links.class, n, mt);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  // The long encoding of Values, as methods for the slow path's handles.

  private static long encodeI(int v) {
    return v;
  }

  private static long encodeF(float v) {
    return Float.floatToRawIntBits(v);
  }

  private static long encodeD(double v) {
    return Double.doubleToRawLongBits(v);
  }

  private static void resultV(long[] r) {}

  private static int resultI(long[] r) {
    return (int) r[0];
  }

  private static long resultJ(long[] r) {
    return r[0];
  }

  private static float resultF(long[] r) {
    return Float.intBitsToFloat((int) r[0]);
  }

  private static double resultD(long[] r) {
    return Double.longBitsToDouble(r[0]);
  }
}
