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
   */
  public record Frame(WasmFunction function, int pc, long[] slots) {}

  /** Innermost first. */
  private final transient List<Frame> frames = new ArrayList<>();

  /** Thrown by a run for the compiled frames below it: that run lets it pass once. */
  private boolean leavingRun;

  public CompiledUnwind() {
    super("compiled frames unwinding to the interpreter", null, false, false);
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
      frames.add(new Frame(f, callPc, slots));
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
    frames.add(new Frame(f, pc, kept));
    return this;
  }

  /**
   * Adds an interpreter frame that made a call at the instruction before {@code returnPc}, with
   * {@code slots} its locals and operands beneath the call's operands.
   */
  public CompiledUnwind interpretedFrame(WasmFunction f, int returnPc, long[] slots) {
    frames.add(new Frame(f, returnPc, slots));
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
