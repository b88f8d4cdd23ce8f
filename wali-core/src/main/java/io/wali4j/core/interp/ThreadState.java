package io.wali4j.core.interp;

import io.wali4j.core.exec.CompiledUnwind;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.SafePoint;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.WasmException;
import java.util.Arrays;

/**
 * One Java thread's Wasm execution state, all plain data: a {@code long[]} value stack holding
 * every frame's locals and operands (layout of {@link io.wali4j.core.wasm.FunctionCode}), and a
 * frame stack of (return pc, fp) int pairs with the caller function of each frame. Because nothing
 * lives on the Java stack, the state of a thread stopped at a host call can be {@link #capture()
 * captured} and later resumed, as often as wanted and on any thread ({@link Snapshot#resume});
 * fork, longjmp and signal delivery are built on that.
 *
 * <p>Both stacks grow on demand up to configurable caps; passing a cap ends in a {@link
 * Failure#CALL_STACK_EXHAUSTED} trap, never in a Java {@link StackOverflowError}.
 */
public final class ThreadState {

  /** Default cap of the value stack, in slots; property {@code wali4j.interp.maxStackSlots}. */
  public static final int DEFAULT_MAX_STACK_SLOTS =
      Integer.getInteger("wali4j.interp.maxStackSlots", 16 << 20);

  /** Default cap of the call depth; property {@code wali4j.interp.maxFrames}. */
  public static final int DEFAULT_MAX_FRAMES =
      Integer.getInteger("wali4j.interp.maxFrames", 1 << 20);

  /** Value-stack slots a frame costs at least when only the frame cap is counted in slots. */
  public static final int MIN_FRAME_SLOTS = 8;

  private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>();

  final int maxStackSlots;
  final int maxFrames;

  long[] stack;

  /** frames[2 * d] = return pc, frames[2 * d + 1] = fp of the caller at depth d. */
  int[] frames;

  /** The caller function at each depth. */
  WasmFunction[] callers;

  // Registers of the innermost frame, valid between runs and during a host call.
  WasmFunction cur;
  int pc;
  int sp;
  int fp;
  int depth;

  // Handed from the interpreter's frame push and pop to its loop: the innermost frame's code and
  // memory (meaningful only right after a call or return; nothing else reads them).
  int[] code;
  Memory mem;

  /**
   * Branches until the interpreter's next sample (see {@code Interpreter.run}), kept between runs:
   * a function called again and again from compiled code or the host (a run each, shorter than a
   * sample) is sampled like one called from interpreted code.
   */
  int untilSample = Jit.LOOP_SAMPLE;

  /** The depth at which the current run returns to its Java caller. */
  int entryDepth;

  /** During a host call: where its arguments start and how many results it leaves. */
  boolean inHostCall;

  int hostBase;
  int hostResults;

  /**
   * The safe point of the Java thread that made this state (states are made on the thread that runs
   * them): the interpreter tests it at every branch and Wasm function entry.
   */
  final SafePoint safePoint = SafePoint.current();

  /** Units metered code may still spend on this thread (see {@link #fuel(long)}). */
  private long fuel = Long.MAX_VALUE;

  /**
   * Whether the current run was called by compiled code ({@link #invokeAboveCompiled}): compiled
   * frames lie between it and the run below, so a capture must take them along.
   */
  boolean aboveCompiled;

  /** Branches left to look for an on-stack entry after a loop sample ({@link OnStackEntries}). */
  int entryTries;

  /** The setjmp jump points of this thread, created by the first setjmp. */
  NonLocalJumps.Table jumps;

  public ThreadState() {
    this(DEFAULT_MAX_STACK_SLOTS, DEFAULT_MAX_FRAMES);
  }

  public ThreadState(int maxStackSlots, int maxFrames) {
    this.maxStackSlots = maxStackSlots;
    this.maxFrames = maxFrames;
    this.stack = new long[Math.min(4096, maxStackSlots)];
    this.frames = new int[2 * Math.min(256, maxFrames)];
    this.callers = new WasmFunction[Math.min(256, maxFrames)];
  }

