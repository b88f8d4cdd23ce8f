package io.wali4j.core.interp;

import io.wali4j.core.exec.CompiledUnwind;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.OnStackEntry;
import io.wali4j.core.exec.WasmFunction;

/**
 * On-stack entry: an interpreted invocation leaves the interpreter for its function's compiled code
 * at a loop head, once that code is installed and offers an entry there ({@link OnStackEntry}).
 * Without it, an invocation started interpreted stays so until it returns: lua's main chunk runs
 * inside the first invocation of {@code luaV_execute}, a long sqlite3 statement inside one of
 * {@code sqlite3VdbeExec}.
 *
 * <p>Where: the interpreter's loop sample ({@link Jit#LOOP_SAMPLE} branches) calls {@link #sample},
 * so the interpreter's loop pays nothing more per branch. The sample may fall anywhere in the loop;
 * when the function has compiled code but no entry where the sample fell, the next {@link #TRIES}
 * branches of the thread look again (a loop head comes by within a few branches in a loop).
 *
 * <p>How: the frame's locals and operands are copied into a fresh array (the compiled code's frame
 * is laid out as the interpreter's), the interpreted frame is popped as a return would pop it, and
 * the registers say that the caller is in a call of compiled code (a host call, as when the
 * interpreter calls a compiled function): so stack budget, nested runs (signal handlers, callbacks)
 * and a capture see what they see when the caller had called the compiled function. When the frame
 * is the run's entry frame it has no caller in the run: it stays, as the frame of a host call into
 * compiled code. The compiled code's results go where the callee's would; compiled frames that
 * unwind out of it ({@link CompiledUnwind}: fork, or setjmp through {@code call_indirect}) land as
 * interpreter frames in the frame's place, one for the function, as for any compiled callee. Then
 * the run goes on from the registers in the thread state ({@link #RESUME}).
 *
 * <p>Not entered: a frame that called setjmp and may still be jumped to (its jump point names the
 * interpreter frame, which must stay), or whose operand height differs from what the entry expects
 * (never seen; a check, not a case).
 *
 * <p>A trap in the compiled code is located at the loop head where the frame entered it (compiled
 * code does not track the offsets of its instructions).
 */
final class OnStackEntries {

  /** Branches after an unsuccessful sample that look for an entry again. */
  static final int TRIES = 64;

  /**
   * Thrown out of {@link Interpreter#run} once a frame left for compiled code: {@link
   * NonLocalJumps#run} runs the interpreter again from the thread state's registers. Control flow,
   * no stack trace; one shared instance.
   */
  static final class Resume extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private Resume() {
      super("the interpreter goes on from its registers", null, false, false);
    }
  }

  static final Resume RESUME = new Resume();

  private OnStackEntries() {}

  /**
   * Every {@link Jit#LOOP_SAMPLE} branches, and during the tries after it every branch: counts a
   * sample of {@code cur} (maybe hot now; the tries do not count), then, when {@code cur} has
   * compiled code with an entry at {@code pc}, leaves its frame for it and throws {@link #RESUME}.
   * Returns the branches until the next call.
   */
  static int sample(ThreadState t, WasmFunction cur, int pc, int sp, int fp) {
    int tries = t.entryTries;
    if (tries == 0 && cur.countLoopSample()) {
      Jit.hot(cur);
    }
    HostFunction compiled = cur.compiled();
    if (compiled == null || !(compiled.code() instanceof OnStackEntry) || !Jit.ON_STACK_ENTRY) {
      t.entryTries = 0;
      return Jit.LOOP_SAMPLE;
    }
    OnStackEntry code = (OnStackEntry) compiled.code();
    long at = code.entryAt(pc);
    if (at < 0) {
      tries = (tries == 0 ? TRIES : tries) - 1;
      t.entryTries = tries;
      return tries == 0 ? Jit.LOOP_SAMPLE : 1;
    }
    t.entryTries = 0;
    int operands = (int) (at >>> 32);
    if (sp - fp != cur.numLocals() + operands || NonLocalJumps.marks(t, t.depth, cur, fp)) {
      return Jit.LOOP_SAMPLE;
    }
    enter(t, cur, code, (int) at, pc, sp, fp);
    throw RESUME;
  }

  /**
   * Runs {@code cur}'s frame, at {@code pc} with registers {@code sp} and {@code fp}, in {@code
   * code} from {@code entry}; leaves the registers where the run goes on.
   */
  private static void enter(
      ThreadState t, WasmFunction cur, OnStackEntry code, int entry, int pc, int sp, int fp) {
    long[] frame = new long[Math.max(1, Math.max(cur.frameSize(), cur.numResults()))];
    System.arraycopy(t.stack, fp, frame, 0, sp - fp);
    boolean entryFrame = t.depth == t.entryDepth;
    if (entryFrame) {
      t.cur = cur;
      t.pc = pc;
      t.fp = fp;
    } else {
      // Popped as a return pops it: the caller is now in a call of compiled code.
      int d = t.depth - 1;
      t.depth = d;
      t.cur = t.callers[d];
      t.pc = t.frames[2 * d];
      t.fp = t.frames[2 * d + 1];
    }
    int nr = cur.numResults();
    t.sp = fp + cur.numParams();
    t.hostBase = fp;
    t.hostResults = nr;
    t.inHostCall = true;
    try {
      code.enter(frame, entry, t.stackLeft());
    } catch (CompiledUnwind u) {
      if (u.leavesRun()) {
        throw u;
      }
      if (entryFrame) {
        CompiledFrames.landAt(t, u, fp);
      } else {
        CompiledFrames.landAboveHostCall(t, u);
      }
      return;
    }
    t.inHostCall = false;
    System.arraycopy(frame, 0, t.stack, fp, nr);
    t.sp = fp + nr;
    if (entryFrame) {
      // The frame returns at once: its final RETURN, with the results on top.
      t.pc = cur.ops().length - 1;
    }
  }
}
