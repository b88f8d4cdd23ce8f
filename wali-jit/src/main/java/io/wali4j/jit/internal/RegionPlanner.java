package io.wali4j.jit.internal;

import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Opcodes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where a function too large for one JVM method is cut: into regions, runs of consecutive
 * pre-decoded instructions of at most {@link #regionSlots} slots each, every one a method of its
 * own ({@link RegionEmitter}). A cut is placed where the fewest loops enclose it (the latest such
 * point in the second half of the allowed run), so that inner loops stay inside one method and only
 * the outer ones cross between methods.
 *
 * <p>Control enters a region at its first instruction or at a branch target inside it that a branch
 * of another region names: each such point is an entry, numbered densely over the function (a
 * region's entries are consecutive numbers). A region returns the number of the entry where
 * execution goes on, or {@link #RETURNED}. Every loop head (the target of a backward branch) is an
 * entry too, even one whose loop lies inside one region: there an interpreted invocation of the
 * function can continue in its compiled code ({@code OnStackEntry}).
 */
final class RegionPlanner {

  /**
   * Functions of at least this many pre-decoded slots are split whether or not they would fit in
   * one method ({@code wali4j.jit.splitSlots}), into regions of half as many slots, at most {@link
   * #REGION_SLOTS}; tests set it small to split small functions. Shorter functions are split only
   * when too large for one method ({@link #tooLarge}). A whole method of this size (about 50 KiB of
   * bytecode) costs C2 tens of seconds to compile, with a thousand callees inlined, and such a
   * compilation is often thrown away when a call site of it is repointed meanwhile: sqlite3's
   * balance and sqlite3_str_vappendf (8170 and 9086 slots) kept C2 busy 20 s in every repetition of
   * its workload, the Wasm thread waiting in their profiling C1 code. Split at 4096, lua's
   * printf_core, parser and lexer (5400-6000 slots) made its steady state 10% slower
   * (benchmarks/RESULTS.md, 2026-12-06, "warm-up and steady state of the app workloads").
   */
  private static volatile int splitSlots = Integer.getInteger("wali4j.jit.splitSlots", 7000);

  /**
   * The most slots a region of a function too large for one method holds at first ({@code
   * wali4j.jit.regionSlots}); when a region is still too large, half as many, and so on.
   */
  static final int REGION_SLOTS = Integer.getInteger("wali4j.jit.regionSlots", 1024);

  /** The smallest region size tried for a function too large for one method. */
  static final int MIN_REGION_SLOTS = 256;

  /** The region size of each function found too large for one method. */
  private static final Map<FunctionCode, Integer> TOO_LARGE =
      Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * Functions emitted whole that also get an entry-only copy ({@link #enterable}). Weak keys, as
   * {@link #TOO_LARGE}.
   */
  private static final Map<FunctionCode, Boolean> ENTERABLE =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The exit code of a region that returned from the function (results in the frame array). */
  static final int RETURNED = -1;

  /**
   * A function's regions: starts, entries (pcs, the first of each region, the entry at a pc or -1),
   * the locals each region uses and writes (its copies included), the locals live at each entry,
   * per region the targets outside it whose code it copies ({@link DispatchCopies}) and the pcs of
   * those copies, and the entries another region names (its branches' targets, the region starts
   * after the first: {@link RegionFlow}).
   */
  record Plan(
      int[] starts,
      int[] entryPcs,
      int[] firstEntry,
      int[] entryOf,
      BitSet[] used,
      BitSet[] written,
      BitSet[] live,
      BitSet[] copied,
      BitSet[] copiedCode,
      BitSet named) {

    int regions() {
      return starts.length;
    }

    int from(int k) {
      return starts[k];
    }

    int to(int k, int codeLength) {
      return k + 1 < starts.length ? starts[k + 1] : codeLength;
    }

    /** How many exits the regions replace with a copy of their target's code (all regions). */
    int copies() {
      int n = 0;
      for (BitSet c : copied) {
        n += c.cardinality();
      }
      return n;
    }

    /** The region holding {@code pc}. */
    int regionOf(int pc) {
      int k = Arrays.binarySearch(starts, pc);
      return k >= 0 ? k : -k - 2;
    }
  }

  private RegionPlanner() {}

  /** Whether {@code fc} is emitted as several methods. */
  static boolean splits(FunctionCode fc) {
    return fc.code().length >= splitSlots || TOO_LARGE.containsKey(fc);
  }

  /** Whether {@code fc} is split only because of {@link #splitSlots}. */
  static boolean forced(FunctionCode fc) {
    return fc.code().length >= splitSlots;
  }

  /**
   * Records that {@code fc} is too large for one method: from now on it is emitted in regions of at
   * most {@code slots} slots.
   */
  static void tooLarge(FunctionCode fc, int slots) {
    TOO_LARGE.put(fc, slots);
  }

  /**
   * Asks for {@code fc}, when it is emitted whole and has a loop, to get an entry-only copy too:
   * its code as regions ({@link #entryPlan}) with {@code f<funcidx>_osr} and {@code
   * f<funcidx>_entry} ({@link RegionEmitter#emitEntries}), so that an interpreted invocation
   * running a loop of it can go on compiled at a loop head, as one of a split function does. Calls
   * keep the whole method. For a function made hot by its loops rather than its calls, whose one
   * long invocation would otherwise stay interpreted to its end (a server's maintenance thread, a
   * sort).
   */
  static void enterable(FunctionCode fc) {
    if (!loopHeads(fc.code()).isEmpty()) {
      ENTERABLE.put(fc, Boolean.TRUE);
    }
  }

  /** Forgets {@link #enterable} for {@code fc} (its copy is too large for one method). */
  static void notEnterable(FunctionCode fc) {
    ENTERABLE.remove(fc);
  }

  /** Whether {@code fc} is emitted whole with an entry-only copy ({@link #enterable}). */
  static boolean entryCopy(FunctionCode fc) {
    return !splits(fc) && ENTERABLE.containsKey(fc);
  }

  /**
   * The plan of {@code fc}'s entry-only copy, entered at its start or a loop head: one region, or
   * for a function longer than a region, regions as if it were split.
   */
  static Plan entryPlan(FunctionCode fc) {
    return plan(fc, Math.min(fc.code().length, regionSlots(fc)));
  }

  /** Forgets {@link #tooLarge} for {@code fc} (not even its smallest regions fit). */
  static void forget(FunctionCode fc) {
    TOO_LARGE.remove(fc);
  }

  /** The number of slots a region of {@code fc} may hold. */
  static int regionSlots(FunctionCode fc) {
    Integer slots = TOO_LARGE.get(fc);
    return slots != null ? slots : Math.max(1, Math.min(REGION_SLOTS, splitSlots / 2));
  }

  /** Sets the size from which functions are split (tests); returns the previous one. */
  static int splitSlots(int slots) {
    int previous = splitSlots;
    splitSlots = slots;
    return previous;
  }

  static Plan plan(FunctionCode fc) {
    return plan(fc, regionSlots(fc));
  }

  static Plan plan(FunctionCode fc, int maxSlots) {
    int[] code = fc.code();
    int[] depth = loopDepth(code);
    int[] starts = cuts(code, depth, maxSlots);
    int n = starts.length;
    int[] entryOf = new int[code.length + 1];
    Arrays.fill(entryOf, -1);
    boolean[] entry = new boolean[code.length + 1];
    for (int s : starts) {
      entry[s] = true;
    }
    Plan probe = new Plan(starts, null, null, null, null, null, null, null, null, null);
    BitSet named = new BitSet();
    BitSet[] used = new BitSet[n];
    BitSet[] written = new BitSet[n];
    BitSet[] exits = new BitSet[n];
    BitSet[] copied = new BitSet[n];
    BitSet[] copiedCode = new BitSet[n];
    for (int k = 0; k < n; k++) {
      used[k] = new BitSet();
      written[k] = new BitSet();
      exits[k] = new BitSet();
      copied[k] = new BitSet();
      copiedCode[k] = new BitSet();
      if (k + 1 < n) {
        // Falls through into the next region.
        exits[k].set(starts[k + 1]);
        named.set(starts[k + 1]);
      }
    }
    for (int pc = 0; pc < code.length; pc += Immediates.length(code, pc)) {
      int k = probe.regionOf(pc);
      note(code, pc, k, probe, used, written, entry, exits[k]);
    }
    for (int k = 0; k < n; k++) {
      named.or(exits[k]);
    }
    BitSet copyNamed = new BitSet();
    for (int k = 0; k < n; k++) {
      int from = probe.from(k);
      int to = probe.to(k, code.length);
      for (int x = exits[k].nextSetBit(0); x >= 0; x = exits[k].nextSetBit(x + 1)) {
        int[] trace = DispatchCopies.trace(code, x, from, to);
        if (trace == null) {
          continue;
        }
        copied[k].set(x);
        BitSet copyExits = new BitSet();
        for (int pc : trace) {
          copiedCode[k].set(pc);
          // The copy's branches leave from region k: their targets outside it are entries.
          note(code, pc, k, probe, used, written, entry, copyExits);
        }
        copyNamed.or(copyExits);
      }
    }
    named.or(copyNamed);
    List<Integer> pcs = new ArrayList<>();
    int[] firstEntry = new int[n + 1];
    for (int k = 0; k < n; k++) {
      firstEntry[k] = pcs.size();
      for (int pc = starts[k]; pc < (k + 1 < n ? starts[k + 1] : code.length); pc++) {
        if (entry[pc]) {
          entryOf[pc] = pcs.size();
          pcs.add(pc);
        }
      }
    }
    firstEntry[n] = pcs.size();
    int[] entryPcs = pcs.stream().mapToInt(Integer::intValue).toArray();
    BitSet[] live = LocalLiveness.liveAt(code, entryPcs);
    return new Plan(
        starts, entryPcs, firstEntry, entryOf, used, written, live, copied, copiedCode, named);
  }

  /**
   * Notes what the instruction at {@code pc}, emitted in region {@code k}, needs: the locals it
   * uses and writes, the entries its branches name (a target outside the region, or a loop head)
   * and the targets outside the region it leaves for ({@code exits}).
   */
  private static void note(
      int[] code,
      int pc,
      int k,
      Plan probe,
      BitSet[] used,
      BitSet[] written,
      boolean[] entry,
      BitSet exits) {
    switch (code[pc]) {
      case Opcodes.LOCAL_GET:
        used[k].set(code[pc + 1]);
        break;
      case Opcodes.LOCAL_SET:
      case Opcodes.LOCAL_TEE:
        used[k].set(code[pc + 1]);
        written[k].set(code[pc + 1]);
        break;
      case Opcodes.JUMP:
      case Opcodes.JUMP_IF:
      case Opcodes.JUMP_IF_ZERO:
      case Opcodes.BR_DROP:
      case Opcodes.BR_IF_DROP:
        branch(pc, code[pc + 1], k, probe, entry, exits);
        break;
      case Opcodes.BR_TABLE:
        for (int i = 0; i <= code[pc + 1]; i++) {
          branch(pc, code[pc + 2 + 3 * i], k, probe, entry, exits);
        }
        break;
      default:
        break;
    }
  }

  private static void branch(int pc, int t, int k, Plan probe, boolean[] entry, BitSet exits) {
    boolean outside = probe.regionOf(t) != k;
    if (outside || t <= pc) {
      entry[t] = true;
    }
    if (outside) {
      exits.set(t);
    }
  }

  /** The loop heads of {@code code}: the targets of its backward branches. */
  static BitSet loopHeads(int[] code) {
    BitSet heads = new BitSet();
    for (int pc = 0; pc < code.length; pc += Immediates.length(code, pc)) {
      int op = code[pc];
      if (op == Opcodes.JUMP
          || op == Opcodes.JUMP_IF
          || op == Opcodes.JUMP_IF_ZERO
          || op == Opcodes.BR_DROP
          || op == Opcodes.BR_IF_DROP) {
        if (code[pc + 1] <= pc) {
          heads.set(code[pc + 1]);
        }
      } else if (op == Opcodes.BR_TABLE) {
        for (int i = 0; i <= code[pc + 1]; i++) {
          if (code[pc + 2 + 3 * i] <= pc) {
            heads.set(code[pc + 2 + 3 * i]);
          }
        }
      }
    }
    return heads;
  }

  /**
   * Per pc, how many loops enclose it: a loop is the code from a backward branch's target to the
   * branch.
   */
  private static int[] loopDepth(int[] code) {
    int[] delta = new int[code.length + 2];
    for (int pc = 0; pc < code.length; pc += Immediates.length(code, pc)) {
      int op = code[pc];
      if (op == Opcodes.JUMP
          || op == Opcodes.JUMP_IF
          || op == Opcodes.JUMP_IF_ZERO
          || op == Opcodes.BR_DROP
          || op == Opcodes.BR_IF_DROP) {
        backEdge(delta, code[pc + 1], pc);
      } else if (op == Opcodes.BR_TABLE) {
        for (int i = 0; i <= code[pc + 1]; i++) {
          backEdge(delta, code[pc + 2 + 3 * i], pc);
        }
      }
    }
    int[] depth = new int[code.length + 1];
    int d = 0;
    for (int pc = 0; pc <= code.length; pc++) {
      d += delta[pc];
      depth[pc] = d;
    }
    return depth;
  }

  private static void backEdge(int[] delta, int target, int pc) {
    if (target <= pc) {
      // Cutting at a point in (target, pc] separates the loop's head from its back edge.
      delta[target + 1]++;
      delta[pc + 1]--;
    }
  }

  /**
   * The region starts: from each start, a cut at an instruction start in the second half of the
   * next {@code maxSlots} slots where the fewest loops enclose it (the latest such), never between
   * an {@code i32.ne} and the branch it may fuse with.
   */
  private static int[] cuts(int[] code, int[] depth, int maxSlots) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    int start = 0;
    while (code.length - start > maxSlots) {
      int best = -1;
      int previous = -1;
      for (int pc = start; pc < code.length && pc - start <= maxSlots; ) {
        boolean cuttable = pc > start && (previous < 0 || code[previous] != Opcodes.I32_NE);
        if (cuttable && pc - start >= maxSlots / 2) {
          if (best < 0 || depth[pc] <= depth[best]) {
            best = pc;
          }
        }
        previous = pc;
        pc += Immediates.length(code, pc);
      }
      if (best < 0) {
        // No cut in the second half (one instruction longer than the run): after the first.
        best = start + Immediates.length(code, start);
        if (best >= code.length) {
          break;
        }
      }
      starts.add(best);
      start = best;
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }
}
