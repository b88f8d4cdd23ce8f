package io.wali4j.core.exec;

import io.wali4j.core.interp.ThreadState;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.Opcodes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Compiled frames moving to the interpreter. Setjmp and fork record or copy the interpreter's
 * frames ({@code NonLocalJumps}, {@code ThreadState.capture}), which compiled frames on the Java
 * stack are not; so compiled code does not make such a call itself: it throws this before the call
 * (the callee has not run), and every compiled frame between there and the interpreter catches it
 * at its call site, adds its state (locals and operand stack, in the engine's long encoding) and
 * rethrows. The interpreter run that called the outermost of them (or the host call into compiled
 * code, when no run is below) lays the frames out as its own and goes on: the innermost frame makes
 * the call again, now from the interpreter, and every frame finishes interpreted. Functions those
 * frames call later run compiled again.
 *
 * <p>A setjmp moves less ({@link #ofSetjmp}): only the frame that calls it, which runs in a nested
 * interpreter run above the compiled frames ({@link #finishNested}) from the setjmp call to its
 * return; its compiled method returns that run's results, so the frames below stay compiled. A
 * longjmp to the mark is made while that frame is live, so it lands in the nested run like any jump
 * out of a host call. A fork, a vfork or a clone needs the whole stack and moves every frame.
 *
 * <p>It carries no Java stack trace: it is control flow, not an error. It never crosses a host
 * frame: the nearest host call into compiled code (the interpreter's call or {@code
 * ThreadState.invoke}) catches it.
 */
public final class CompiledUnwind extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * One frame as the interpreter holds it.
   *
   * @param function the function
   * @param pc where it goes on in its code: the call instruction itself for the innermost frame,
   *     the instruction after the call for the others
   * @param slots its locals, then its operand stack, bottom first
   * @param depth the frame's depth on the thread when it was an interpreter frame (one moving out
   *     of a run), else -1: jump points marked by it move with it
   * @param fp its frame pointer then
   */
  public record Frame(WasmFunction function, int pc, long[] slots, int depth, int fp) {

    /** Whether the frame comes from an interpreter run (it may hold jump points). */
    public boolean interpreted() {
      return depth >= 0;
    }
  }

  /** Innermost first. */
  private final transient List<Frame> frames = new ArrayList<>();

  /** Thrown by a run for the compiled frames below it: that run lets it pass once. */
  private boolean leavingRun;

  /** Only the innermost frame moves: it calls setjmp (see {@link #ofSetjmp}). */
  private final boolean callerOnly;

  public CompiledUnwind() {
    this(false);
  }

  private CompiledUnwind(boolean callerOnly) {
    super("compiled frames unwinding to the interpreter", null, false, false);
    this.callerOnly = callerOnly;
  }

  /**
   * The unwind of a setjmp or sigsetjmp call: the frame that makes it moves to a nested run of its
   * own ({@link #finishNested}) instead of every compiled frame moving down to the interpreter. A
   * setjmp records only its caller's frame, which must be an interpreter frame; the frames below it
   * can stay compiled, since a longjmp to that mark lands while the frame is live, in the run that
   * holds it.
   */
  public static CompiledUnwind ofSetjmp() {
    return new CompiledUnwind(true);
  }

  /**
   * Adds the frame of {@code f}, caught at its call instruction at {@code callPc} with {@code
   * slots} holding its locals and its operand stack as it was at the call, the call's own operands
   * (arguments, and the table index of a {@code call_indirect}) on top. The first frame added is
   * the one whose call was not made: it resumes at the call with those operands, to make it again.
   * Every other frame called the one added before it: it resumes after the call, the callee's frame
   * holding those operands as its parameters. Returns this, for the caller to rethrow.
   */
  public CompiledUnwind frame(WasmFunction f, int callPc, long[] slots) {
    if (frames.isEmpty()) {
      frames.add(new Frame(f, callPc, slots, -1, 0));
      return this;
    }
    int[] code = f.code().code();
    Module m = f.instance().module();
    int op = code[callPc];
    int pc;
    int operands;
    if (op == Opcodes.CALL) {
      pc = callPc + 2;
      operands = m.functionType(code[callPc + 1]).params().length;
    } else if (op == Opcodes.CALL_INDIRECT) {
      pc = callPc + 3;
      operands = m.types().get(code[callPc + 1]).params().length + 1;
    } else {
      throw new IllegalStateException(
          "no call at " + callPc + " in " + f.name() + ": " + Opcodes.name(op));
    }
    long[] kept = new long[slots.length - operands];
    System.arraycopy(slots, 0, kept, 0, kept.length);
    frames.add(new Frame(f, pc, kept, -1, 0));
    return this;
  }

  /**
   * Adds the frame at {@code depth} and {@code fp} of an interpreter run that leaves its run, with
   * {@code slots} its locals and operands: the innermost first, stopped at its call at {@code pc}
   * with the call's operands on top, then each caller, {@code pc} after its call and its slots
   * beneath the call's operands.
   */
  public CompiledUnwind interpretedFrame(WasmFunction f, int pc, long[] slots, int depth, int fp) {
    frames.add(new Frame(f, pc, slots, depth, fp));
    return this;
  }

  /** Marks an unwind thrown inside an interpreter run, which must leave that run first. */
  public CompiledUnwind leavingRun() {
    leavingRun = true;
    return this;
  }

  /** True once for an unwind {@link #leavingRun leaving} the run it was thrown in. */
  public boolean leavesRun() {
    boolean once = leavingRun;
    leavingRun = false;
    return once;
  }

  /**
   * Whether this is a setjmp's unwind caught by the frame that calls setjmp (the only frame in it
   * yet), which then finishes in a nested run ({@link #finishNested}) instead of rethrowing.
   */
  public boolean finishesNested() {
    return callerOnly && frames.size() == 1;
  }

  /**
   * Runs the one frame of a setjmp's unwind ({@link #finishesNested}) in a nested interpreter run
   * above the compiled frames, from its setjmp call to its return; returns its results, for its
   * compiled method to return. A fork in that run moves it and the compiled frames below along (as
   * for {@link #callInterpreted}).
   */
  public long[] finishNested() {
    return ThreadState.current().resumeAboveCompiled(this);
  }

  /**
   * Calls interpreted {@code f} from compiled code, as a run of its own above the compiled frames:
   * a fork inside it moves the run's frames along with the compiled ones ({@code
   * ThreadState.capture}).
   */
  public static long[] callInterpreted(WasmFunction f, long[] args) {
    return ThreadState.current().invokeAboveCompiled(f, args);
  }

  /** The frames, outermost first. */
  public List<Frame> outermostFirst() {
    List<Frame> out = new ArrayList<>(frames);
    Collections.reverse(out);
    return out;
  }
}
