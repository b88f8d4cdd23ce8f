package io.wali4j.core.interp;

import io.wali4j.core.exec.CompiledUnwind;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WALI's setjmp and longjmp (wali-abi.md section B) over the interpreter's plain-data frames.
 *
 * <p>{@link #mark} runs inside the setjmp host call: it records, in a side table of the calling
 * {@link ThreadState} keyed by a token, the frame that called setjmp (depth, function, fp), where
 * it continues (the pc after the call) and its locals and operand stack beneath the call's
 * arguments, and returns the token, which the caller writes into the env buffer. The buffer's
 * contents alone name the jump point, as a native jmp_buf's registers do: programs copy jump
 * buffers and longjmp through the copy (bash saves its top-level jmp_buf with memcpy, sets it again
 * in a nested parse, and restores the saved one), so the same env address can stand for an older
 * setjmp. A setjmp from the same frame and call site with the same values gets the same token
 * again, and one with other values replaces the older point of that site, so a setjmp in a loop
 * does not grow the table. {@link #jump} runs inside the longjmp host call: it checks the token and
 * returns a {@link Jump} for the caller to throw. The jump unwinds the Java stack out of the host
 * call and out of {@link Interpreter#run}; {@link #run}, which wraps every interpreter run, catches
 * it, truncates the frames to the recorded depth, restores the locals and the operand stack (as a
 * native longjmp restores registers), pushes the value as setjmp's result and runs on. A jump whose
 * target lies below the run that caught it (longjmp out of a Wasm-to-host-to-Wasm callback) leaves
 * that run and lands in the enclosing one.
 *
 * <p>A stale (the setjmp caller has returned) or forged env never corrupts the stacks: the token
 * must match, and the recorded function and fp must still be the frame at the recorded depth; else
 * the longjmp traps with {@link Failure#INVALID_LONGJMP}.
 */
public final class NonLocalJumps {

  /** Side-table size above which marks drop the entries of frames that have returned. */
  private static final int PRUNE_ABOVE = 64;

  /**
   * Entries kept for frames that are all still live (setjmp with different values beneath the call
   * from one frame); beyond it the oldest are dropped, and a longjmp to them traps.
   */
  private static final int KEEP_AT_MOST = 4096;

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

  /** Where setjmp was called: a frame and the pc after the call. */
  private record Site(int depth, WasmFunction function, int fp, int pc) {}

  /** The jump points of one thread, by token, oldest first. */
  static final class Table {
    private final Map<Long, Point> points = new LinkedHashMap<>();
    private final Map<Site, Point> latest = new HashMap<>();
    private int pruneAbove = PRUNE_ABOVE;
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
   * Records the setjmp call in progress on this thread; returns the token to store in its env
   * buffer. {@code context} comes back with the jump (e.g. the saved signal mask).
   *
   * @throws IllegalStateException when no host call made by Wasm is in progress on this thread
   */
  public static long mark(long context) {
    ThreadState t = ThreadState.current();
    if (!t.inHostCall || t.hostResults != 1) {
      throw new IllegalStateException("setjmp must be called from Wasm, returning one value");
    }
    Table table = t.jumps;
    if (table == null) {
      table = new Table();
      t.jumps = table;
    }
    // Locals too: like the registers a native setjmp saves, clang reuses them after the call (e.g.
    // the frame pointer local for longjmp's value) and expects them back when setjmp returns again.
    long[] slots = Arrays.copyOfRange(t.stack, t.fp, t.hostBase);
    Site site = new Site(t.depth, t.cur, t.fp, t.pc);
    Point same = table.latest.get(site);
    if (same != null && table.points.containsKey(same.token())) {
      if (same.hostBase() == t.hostBase
          && same.context() == context
          && Arrays.equals(same.slots(), slots)) {
        return same.token();
      }
      table.points.remove(same.token());
    }
    if (table.points.size() > table.pruneAbove) {
      prune(t, table);
    }
    long token = table.nextToken();
    Point p = new Point(token, t.depth, t.cur, t.fp, t.pc, t.hostBase, slots, context);
    table.points.put(token, p);
    table.latest.put(site, p);
    return token;
  }

  /**
   * Drops the points whose frames have returned (the setjmp caller is no longer at its depth), then
   * the oldest beyond {@link #KEEP_AT_MOST}. Runs when the table has doubled since the last prune,
   * so marks stay amortised O(1).
   */
  private static void prune(ThreadState t, Table table) {
    table.points.values().removeIf(p -> gone(t, p));
    Iterator<Point> oldest = table.points.values().iterator();
    while (table.points.size() > KEEP_AT_MOST && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
    table.latest.values().removeIf(p -> !table.points.containsKey(p.token()));
    table.pruneAbove = Math.max(PRUNE_ABOVE, 2 * table.points.size());
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
    Point p = t.jumps == null ? null : t.jumps.points.get(token);
    if (p == null) {
      throw new WasmException(
          Failure.INVALID_LONGJMP,
          "longjmp: env 0x"
              + Integer.toHexString(env)
              + " was not filled by setjmp on this thread");
    }
    if (gone(t, p)) {
      t.jumps.points.remove(token);
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
   * this run; a jump to a frame below it propagates to the enclosing run. Compiled frames that
   * unwind out of a host call of this run ({@link CompiledUnwind}) become frames of this run. A
   * frame that went on in compiled code ({@link OnStackEntries}) leaves the registers where the run
   * goes on.
   */
  static void run(ThreadState t) {
    DispatchWarmup.once();
    while (true) {
      try {
        Interpreter.run(t);
        return;
      } catch (Jump j) {
        if (!land(t, j)) {
          throw j;
        }
      } catch (CompiledUnwind u) {
        if (u.leavesRun()) {
          throw u;
        }
        CompiledFrames.landAboveHostCall(t, u);
      } catch (OnStackEntries.Resume r) {
        // A frame went on in compiled code; the registers say where the run goes on.
      }
    }
  }

  /**
   * Whether a jump point of {@code t} names the frame of {@code f} at {@code depth} and {@code fp}:
   * that frame called setjmp and a longjmp may land in it, so it must stay an interpreter frame.
   */
  static boolean marks(ThreadState t, int depth, WasmFunction f, int fp) {
    if (t.jumps == null) {
      return false;
    }
    for (Point p : t.jumps.points.values()) {
      if (p.depth() == depth && p.function() == f && p.fp() == fp) {
        return true;
      }
    }
    return false;
  }

  /** Moves {@code t} to the jump's target if it is a live frame of the current run. */
  private static boolean land(ThreadState t, Jump j) {
    Point p = j.target;
    if (p.depth() < t.entryDepth || !live(t, p)) {
      if (p.depth() > t.entryDepth) {
        // The target lies inside this run but its frame is gone: no outer run can hold it.
        t.jumps.points.remove(p.token());
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

  /**
   * Whether the frame that called setjmp for {@code p} has returned, as far as the current run of
   * {@code t} can tell. The frames of the runs below it are not all in sight: the frame that made
   * the host call under this run keeps its registers in that call's Java frame, at the depth where
   * this run's entry frame is, and below this run's stack. So a point beneath this run's entry
   * depth, or at it with an fp below the entry frame's, stays.
   */
  private static boolean gone(ThreadState t, Point p) {
    int d = p.depth();
    if (d > t.depth) {
      return true;
    }
    if (d < t.entryDepth || live(t, p)) {
      return false;
    }
    int entryFp = t.depth == t.entryDepth ? t.fp : t.frames[2 * t.entryDepth + 1];
    return d > t.entryDepth || p.fp() >= entryFp;
  }

  /**
   * Moves the jump points of interpreter frames that moved to another run ({@link CompiledFrames}):
   * {@code moves} holds, per frame, its old depth and fp and its new depth and fp. The tokens stay,
   * so the env buffers holding them still name their points.
   */
  static void relocate(ThreadState t, int[] moves) {
    Table table = t.jumps;
    if (table == null) {
      return;
    }
    boolean any = false;
    for (Map.Entry<Long, Point> e : table.points.entrySet()) {
      Point p = e.getValue();
      for (int i = 0; i < moves.length; i += 4) {
        if (p.depth() == moves[i] && p.fp() == moves[i + 1]) {
          int fp = moves[i + 3];
          e.setValue(
              new Point(
                  p.token(),
                  moves[i + 2],
                  p.function(),
                  fp,
                  p.pc(),
                  p.hostBase() + fp - p.fp(),
                  p.slots(),
                  p.context()));
          any = true;
          break;
        }
      }
    }
    if (any) {
      table.latest.clear();
      for (Point p : table.points.values()) {
        table.latest.put(new Site(p.depth(), p.function(), p.fp(), p.pc()), p);
      }
    }
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
