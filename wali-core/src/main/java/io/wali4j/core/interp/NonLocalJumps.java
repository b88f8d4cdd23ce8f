package io.wali4j.core.interp;

import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * WALI's setjmp and longjmp (wali-abi.md section B) over the interpreter's plain-data frames.
 *
 * <p>{@link #mark} runs inside the setjmp host call: it records, in a side table of the calling
 * {@link ThreadState} keyed by the env address, the frame that called setjmp (depth, function, fp),
 * where it continues (the pc after the call) and its locals and operand stack beneath the call's
 * arguments, and returns a token the caller writes into the env buffer. {@link #jump} runs inside
 * the longjmp host call: it checks the token and returns a {@link Jump} for the caller to throw.
 * The jump unwinds the Java stack out of the host call and out of {@link Interpreter#run}; {@link
 * #run}, which wraps every interpreter run, catches it, truncates the frames to the recorded depth,
 * restores the locals and the operand stack (as a native longjmp restores registers), pushes the
 * value as setjmp's result and runs on. A jump whose target lies below the run that caught it
 * (longjmp out of a Wasm-to-host-to-Wasm callback) leaves that run and lands in the enclosing one.
 *
 * <p>A stale (the setjmp caller has returned) or forged env never corrupts the stacks: the token
 * must match, and the recorded function and fp must still be the frame at the recorded depth; else
 * the longjmp traps with {@link Failure#INVALID_LONGJMP}.
 */
public final class NonLocalJumps {

  /** Side-table size above which marks drop the entries of frames that have returned. */
  private static final int PRUNE_ABOVE = 64;

  private static final SecureRandom SALTS = new SecureRandom();

  private NonLocalJumps() {}

  /** Where a setjmp call continues when a longjmp names its env. */
  private record Point(
      long token,
      int depth,
      WasmFunction function,
      int fp,
      int pc,
      int hostBase,
      long[] slots,
      long context) {}

  /** The jump points of one thread, by env address. */
  static final class Table {
    private final Map<Integer, Point> points = new HashMap<>();
    private final long salt = SALTS.nextLong() & 0xFFFFFFFF00000000L;
    private int generation;

    long nextToken() {
      generation = generation + 1 == 0 ? 1 : generation + 1;
      return salt | (generation & 0xFFFFFFFFL);
    }
  }

  /**
   * The unwind of one longjmp: thrown by the longjmp host function, caught by {@link #run}. It
   * carries no Java stack trace (it is control flow, not an error).
   */
  public static final class Jump extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Point target;
    private final int env;
    private final int value;

    private Jump(Point target, int env, int value) {
      super(
          "longjmp to env 0x"
              + Integer.toHexString(env)
              + ": the function that called setjmp is not on this thread's stack",
          null,
          false,
          false);
      this.target = target;
      this.env = env;
      this.value = value;
    }

    /** The value setjmp returns this time (never 0). */
    public int value() {
      return value;
    }

    /** The value the setjmp saved with this jump point (the signal mask for sigsetjmp). */
    public long context() {
      return target.context();
    }

    /** The trap for a jump no run could land. */
    public WasmException asTrap() {
      return new WasmException(Failure.INVALID_LONGJMP, getMessage());
    }
  }

  /**
   * Records the setjmp call in progress on this thread for {@code env}; returns the token to store
   * in the env buffer. {@code context} comes back with the jump (e.g. the saved signal mask).
   *
   * @throws IllegalStateException when no host call made by Wasm is in progress on this thread
   */
  public static long mark(int env, long context) {
    ThreadState t = ThreadState.current();
    if (!t.inHostCall || t.hostResults != 1) {
      throw new IllegalStateException("setjmp must be called from Wasm, returning one value");
    }
    Table table = t.jumps;
    if (table == null) {
      table = new Table();
      t.jumps = table;
    }
    if (table.points.size() > PRUNE_ABOVE) {
      // Only frames above the current depth are surely gone (a callback's run reuses depths).
      table.points.values().removeIf(p -> p.depth() > t.depth);
    }
    // Locals too: like the registers a native setjmp saves, clang reuses them after the call (e.g.
    // the frame pointer local for longjmp's value) and expects them back when setjmp returns again.
    long[] slots = Arrays.copyOfRange(t.stack, t.fp, t.hostBase);
    long token = table.nextToken();
    table.points.put(env, new Point(token, t.depth, t.cur, t.fp, t.pc, t.hostBase, slots, context));
    return token;
  }

  /**
   * The unwind for {@code longjmp(env, val)} on this thread, given the token read from the env
   * buffer; the caller throws it.
   *
   * @throws WasmException {@link Failure#INVALID_LONGJMP} when no setjmp of this thread stored
   *     {@code token} at {@code env}, or the frame that called it has returned
   */
  public static Jump jump(int env, long token, int val) {
    ThreadState t = ThreadState.current();
    Point p = t.jumps == null ? null : t.jumps.points.get(env);
    if (p == null || p.token() != token) {
      throw new WasmException(
          Failure.INVALID_LONGJMP,
          "longjmp: env 0x"
              + Integer.toHexString(env)
              + " was not filled by setjmp on this thread");
    }
    if (p.depth() > t.depth) {
      t.jumps.points.remove(env);
      throw new WasmException(
          Failure.INVALID_LONGJMP,
          "longjmp: env 0x"
              + Integer.toHexString(env)
              + ": the function that called setjmp has returned");
    }
    return new Jump(p, env, val == 0 ? 1 : val);
  }

  /**
   * Runs {@code t} like {@link Interpreter#run}, landing the jumps whose target frame belongs to
   * this run; a jump to a frame below it propagates to the enclosing run.
   */
  static void run(ThreadState t) {
    while (true) {
      try {
        Interpreter.run(t);
        return;
      } catch (Jump j) {
        if (!land(t, j)) {
          throw j;
        }
      }
    }
  }

  /** Moves {@code t} to the jump's target if it is a live frame of the current run. */
  private static boolean land(ThreadState t, Jump j) {
    Point p = j.target;
    if (p.depth() < t.entryDepth || !live(t, p)) {
      if (p.depth() > t.entryDepth) {
        // The target lies inside this run but its frame is gone: no outer run can hold it.
        t.jumps.points.remove(j.env);
        throw new WasmException(
            Failure.INVALID_LONGJMP,
            "longjmp: env 0x"
                + Integer.toHexString(j.env)
                + ": the function that called setjmp has returned");
      }
      return false;
    }
    System.arraycopy(p.slots(), 0, t.stack, p.fp(), p.slots().length);
    t.stack[p.hostBase()] = j.value;
    t.cur = p.function();
    t.pc = p.pc();
    t.fp = p.fp();
    t.sp = p.hostBase() + 1;
    t.depth = p.depth();
    t.inHostCall = false;
    return true;
  }

  /** Whether the frame that called setjmp for {@code p} is still at its depth on {@code t}. */
  private static boolean live(ThreadState t, Point p) {
    int d = p.depth();
    if (d > t.depth) {
      return false;
    }
    if (d == t.depth) {
      return t.cur == p.function() && t.fp == p.fp();
    }
    return t.callers[d] == p.function() && t.frames[2 * d + 1] == p.fp();
  }
}
