package io.wali4j.jit.internal;

import io.wali4j.core.exec.CompiledUnwind;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Ops;
import io.wali4j.core.exec.SafePoint;
import io.wali4j.core.exec.UnsafeAccess;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.Failure;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import sun.misc.Unsafe;

/**
 * What compiled code calls besides {@code Ops} and {@code Memory}: calls that leave the compiled
 * batch (imports, functions compiled elsewhere or interpreted, call_indirect) and the slow path of
 * a bounds check. Arguments and results travel in the engine's long encoding.
 */
public final class JitRuntime {

  /** The Unsafe that compiled loads and stores use (a constant to HotSpot). */
  public static final Unsafe U = UnsafeAccess.U;

  private JitRuntime() {}

  /**
   * The slow path of a compiled access whose check failed against the size the method cached:
   * another thread may have grown a shared memory since, or the access lies past the 2 GiB the fast
   * check covers. Returns the size to check against from now on (capped at {@code
   * Integer.MAX_VALUE}) when the access fits; traps as {@code Memory} does otherwise.
   */
  public static int boundsSlow(Memory mem, long ea, int n) {
    long size = mem.size();
    if (Memory.outside(ea, n, size)) {
      throw Ops.trap(Failure.OUT_OF_BOUNDS_MEMORY);
    }
    return (int) Math.min(size, Integer.MAX_VALUE);
  }

  /**
   * A compiled access's bounds check, when the method calls it ({@link
   * FunctionCompiler#SHARED_RARE_PATHS}) instead of holding the compares itself: {@code t} the i32
   * address, {@code size} the size the method cached (capped at {@code Integer.MAX_VALUE}, so a
   * negative {@code t}, an address at or past 2 GiB, always takes the slow path), {@code extent}
   * the offset plus the access's bytes (at most 2^30). Returns the size to cache from now on: the
   * same {@code size} when the access is inside, which HotSpot folds away. Every compiled method's
   * checks run these two compares, so their branch profile counts all of them: HotSpot, inlining
   * this method, sees the slow path never taken and compiles it as an uncommon trap (the method is
   * resumed in the JVM's interpreter if it is taken after all), so neither the call nor the values
   * it would keep live stay in the caller's loop. A branch in the compiled method itself is
   * profiled only while that method runs in the interpreter or in C1's code, often too few times
   * for HotSpot to trust it, and then its call stays in the loop as a likely path.
   */
  public static int inside(int t, int size, int extent, Memory mem, int offset) {
    if (t >= 0 && t <= size - extent) {
      return size;
    }
    return boundsSlow(mem, t, offset, extent);
  }

  /** {@link #boundsSlow} for {@link #inside}'s operands, kept out of it so that it stays small. */
  private static int boundsSlow(Memory mem, int t, int offset, int extent) {
    return boundsSlow(mem, (t & 0xFFFFFFFFL) + offset, extent - offset);
  }

  /**
   * A loop head's or function entry's safe point, when the method calls it ({@link
   * FunctionCompiler#SHARED_RARE_PATHS}): while some thread has a request outstanding, looks at
   * this thread's own flag ({@code SafePoint.atEntry}); returns whether it did, so that the caller
   * reloads the memory view only then. Shared by every compiled method for the reason {@link
   * #inside} gives: HotSpot sees the action never run and compiles it as an uncommon trap.
   */
  public static boolean safePoint(Instance inst) {
    if (FunctionCompiler.ARMED_SAFE_POINTS && !SafePoint.armed()) {
      return false;
    }
    return plainSafePoint(inst);
  }

  /**
   * {@link #safePoint} without the test of {@code SafePoint.armed()}, for the loop heads that read
   * {@code OUTSTANDING} every time (a chunked loop's, run once per up to 1024 iterations, and those
   * of loops around one; see {@link FunctionCompiler#ARMED_SAFE_POINTS}).
   */
  public static boolean plainSafePoint(Instance inst) {
    if ((int) SafePoint.OUTSTANDING.getOpaque() != 0) {
      SafePoint.atEntry(inst);
      return true;
    }
    return false;
  }

