package io.wali4j.jit.internal;

import io.wali4j.core.exec.Instance;
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
 */
final class Links {

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final MethodHandle CALL;
  private static final MethodHandle CALL_OR_UNWIND;

  static {
    MethodType t =
        MethodType.methodType(long[].class, Instance.class, int.class, long[].class, int.class);
    try {
      CALL = LOOKUP.findStatic(JitRuntime.class, "call", t);
      CALL_OR_UNWIND = LOOKUP.findStatic(JitRuntime.class, "callOrUnwind", t);
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

  /** The links of a module with {@code functionCount} functions (imports included). */
  Links(int functionCount) {
    this.links = new Link[functionCount];
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
      s = new MutableCallSite(l.direct != null ? l.direct : slowPath(funcidx, type, unwind));
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
