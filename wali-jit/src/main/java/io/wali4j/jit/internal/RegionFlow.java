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
   * false restores the region-wide sets).
   */
  static final boolean EXACT = !"false".equals(System.getProperty("wali4j.jit.exactCrossings"));

  /**
   * Whether regions that copy a dispatch ({@link DispatchCopies}) move only what they must too
   * ({@code wali4j.jit.exactCopies}, on by default): the copied code is part of the flow, the
   * copy's shared exit stores the locals dirty at it that are live at a case elsewhere. False keeps
   * the region-wide sets wherever copies are on.
   */
  static final boolean EXACT_COPIES = !"false".equals(System.getProperty("wali4j.jit.exactCopies"));

  /**
   * Whether a copy starts clean and a copied dispatch enters the cases of its own region through
   * their entries ({@code wali4j.jit.copySyncs}, on by default; see {@link #syncsInto} and {@link
   * #reenters}).
   */
  static final boolean COPY_SYNCS = !"false".equals(System.getProperty("wali4j.jit.copySyncs"));

  private static volatile boolean exact = EXACT;

  private static volatile boolean copySyncs = COPY_SYNCS;

  /** The function's number of locals; -1 when unknown or copies do not sync (see COPY_SYNCS). */
  private final int numLocals;

  private static volatile boolean exactCopies = EXACT_COPIES;

  private final int[] code;
  private final RegionPlanner.Plan plan;
  private final int from;
  private final int to;

  /** The instructions of other regions that this one copies ({@link DispatchCopies}). */
  private final BitSet copyCode;

  /** The targets outside the region where a copy starts. */
  private final BitSet copyStarts;

  /** Per pc of the region or of a copy: dirty at the instruction's start. */
  private final BitSet[] dirty;

  /**
   * Per pc of the region or of a copy: the locals read from there before written, stores included.
   */
  private final BitSet[] loads;

  /** The region's instructions, then the copies'. */
  private final int[] nodes;

  private RegionFlow(int[] code, RegionPlanner.Plan plan, int k, int numLocals) {
    this.code = code;
    this.numLocals = copySyncs ? numLocals : -1;
    this.plan = plan;
    this.from = plan.from(k);
    this.to = plan.to(k, code.length);
    this.copyCode = plan.copiedCode()[k];
    this.copyStarts = plan.copied()[k];
    dirty = new BitSet[code.length + 1];
    loads = new BitSet[code.length + 1];
    int count = copyCode.cardinality();
    for (int pc = from; pc < to; pc += Immediates.length(code, pc)) {
      count++;
    }
    nodes = new int[count];
    int i = 0;
    for (int pc = from; pc < to; pc += Immediates.length(code, pc)) {
      nodes[i++] = pc;
    }
    for (int pc = copyCode.nextSetBit(0); pc >= 0; pc = copyCode.nextSetBit(pc + 1)) {
      nodes[i++] = pc;
    }
    forward();
    backward();
  }

  /** Sets whether crossings move only what they must (tests); returns the previous setting. */
  static boolean exact(boolean on) {
    boolean previous = exact;
    exact = on;
    return previous;
  }

  /**
   * Sets whether regions with copies move only what they must (tests); returns the previous
   * setting.
   */
  static boolean exactCopies(boolean on) {
    boolean previous = exactCopies;
    exactCopies = on;
    return previous;
  }

  /**
   * Sets whether copies start clean and copied dispatches enter their region's cases through their
   * entries (tests); returns the previous setting.
   */
  static boolean copySyncs(boolean on) {
    boolean previous = copySyncs;
    copySyncs = on;
    return previous;
  }

  /** The flow of region {@code k}, or null when crossings move the region-wide sets. */
  static RegionFlow of(int[] code, RegionPlanner.Plan plan, int k) {
    return of(code, plan, k, -1);
  }

  /**
   * The flow of region {@code k} of a function of {@code numLocals} locals, or null when crossings
   * move the region-wide sets.
   */
  static RegionFlow of(int[] code, RegionPlanner.Plan plan, int k, int numLocals) {
    if (!exact || (!exactCopies && (plan.copies() > 0 || DispatchCopies.MAX_INSTRUCTIONS > 0))) {
      return null;
    }
    return new RegionFlow(code, plan, k, numLocals);
  }

  /**
   * Whether the copied {@code br_table} at {@code pc} goes to {@code s}, a case of this region that
   * other regions name, through the case's entry: its dirty locals live there stored, then what the
   * entry loads loaded. Otherwise a copy that jumps straight to the cases of its region makes each
   * entry of the region load what any of those cases reads (the backward flow is not
   * path-sensitive): in an interpreter loop split into regions of many cases, nearly every local at
   * every crossing, which cost more than the crossings the copies save. Only for a table whose
   * targets take no operands and find none beneath (a dispatch), whose entries load none.
   */
  boolean reenters(int pc, int s) {
    if (numLocals < 0 || !copied(pc) || code[pc] != Opcodes.BR_TABLE || !syncs(s)) {
      return false;
    }
    for (int i = 0; i <= code[pc + 1]; i++) {
      int at = pc + 2 + 3 * i;
      if (code[at + 1] != 0 || code[at + 2] != numLocals) {
        return false;
      }
    }
    return true;
  }

  private boolean inside(int pc) {
    return pc >= from && pc < to;
  }

  /** Whether the instruction at {@code pc} is a copy's (not the region's own). */
  private boolean copied(int pc) {
    return !inside(pc) && copyCode.get(pc);
  }

  /** Whether the paths inside the region to {@code pc} store their dirty locals live there. */
  boolean syncs(int pc) {
    return inside(pc) && plan.named().get(pc);
  }

  /**
   * Whether the branch at {@code pc} to {@code s} stores its dirty locals live there first: at a
   * sync point, and where the region's own code branches to a copy ({@link DispatchCopies}). A copy
   * then starts clean as the code it copies does in its own region; otherwise the dirty locals of
   * every case of the region that branches to the shared fetch's copy meet there, and the copied
   * dispatch's exit stores all of them (and the entries load them for it) whichever case ran.
   */
  boolean syncsInto(int pc, int s) {
    return syncs(s) || (numLocals >= 0 && copyStarts.get(s) && !copied(pc));
  }

  /** The locals dirty at the start of the instruction at {@code pc} (a branch's, a call's). */
  BitSet dirtyAt(int pc) {
    BitSet d = dirty[pc];
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
   * What the shared exit of a copied {@code br_table} at {@code pc} stores: the locals dirty there
   * that are live at any of its targets outside the region.
   */
  BitSet tableExitStores(int pc) {
    BitSet live = new BitSet();
    for (int i = 0; i <= code[pc + 1]; i++) {
      int t = code[pc + 2 + 3 * i];
      if (!inside(t)) {
        live.or(plan.live()[plan.entryOf()[t]]);
      }
    }
    BitSet s = (BitSet) dirtyAt(pc).clone();
    s.and(live);
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
    BitSet l = loads[pc];
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

  /**
   * Whether control goes on from {@code pc} at {@code s} in this region's code: inside it, or in a
   * copy (a branch to a copied target, a copy's next instruction or jump). A copied {@code
   * br_table} may leave for a copied target, or copy it (as the original table does when it is not
   * a dispatch): both.
   */
  private boolean staysAt(int pc, int s) {
    if (inside(s)) {
      return true;
    }
    if (copyStarts.get(s)) {
      return true;
    }
    return copied(pc) && code[pc] != Opcodes.BR_TABLE && copyCode.get(s);
  }

  /** Whether the branch from {@code pc} to {@code s} outside the region leaves it. */
  private boolean leavesAt(int pc, int s) {
    if (inside(s)) {
      return false;
    }
    if (copied(pc)) {
      return code[pc] == Opcodes.BR_TABLE || !copyCode.get(s);
    }
    return !copyStarts.get(s);
  }

  private static boolean writes(int op) {
    return op == Opcodes.LOCAL_SET || op == Opcodes.LOCAL_TEE;
  }

  private void forward() {
    for (int pc = from; pc < to; pc += Immediates.length(code, pc)) {
      if (plan.entryOf()[pc] >= 0) {
        dirty[pc] = new BitSet();
      }
    }
    if (numLocals >= 0) {
      for (int s = copyStarts.nextSetBit(0); s >= 0; s = copyStarts.nextSetBit(s + 1)) {
        dirty[s] = new BitSet();
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int pc : nodes) {
        BitSet in = dirty[pc];
        if (in == null) {
          continue;
        }
        BitSet out = in;
        if (writes(code[pc])) {
          out = (BitSet) in.clone();
          out.set(code[pc + 1]);
        }
        for (int s : successors(pc)) {
          if (!staysAt(pc, s) || syncsInto(pc, s)) {
            // An exit, or a sync point: starts clean.
            continue;
          }
          BitSet d = dirty[s];
          if (d == null) {
            dirty[s] = (BitSet) out.clone();
            changed = true;
          } else {
            BitSet u = (BitSet) d.clone();
            u.or(out);
            if (!u.equals(d)) {
              dirty[s] = u;
              changed = true;
            }
          }
        }
      }
    }
  }

  private void backward() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = nodes.length - 1; i >= 0; i--) {
        int pc = nodes[i];
        if (dirty[pc] == null) {
          // Never reached: emits nothing.
          continue;
        }
        BitSet out = new BitSet();
        for (int s : successors(pc)) {
          if (leavesAt(pc, s)) {
            out.or(
                copied(pc) && code[pc] == Opcodes.BR_TABLE
                    ? tableExitStores(pc)
                    : exitStores(pc, s));
          }
          if (staysAt(pc, s)) {
            if (syncsInto(pc, s)) {
              out.or(syncStores(pc, s));
            }
            if (reenters(pc, s)) {
              // The entry loads what the case reads.
              continue;
            }
            BitSet l = loads[s];
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
        if (!out.equals(loads[pc])) {
          loads[pc] = out;
          changed = true;
        }
      }
    }
  }
}