  /**
   * The bootstrap of a compiled {@code call funcidx} to a defined function outside the calling
   * batch ({@code invokedynamic}): the module's {@link Links} site for it, which calls the function
   * directly once it is compiled and through {@link #call} ({@code unwind} = 1: {@link
   * #callOrUnwind}) until then.
   */
  public static CallSite link(
      MethodHandles.Lookup caller, String name, MethodType type, int funcidx, int unwind)
      throws IllegalAccessException {
    Links links = MethodHandles.classData(caller, ConstantDescs.DEFAULT_NAME, Links.class);
    return links.site(funcidx, type, unwind != 0);
  }

  /**
   * The bootstrap of a compiled {@code call_indirect typeidx tableidx} ({@code invokedynamic},
   * {@code (params..., int i, Instance, int budget) -> result}): a new {@link IndirectSite}, the
   * instruction's own inline cache, over its fallback {@code name} in the calling batch ({@link
   * IndirectFallbacks}; {@code unwind} = 1 at a site that may lead to a capture).
   */
  public static CallSite linkIndirect(
      MethodHandles.Lookup caller,
      String name,
      MethodType type,
      int typeidx,
      int tableidx,
      int unwind)
      throws ReflectiveOperationException {
    MethodHandle fallback = caller.findStatic(caller.lookupClass(), name, type);
    return new IndirectSite(type, typeidx, tableidx, fallback);
  }

  /**
   * {@code call funcidx} to a function outside the calling batch; {@code budget} is the caller's
   * stack budget left (see {@code CompiledBatch}).
   */
  public static long[] call(Instance inst, int funcidx, long[] args, int budget) {
    return invoke(inst, inst.function(funcidx), args, budget);
  }

  /**
   * {@code call funcidx} at a site that may lead to a capture: compiled code is called as by {@link
   * #call}, an interpreted function as a run whose fork takes the compiled frames below it along
   * ({@link CompiledUnwind#callInterpreted}); a host function (a capturing import) is left to the
   * interpreter, which makes the call again once this thread's compiled frames are its own ({@link
   * CompiledUnwind}).
   */
  public static long[] callOrUnwind(Instance inst, int funcidx, long[] args, int budget) {
    return invokeOrUnwind(inst, inst.function(funcidx), args, budget);
  }

  /**
   * {@code call funcidx} of a setjmp or sigsetjmp import: as {@link #callOrUnwind}, but only the
   * calling frame moves to the interpreter ({@link CompiledUnwind#ofSetjmp}); its handler runs it
   * in a nested run ({@link #resumed}).
   */
  public static long[] callSetjmp(Instance inst, int funcidx, long[] args, int budget) {
    Function f = inst.function(funcidx);
    if (f instanceof HostFunction) {
      throw CompiledUnwind.ofSetjmp();
    }
    return invokeOrUnwind(inst, f, args, budget);
  }

  /** {@code call_indirect} at a site that may lead to a capture: see {@link #callOrUnwind}. */
  public static long[] callIndirectOrUnwind(
      Instance inst, int typeidx, int tableidx, int i, long[] args, int budget) {
    return invokeOrUnwind(inst, inst.indirect(typeidx, tableidx, i), args, budget);
  }

  private static long[] invokeOrUnwind(Instance caller, Function f, long[] args, int budget) {
    if (f instanceof WasmFunction) {
      WasmFunction w = (WasmFunction) f;
      if (w.compiled() == null) {
        countSlowCall(w);
        return CompiledUnwind.callInterpreted(w, args);
      }
      return invoke(caller, f, args, budget);
    }
    throw new CompiledUnwind();
  }

