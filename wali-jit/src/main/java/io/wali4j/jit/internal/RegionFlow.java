package io.wali4j.jit.internal;

import io.wali4j.core.wasm.Opcodes;
import java.util.BitSet;

/**
 * Which Wasm locals one region of a split function moves through the frame array, path by path
 * ({@link RegionEmitter}): by default a crossing moves only what it must. Without it, an entry
 * loads every local the region uses that is live there, and an exit stores every local the region
 * writes anywhere that is live at its target; in {@code luaV_execute}, whose regions hold dozens of
 * cases of one interpreter loop, that is most of the loop's locals at every crossing, though a case
 * reads a few and writes fewer.
 *
 * <p>Two data flows over the region's instructions:
 *
 * <ul>
 *   <li>Forward, the locals written since the region was entered ({@link #dirtyAt}, "dirty"): an
 *       entry starts clean, as the frame array holds every live local there; {@code local.set} and
 *       {@code local.tee} make a local dirty. An exit stores the locals dirty at its branch that
 *       are live at its target ({@link #exitStores}): a clean local is in the array already. At an
 *       entry that another region names (a case of the dispatch, the shared fetch, the loop head it
 *       jumps back to), the paths from inside the region store their dirty locals live there first
 *       ({@link #syncs}, {@link #syncStores}), so that such a join starts clean as well and the
 *       writes of one case are not stored again at every later exit of the region (the function's
 *       start, for instance, writes most locals before it falls into the loop head).
 *   <li>Backward, the locals the region reads before writing them ({@link #loadsAt}): a {@code
 *       local.get}, and the stores of the exits and syncs it reaches. An entry loads those.
 * </ul>
 *
 * <p>A capture handler in the region stores the locals dirty at its call ({@link #dirtyAt}): any
 * other local is in the array already, or is dead (a local dirty and live after the call is read or
 * stored on some path from there, so it was loaded or written before the call).
 */
final class RegionFlow {

  /**
   * Whether crossings move only what they must ({@code wali4j.jit.exactCrossings}, on by default;
   * false restores the region-wide sets). Off while dispatch copies are on ({@link
   * DispatchCopies}), whose shared exits keep the region-wide sets.
   */
  static final boolean EXACT = !"false".equals(System.getProperty("wali4j.jit.exactCrossings"));

  private static volatile boolean exact = EXACT;

  private final int[] code;
  private final RegionPlanner.Plan plan;
  private final int from;
  private final int to;

  /** Per pc of the region (index pc - from): dirty at the instruction's start. */
  private final BitSet[] dirty;

  /** Per pc of the region: the locals read from there before written, stores included. */
  private final BitSet[] loads;

  private RegionFlow(int[] code, RegionPlanner.Plan plan, int k) {
    this.code = code;
    this.plan = plan;
    this.from = plan.from(k);
    this.to = plan.to(k, code.length);
    int n = to - from;
    dirty = new BitSet[n + 1];
    loads = new BitSet[n + 1];
    forward();
    backward();
  }

  /** Sets whether crossings move only what they must (tests); returns the previous setting. */
  static boolean exact(boolean on) {
    boolean previous = exact;
    exact = on;
    return previous;
  }

  /** The flow of region {@code k}, or null when crossings move the region-wide sets. */
  static RegionFlow of(int[] code, RegionPlanner.Plan plan, int k) {
    if (!exact || plan.copies() > 0 || DispatchCopies.MAX_INSTRUCTIONS > 0) {
      return null;
    }
    return new RegionFlow(code, plan, k);
  }

  private boolean inside(int pc) {
    return pc >= from && pc < to;
  }

  /** Whether the paths inside the region to {@code pc} store their dirty locals live there. */
  boolean syncs(int pc) {
    return inside(pc) && plan.named().get(pc);
  }

  /** The locals dirty at the start of the instruction at {@code pc} (a branch's, a call's). */
  BitSet dirtyAt(int pc) {
    BitSet d = dirty[pc - from];
    return d == null ? new BitSet() : d;
  }