  /** The state of the calling Java thread, created on first use. */
  public static ThreadState current() {
    ThreadState t = CURRENT.get();
    if (t == null) {
      t = new ThreadState();
      CURRENT.set(t);
    }
    return t;
  }

  /**
   * Makes {@code t} the calling thread's state (for a thread that should run with non-default
   * limits); returns the previous one, or null.
   */
  public static ThreadState bind(ThreadState t) {
    ThreadState old = CURRENT.get();
    CURRENT.set(t);
    return old;
  }

  /**
   * Sets the fuel of this thread: metered code ({@code Validator.validate(module, true)}) spends a
   * unit at each function entry and each loop iteration and traps with {@link
   * Failure#FUEL_EXHAUSTED} when none is left. Unlimited ({@link Long#MAX_VALUE}) by default.
   */
  public void fuel(long units) {
    if (units < 0) {
      throw new IllegalArgumentException("negative fuel: " + units);
    }
    this.fuel = units;
  }

  /** The fuel left on this thread. */
  public long fuel() {
    return fuel;
  }

  /** Spends one unit of the current thread's fuel (compiled code's {@code METER}). */
  public static void meterCurrent() {
    current().meter();
  }

  /** Spends one unit of fuel, or traps when there is none. */
  void meter() {
    if (fuel == 0) {
      throw new WasmException(Failure.FUEL_EXHAUSTED, "metered code ran out of fuel");
    }
    fuel--;
  }

  /**
   * The stack budget left to code run from here, in slots: the value-stack slots above the frames
   * in use (and the arguments of a host call in progress), or {@link #MIN_FRAME_SLOTS} per frame
   * left under the frame cap, whichever is less. Compiled code, whose frames live on the Java
   * stack, spends it (at least {@code MIN_FRAME_SLOTS} per call) to end deep recursion with the
   * same call stack exhausted trap as the interpreter.
   */
  public int stackLeft() {
    int top = inHostCall ? Math.max(sp, hostBase + hostResults) : sp;
    long slots = (long) maxStackSlots - top;
    long frames = (long) maxFrames - depth;
    return (int)
        Math.max(0, Math.min(Integer.MAX_VALUE, Math.min(slots, MIN_FRAME_SLOTS * frames)));
  }

  /** The number of Wasm frames on this thread now. */
  public int depth() {
    return depth;
  }

  /**
   * Makes room for a frame whose stack reaches {@code top} at call depth {@code d}, or traps with
   * call stack exhausted.
   */
  void grow(int top, int d) {
    if (top > stack.length) {
      if (top > maxStackSlots || top < 0) {
        throw new WasmException(Failure.CALL_STACK_EXHAUSTED, "value stack over " + maxStackSlots);
      }
      long n = Math.max(top, Math.min(2L * stack.length, maxStackSlots));
      stack = Arrays.copyOf(stack, (int) n);
    }
    if (d >= callers.length) {
      if (d >= maxFrames) {
        throw new WasmException(Failure.CALL_STACK_EXHAUSTED, "call depth over " + maxFrames);
      }
      int n = (int) Math.min(maxFrames, 2L * callers.length);
      callers = Arrays.copyOf(callers, n);
      frames = Arrays.copyOf(frames, 2 * n);
    }
  }

  /**
   * Calls {@code f} with {@code args} on this thread: at the bottom when idle, or above the frames
   * of the host call in progress when a host function calls back into Wasm.
   */
  public long[] invoke(WasmFunction f, long[] args) {
    return invoke(f, args, false);
  }

  /**
   * Calls interpreted {@code f} for compiled code: as {@link #invoke}, but a fork in the run (a
   * {@link #capture}) first moves the run's frames and the compiled frames below it to the run
   * below ({@link CompiledUnwind}), so that the capture holds the whole stack.
   */
  public long[] invokeAboveCompiled(WasmFunction f, long[] args) {
    return invoke(f, args, true);
  }