  /**
   * The handler of a capture site: adds the frame of compiled function {@code funcidx} of {@code
   * inst}, stopped at its call at {@code pc} with its locals and operands in {@code slots}.
   */
  public static CompiledUnwind unwound(
      CompiledUnwind u, long[] slots, Instance inst, int funcidx, int pc) {
    return u.frame((WasmFunction) inst.function(funcidx), pc, slots);
  }

  /**
   * The handler of a capture site in a function that calls setjmp: adds the frame as {@link
   * #unwound} does; then, for the unwind of its own setjmp call, runs the frame in a nested
   * interpreter run to its return and returns its results, which the compiled method returns
   * ({@link CompiledUnwind#finishNested}); any other unwind goes on to the frames below.
   */
  public static long[] resumed(CompiledUnwind u, long[] slots, Instance inst, int funcidx, int pc) {
    unwound(u, slots, inst, funcidx, pc);
    if (!u.finishesNested()) {
      throw u;
    }
    return u.finishNested();
  }

  /**
   * The fast path of {@code call_indirect typeidx tableidx} with the table index {@code i}: after
   * the lookup's checks (its traps), the callee's static method with its instance bound ({@code
   * CompiledModule.Entry#typed}, {@code (params..., int budget) -> result}, the type the compiled
   * caller invokes exactly: the check made the callee's type equal to {@code typeidx}'s) when the
   * callee is compiled Wasm code, else null: the caller then takes {@link #callIndirect} (or {@link
   * #callIndirectOrUnwind}), which looks the element up again.
   */
  public static MethodHandle indirectHandle(Instance inst, int typeidx, int tableidx, int i) {
    Function f = inst.indirect(typeidx, tableidx, i);
    if (f instanceof WasmFunction) {
      HostFunction compiled = ((WasmFunction) f).compiled();
      if (compiled != null && compiled.code() instanceof CompiledModule.Entry) {
        return ((CompiledModule.Entry) compiled.code()).typed();
      }
    }
    return null;
  }

  /** {@code call_indirect typeidx tableidx} with the table index {@code i}. */
  public static long[] callIndirect(
      Instance inst, int typeidx, int tableidx, int i, long[] args, int budget) {
    return invoke(inst, inst.indirect(typeidx, tableidx, i), args, budget);
  }

  /**
   * Calls {@code f}: compiled code directly with the caller's budget; interpreted code and host
   * functions through the interpreter, which counts its frames on the thread's own stacks.
   */
  private static long[] invoke(Instance caller, Function f, long[] args, int budget) {
    if (f instanceof HostFunction) {
      HostFunction h = (HostFunction) f;
      return viaStack(h, caller, args, h.numResults());
    }
    WasmFunction w = (WasmFunction) f;
    HostFunction compiled = w.compiled();
    if (compiled != null) {
      // Compiled code runs inside the host call that entered the first compiled frame: no
      // interpreter state to save.
      long[] s = args.length >= w.numResults() ? args : Arrays.copyOf(args, w.numResults());
      if (compiled.code() instanceof CompiledModule.Entry) {
        ((CompiledModule.Entry) compiled.code()).call(s, 0, budget);
      } else {
        compiled.code().call(w.instance(), s, 0);
      }
      return s.length == w.numResults() ? s : Arrays.copyOf(s, w.numResults());
    }
    countSlowCall(w);
    return w.call(args);
  }

  /**
   * A call from compiled code to interpreted {@code w}: work of {@code w}'s that the interpreter's
   * samples do not see, which may make it hot again (a function the tier defers until it has paid
   * for its compilation, {@link Payback}, and that compiled callers call through this slow path).
   */
  private static void countSlowCall(WasmFunction w) {
    if (w.countSlowCall()) {
      Jit.hot(w);
    }
  }

  private static long[] viaStack(HostFunction h, Instance inst, long[] args, int numResults) {
    long[] s = args.length >= numResults ? args : Arrays.copyOf(args, numResults);
    h.code().call(inst, s, 0);
    return s.length == numResults ? s : Arrays.copyOf(s, numResults);
  }
}
