package io.wali4j.core.interp;

import io.wali4j.core.exec.CompiledUnwind;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.Opcodes;
import java.util.Arrays;
import java.util.List;

/**
 * Lays the frames of a {@link CompiledUnwind} out on a {@link ThreadState} in the interpreter's
 * layout, where the compiled frames would have been had they been interpreted: the outermost at the
 * host call's base (its parameters were the call's arguments), each callee's frame right above its
 * caller's operands, the innermost as the current frame, stopped at its call.
 */
final class CompiledFrames {

  private CompiledFrames() {}

  /**
   * Lands the frames on the run whose host call into compiled code they come from: the frame that
   * made the host call becomes their caller, and the host call is over.
   */
  static void landAboveHostCall(ThreadState t, CompiledUnwind u) {
    if (!t.inHostCall) {
      throw new IllegalStateException("compiled frames unwound without a host call to land on");
    }
    int d = t.depth;
    t.grow(t.hostBase, d);
    t.frames[2 * d] = t.pc;
    t.frames[2 * d + 1] = t.fp;
    t.callers[d] = t.cur;
    t.depth = d + 1;
    lay(t, u.outermostFirst(), t.hostBase);
  }

  /**
   * The frames of the current run of {@code t}, stopped in a host call, as an unwind that leaves
   * the run (to the compiled frames below it) and makes that call again where it lands; or null
   * when the call is not a direct {@code call} of an import, the only kind made again.
   */
  static CompiledUnwind ofRun(ThreadState t) {
    int callPc = t.pc - 2;
    int[] code = t.cur.ops();
    if (callPc < 0
        || code[callPc] != Opcodes.CALL
        || code[callPc + 1] >= t.cur.instance().module().importedFunctionCount()) {
      return null;
    }
    CompiledUnwind u = new CompiledUnwind().leavingRun();
    u.interpretedFrame(t.cur, callPc, Arrays.copyOfRange(t.stack, t.fp, t.sp), t.depth, t.fp);
    int calleeFp = t.fp;
    for (int d = t.depth - 1; d >= t.entryDepth; d--) {
      int fp = t.frames[2 * d + 1];
      u.interpretedFrame(
          t.callers[d], t.frames[2 * d], Arrays.copyOfRange(t.stack, fp, calleeFp), d, fp);
      calleeFp = fp;
    }
    return u;
  }

  /** Lands the frames from {@code base} at the thread's current depth, as a fresh run's. */
  static void landAt(ThreadState t, CompiledUnwind u, int base) {
    lay(t, u.outermostFirst(), base);
  }

  /**
   * Lays {@code frames} out from {@code base}, each above its caller's operands, the last as the
   * current frame; the jump points of interpreter frames among them move along ({@link
   * NonLocalJumps#relocate}).
   */
  private static void lay(ThreadState t, List<CompiledUnwind.Frame> frames, int base) {
    int fp = base;
    int last = frames.size() - 1;
    int[] moves = new int[4 * frames.size()];
    int moved = 0;
    for (int k = 0; k < last; k++) {
      CompiledUnwind.Frame f = frames.get(k);
      int d = t.depth;
      long[] slots = f.slots();
      t.grow(fp + Math.max(slots.length, f.function().frameSize()), d);
      System.arraycopy(slots, 0, t.stack, fp, slots.length);
      t.frames[2 * d] = f.pc();
      t.frames[2 * d + 1] = fp;
      t.callers[d] = f.function();
      t.depth = d + 1;
      moved = move(moves, moved, f, d, fp);
      fp += slots.length;
    }
    CompiledUnwind.Frame inner = frames.get(last);
    WasmFunction fn = inner.function();
    long[] slots = inner.slots();
    t.grow(fp + Math.max(slots.length, fn.frameSize()), t.depth);
    System.arraycopy(slots, 0, t.stack, fp, slots.length);
    t.cur = fn;
    t.pc = inner.pc();
    t.fp = fp;
    t.sp = fp + slots.length;
    t.inHostCall = false;
    moved = move(moves, moved, inner, t.depth, fp);
    if (moved > 0) {
      NonLocalJumps.relocate(t, Arrays.copyOf(moves, moved));
    }
  }

  /**
   * Notes in {@code moves} (from index {@code n}) that interpreter frame {@code f} now lies at
   * {@code depth} and {@code fp}; returns the new length.
   */
  private static int move(int[] moves, int n, CompiledUnwind.Frame f, int depth, int fp) {
    if (!f.interpreted() || (f.depth() == depth && f.fp() == fp)) {
      return n;
    }
    moves[n] = f.depth();
    moves[n + 1] = f.fp();
    moves[n + 2] = depth;
    moves[n + 3] = fp;
    return n + 4;
  }
}