  private long[] invoke(WasmFunction f, long[] args, boolean fromCompiled) {
    if (args.length != f.numParams()) {
      throw new IllegalArgumentException(
          f.name() + " takes " + f.numParams() + " arguments, got " + args.length);
    }
    HostFunction compiled = f.compiled();
    if (compiled != null) {
      return invokeCompiled(f, compiled, args, fromCompiled);
    }
    if (f.countCall()) {
      // Compiled code and the host call interpreted functions here: such calls count too, so a
      // function called only from compiled code gets hot.
      Jit.hot(f);
    }
    return nested(null, f, args, fromCompiled);
  }

  /**
   * Runs the frame of a setjmp's {@link CompiledUnwind} (the compiled function that calls setjmp,
   * stopped at that call) as a run of its own above the host call in progress, like an interpreted
   * function called by compiled code ({@link #invokeAboveCompiled}); returns the frame's results
   * once it returns. Its setjmp marks this run's frame; a longjmp to it from above lands here.
   */
  public long[] resumeAboveCompiled(CompiledUnwind u) {
    return nested(u, null, null, true);
  }

  /**
   * A run of its own above the frames in use (or above the arguments of the host call in progress):
   * the frames of {@code u} laid out there, or else a call of {@code f} with {@code args}; returns
   * the outermost frame's results. The registers are as before afterwards.
   */
  private long[] nested(CompiledUnwind u, WasmFunction f, long[] args, boolean fromCompiled) {
    WasmFunction savedCur = cur;
    int savedPc = pc;
    int savedSp = sp;
    int savedFp = fp;
    int savedDepth = depth;
    int savedEntry = entryDepth;
    boolean savedInHost = inHostCall;
    int savedBase = hostBase;
    int savedResults = hostResults;
    boolean savedAbove = aboveCompiled;
    try {
      int base = inHostCall ? Math.max(sp, hostBase + hostResults) : sp;
      entryDepth = depth;
      aboveCompiled = fromCompiled;
      if (u != null) {
        CompiledFrames.landAt(this, u, base);
      } else {
        grow(base + Math.max(f.frameSize(), f.numResults()), depth);
        ValType[] params = f.type().params();
        for (int i = 0; i < args.length; i++) {
          stack[base + i] = normalize(params[i], args[i]);
        }
        Arrays.fill(stack, base + args.length, base + f.numLocals(), 0L);
        cur = f;
        pc = 0;
        fp = base;
        sp = base + f.numLocals();
        inHostCall = false;
      }
      NonLocalJumps.run(this);
      return results();
    } finally {
      aboveCompiled = savedAbove;
      cur = savedCur;
      pc = savedPc;
      sp = savedSp;
      fp = savedFp;
      depth = savedDepth;
      entryDepth = savedEntry;
      inHostCall = savedInHost;
      hostBase = savedBase;
      hostResults = savedResults;
    }
  }

  /**
   * Calls compiled code the way the interpreter calls a host function: the registers say a host
   * call is in progress, so a call back into Wasm from the compiled code stacks its frames above.
   */
  private long[] invokeCompiled(
      WasmFunction f, HostFunction compiled, long[] args, boolean fromCompiled) {
    int savedSp = sp;
    boolean savedInHost = inHostCall;
    int savedBase = hostBase;
    int savedResults = hostResults;
    try {
      int base = inHostCall ? Math.max(sp, hostBase + hostResults) : sp;
      int width = Math.max(args.length, f.numResults());
      grow(base + width, depth);
      long[] s = stack;
      ValType[] params = f.type().params();
      for (int i = 0; i < args.length; i++) {
        s[base + i] = normalize(params[i], args[i]);
      }
      sp = base + width;
      inHostCall = true;
      hostBase = base;
      hostResults = width;
      try {
        compiled.code().call(f.instance(), s, base);
      } catch (CompiledUnwind u) {
        return finishInterpreted(u, base, fromCompiled);
      }
      return Arrays.copyOfRange(s, base, base + f.numResults());
    } finally {
      sp = savedSp;
      inHostCall = savedInHost;
      hostBase = savedBase;
      hostResults = savedResults;
    }
  }