  /**
   * What the instruction at {@code pc}, a branch to {@code target} outside the region or the last
   * one falling through into the next, stores: the locals dirty after it that are live there.
   */
  BitSet exitStores(int pc, int target) {
    BitSet s = (BitSet) dirtyAt(pc).clone();
    if (writes(code[pc])) {
      s.set(code[pc + 1]);
    }
    s.and(plan.live()[plan.entryOf()[target]]);
    return s;
  }

  /**
   * What the instruction at {@code pc}, a branch to {@code head} inside the region, a sync point,
   * or the one before it, stores before going on there.
   */
  BitSet syncStores(int pc, int head) {
    return exitStores(pc, head);
  }

  /** What the entry at {@code pc} loads. */
  BitSet loadsAt(int pc) {
    BitSet l = loads[pc - from];
    return l == null ? new BitSet() : l;
  }

  /** The successors of the instruction at {@code pc} (inside the region or not); -1 for none. */
  private int[] successors(int pc) {
    int next = pc + Immediates.length(code, pc);
    switch (code[pc]) {
      case Opcodes.JUMP:
      case Opcodes.BR_DROP:
        return new int[] {code[pc + 1]};
      case Opcodes.JUMP_IF:
      case Opcodes.JUMP_IF_ZERO:
      case Opcodes.BR_IF_DROP:
        return new int[] {code[pc + 1], next};
      case Opcodes.BR_TABLE:
        {
          int k = code[pc + 1] + 1;
          int[] s = new int[k];
          for (int i = 0; i < k; i++) {
            s[i] = code[pc + 2 + 3 * i];
          }
          return s;
        }
      case Opcodes.RETURN:
      case Opcodes.UNREACHABLE:
        return new int[0];
      default:
        return next < code.length ? new int[] {next} : new int[0];
    }
  }

  private static boolean writes(int op) {
    return op == Opcodes.LOCAL_SET || op == Opcodes.LOCAL_TEE;
  }

  private void forward() {
    for (int pc = from; pc < to; pc += Immediates.length(code, pc)) {
      if (plan.entryOf()[pc] >= 0) {
        dirty[pc - from] = new BitSet();
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int pc = from; pc < to; pc += Immediates.length(code, pc)) {
        BitSet in = dirty[pc - from];
        if (in == null) {
          continue;
        }
        BitSet out = in;
        if (writes(code[pc])) {
          out = (BitSet) in.clone();
          out.set(code[pc + 1]);
        }
        for (int s : successors(pc)) {
          if (!inside(s) || syncs(s)) {
            // An exit, or a sync point: starts clean.
            continue;
          }
          BitSet d = dirty[s - from];
          if (d == null) {
            dirty[s - from] = (BitSet) out.clone();
            changed = true;
          } else {
            BitSet u = (BitSet) d.clone();
            u.or(out);
            if (!u.equals(d)) {
              dirty[s - from] = u;
              changed = true;
            }
          }
        }
      }
    }
  }

  private void backward() {
    int count = 0;
    for (int pc = from; pc < to; pc += Immediates.length(code, pc)) {
      count++;
    }
    int[] pcs = new int[count];
    int i = 0;
    for (int pc = from; pc < to; pc += Immediates.length(code, pc)) {
      pcs[i++] = pc;
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (i = count - 1; i >= 0; i--) {
        int pc = pcs[i];
        if (dirty[pc - from] == null) {
          // Never reached: emits nothing.
          continue;
        }
        BitSet out = new BitSet();
        for (int s : successors(pc)) {
          if (!inside(s)) {
            out.or(exitStores(pc, s));
          } else {
            if (syncs(s)) {
              out.or(syncStores(pc, s));
            }
            BitSet l = loads[s - from];
            if (l != null) {
              out.or(l);
            }
          }
        }
        int op = code[pc];
        if (writes(op)) {
          out.clear(code[pc + 1]);
        } else if (op == Opcodes.LOCAL_GET) {
          out.set(code[pc + 1]);
        }
        if (!out.equals(loads[pc - from])) {
          loads[pc - from] = out;
          changed = true;
        }
      }
    }
  }
}