  /**
   * Runs the frames of compiled code entered from the host that unwound to the interpreter, laid
   * out from {@code base}, as a run of their own; returns the outermost frame's results. {@code
   * fromCompiled}: the host call came from compiled code (a callee installed while it was being
   * called), so the run lies above compiled frames.
   */
  private long[] finishInterpreted(CompiledUnwind u, int base, boolean fromCompiled) {
    WasmFunction savedCur = cur;
    int savedPc = pc;
    int savedFp = fp;
    int savedDepth = depth;
    int savedEntry = entryDepth;
    boolean savedAbove = aboveCompiled;
    try {
      entryDepth = depth;
      aboveCompiled = fromCompiled;
      CompiledFrames.landAt(this, u, base);
      NonLocalJumps.run(this);
      return results();
    } finally {
      cur = savedCur;
      pc = savedPc;
      fp = savedFp;
      depth = savedDepth;
      entryDepth = savedEntry;
      aboveCompiled = savedAbove;
    }
  }

  /** The results a finished run left at the entry frame's fp. */
  long[] results() {
    long[] out = new long[cur.numResults()];
    System.arraycopy(stack, fp, out, 0, out.length);
    return out;
  }

  /** i32 and f32 values live sign-extended in their slot; the host may pass them either way. */
  static long normalize(ValType t, long v) {
    return t == ValType.I32 || t == ValType.F32 ? (int) v : v;
  }

  /**
   * Captures this thread's Wasm frames while it is inside a host call made by Wasm code (the frames
   * of the innermost run: those above a host-to-Wasm re-entry are not included). The snapshot is a
   * copy: this thread may go on and the snapshot stays valid.
   *
   * @throws IllegalStateException when no host call is in progress
   */
  public Snapshot capture() {
    if (!inHostCall) {
      throw new IllegalStateException("capture() needs a host call in progress on this thread");
    }
    if (aboveCompiled) {
      CompiledUnwind u = CompiledFrames.ofRun(this);
      if (u != null) {
        throw u;
      }
    }
    return new Snapshot(
        Arrays.copyOf(stack, sp),
        stack.length,
        Arrays.copyOfRange(frames, 2 * entryDepth, 2 * depth),
        Arrays.copyOfRange(callers, entryDepth, depth),
        cur,
        pc,
        fp,
        hostBase,
        hostResults);
  }

  /** Resumes {@code s}: a fresh state copied from it, run on this Java thread to completion. */
  static long[] resume(Snapshot s, long[] hostResults) {
    if (hostResults.length != s.hostResults()) {
      throw new IllegalArgumentException(
          "the host call returns " + s.hostResults() + " values, got " + hostResults.length);
    }
    ThreadState t = new ThreadState();
    int frameCount = s.callers().length;
    t.grow(s.stackLength(), frameCount);
    System.arraycopy(s.stack(), 0, t.stack, 0, s.stack().length);
    System.arraycopy(s.frames(), 0, t.frames, 0, s.frames().length);
    System.arraycopy(s.callers(), 0, t.callers, 0, frameCount);
    t.cur = s.function();
    t.pc = s.pc();
    t.fp = s.fp();
    t.depth = frameCount;
    t.entryDepth = 0;
    for (int i = 0; i < hostResults.length; i++) {
      t.stack[s.hostBase() + i] = hostResults[i];
    }
    t.sp = s.hostBase() + hostResults.length;
    ThreadState previous = bind(t);
    try {
      NonLocalJumps.run(t);
      return t.results();
    } finally {
      bind(previous);
    }
  }
}
