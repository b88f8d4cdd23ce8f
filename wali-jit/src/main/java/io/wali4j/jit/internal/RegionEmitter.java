package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.IFGE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.LALOAD;
import static org.objectweb.asm.Opcodes.LASTORE;
import static org.objectweb.asm.Opcodes.LRETURN;
import static org.objectweb.asm.Opcodes.NEWARRAY;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.T_LONG;

import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.ValType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits a function too large for one JVM method as several ({@link RegionPlanner}): its own method
 * {@code f<funcidx>} (same descriptor as an unsplit one, so callers, bridges and links do not
 * change) spends the stack budget, puts its parameters in a frame array laid out as the
 * interpreter's frame (locals, then operands, encoded as longs) and runs the regions, methods
 * {@code f<funcidx>_<k>(Instance, budget, long[] frame, int entry)}, one after the other: each
 * returns the entry where control goes on, or {@link RegionPlanner#RETURNED} with the results at
 * the frame's start.
 *
 * <p>A region loads the Wasm locals it uses from the frame at its start and keeps them in JVM
 * locals; at each exit it stores the operands live at the target (block values, branch values)
 * above the locals and the locals it wrote into the frame. Between regions the frame array is the
 * function's whole Wasm frame, so a capture handler in a region completes it (the locals it holds,
 * its operands) and the unwind records one frame for the function, as for an unsplit one; the
 * dispatching method has no handler. Traps and other exceptions pass through it.
 */
final class RegionEmitter {

  /** JVM locals of a region method before its Wasm locals: frame array, entry. */
  static final int RESERVED = 2;

  static final int FRAME_SLOT = 2;
  static final int ENTRY_SLOT = 3;

  static final String DESC = "(L" + FunctionCompiler.INSTANCE + ";I[JI)I";

  /** Functions emitted split so far in this JVM (tests, {@code -v=3} counts). */
  static final AtomicInteger SPLIT = new AtomicInteger();

  /** Dispatches copied into regions so far in this JVM ({@link DispatchCopies}; tests). */
  static final AtomicInteger COPIED = new AtomicInteger();

  private RegionEmitter() {}

  static String methodName(int funcidx, int region) {
    return FunctionCompiler.methodName(funcidx) + "_" + region;
  }

  /**
   * The rest of {@code f<funcidx>}, whose frame {@code f} has spent the budget: the frame array,
   * the dispatch loop and the result; then the region methods, each from {@code compilers}.
   */
  static void emit(
      ClassVisitor cv,
      MethodVisitor mv,
      Frame f,
      FunctionCode fc,
      FuncType type,
      java.util.function.Supplier<FunctionCompiler> compilers) {
    RegionPlanner.Plan plan = RegionPlanner.plan(fc);
    SPLIT.incrementAndGet();
    int numLocals = fc.numLocals();
    int frame = f.newLocal(1);
    int id = f.newLocal(1);
    Values.pushInt(mv, Math.max(1, Math.max(numLocals + fc.maxStackHeight(), fc.numResults())));
    mv.visitIntInsn(NEWARRAY, T_LONG);
    mv.visitVarInsn(ASTORE, frame);
    for (int i = 0; i < fc.numParams(); i++) {
      mv.visitVarInsn(ALOAD, frame);
      Values.pushInt(mv, i);
      f.loadLocal(i);
      Values.encode(mv, f.localType(i));
      mv.visitInsn(LASTORE);
    }
    Values.pushInt(mv, 0);
    mv.visitVarInsn(ISTORE, id);
    Label done = new Label();
    dispatchLoop(mv, plan, fc.funcidx(), f.instSlot, f.budgetSlot, frame, id, done);
    mv.visitLabel(done);
    ValType[] results = type.results();
    if (results.length == 0) {
      mv.visitInsn(RETURN);
    } else if (results.length == 1) {
      mv.visitVarInsn(ALOAD, frame);
      Values.pushInt(mv, 0);
      mv.visitInsn(LALOAD);
      char c = Frame.type(results[0]);
      Values.decode(mv, c);
      mv.visitInsn(Frame.returnOp(c));
    } else {
      mv.visitVarInsn(ALOAD, frame);
      Values.pushInt(mv, results.length);
      mv.visitMethodInsn(INVOKESTATIC, "java/util/Arrays", "copyOf", "([JI)[J", false);
      mv.visitInsn(ARETURN);
    }
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    regions(cv, fc, plan, compilers);
  }

  /**
   * The entry-only copy of {@code fc}, a function emitted whole ({@link RegionPlanner#entryCopy}):
   * its code as region methods {@code f<funcidx>_<k>} ({@link RegionPlanner#entryPlan}: one, or
   * more for a function longer than a region), with {@code f<funcidx>_osr} and {@code
   * f<funcidx>_entry} as a split function has them. Only an interpreted invocation entering at a
   * loop head runs it; calls run {@code f<funcidx>}.
   */
  static void emitEntries(
      ClassVisitor cv, FunctionCode fc, java.util.function.Supplier<FunctionCompiler> compilers) {
    COPIES.incrementAndGet();
    regions(cv, fc, RegionPlanner.entryPlan(fc), compilers);
  }

  /** Entry-only copies emitted so far in this JVM (tests). */
  static final AtomicInteger COPIES = new AtomicInteger();

  /**
   * The region methods of {@code plan}, then {@code f<funcidx>_osr} and {@code f<funcidx>_entry}.
   */
  private static void regions(
      ClassVisitor cv,
      FunctionCode fc,
      RegionPlanner.Plan plan,
      java.util.function.Supplier<FunctionCompiler> compilers) {
    char[][] pending = new char[fc.code().length + 1][];
    Region[] regions = new Region[plan.regions()];
    for (int k = 0; k < plan.regions(); k++) {
      regions[k] = new Region(plan, k, fc, pending);
      compilers.get().emitRegion(cv, regions[k]);
    }
    onStackEntry(cv, fc, plan);
    entryTable(cv, fc, plan, regions);
  }

  /**
   * The loop that calls the region of entry {@code id} (a JVM local, like the others named here)
   * and goes on from the entry it returns, until one returns {@link RegionPlanner#RETURNED}: then
   * it jumps to {@code done}.
   */
  private static void dispatchLoop(
      MethodVisitor mv,
      RegionPlanner.Plan plan,
      int funcidx,
      int inst,
      int budget,
      int frame,
      int id,
      Label done) {
    Label loop = new Label();
    mv.visitLabel(loop);
    int entries = plan.entryPcs().length;
    Label[] regionCall = new Label[plan.regions()];
    Label[] cases = new Label[entries];
    for (int k = 0; k < plan.regions(); k++) {
      regionCall[k] = new Label();
      for (int e = plan.firstEntry()[k]; e < plan.firstEntry()[k + 1]; e++) {
        cases[e] = regionCall[k];
      }
    }
    mv.visitVarInsn(ILOAD, id);
    mv.visitTableSwitchInsn(0, entries - 1, done, cases);
    for (int k = 0; k < plan.regions(); k++) {
      mv.visitLabel(regionCall[k]);
      mv.visitVarInsn(ALOAD, inst);
      mv.visitVarInsn(ILOAD, budget);
      mv.visitVarInsn(ALOAD, frame);
      mv.visitVarInsn(ILOAD, id);
      mv.visitMethodInsn(
          INVOKESTATIC, BatchCompiler.CLASS_NAME, methodName(funcidx, k), DESC, false);
      mv.visitVarInsn(ISTORE, id);
      mv.visitJumpInsn(GOTO, loop);
    }
  }

  static String entryMethodName(int funcidx) {
    return FunctionCompiler.methodName(funcidx) + "_osr";
  }

  static String entryTableName(int funcidx) {
    return FunctionCompiler.methodName(funcidx) + "_entry";
  }

  /**
   * {@code f<funcidx>_osr(Instance, budget, long[] frame, int entry)}: see {@link #onStackEntry}.
   */
  static final String ENTRY_DESC = "(L" + FunctionCompiler.INSTANCE + ";I[JI)V";

  /** {@code f<funcidx>_entry(int pc)}: see {@link #entryTable}. */
  static final String ENTRY_TABLE_DESC = "(I)J";

  /**
   * {@code f<funcidx>_osr(Instance, budget, frame, entry)}: the function run from {@code entry}
   * with its frame array given (an interpreted invocation continuing here, {@code OnStackEntry}):
   * spends the budget as {@code f<funcidx>} does, runs the regions from that entry to the return
   * and leaves the results at the frame's start.
   */
  private static void onStackEntry(ClassVisitor cv, FunctionCode fc, RegionPlanner.Plan plan) {
    MethodVisitor mv =
        cv.visitMethod(
            ACC_STATIC | ACC_PRIVATE, entryMethodName(fc.funcidx()), ENTRY_DESC, null, null);
    mv.visitCode();
    Label ok = new Label();
    mv.visitVarInsn(ILOAD, 1);
    Values.pushInt(mv, FunctionCompiler.frameCost(fc));
    mv.visitInsn(ISUB);
    mv.visitInsn(DUP);
    mv.visitVarInsn(ISTORE, 1);
    mv.visitJumpInsn(IFGE, ok);
    InlineOps.trap(mv, "CALL_STACK_EXHAUSTED");
    mv.visitLabel(ok);
    Label done = new Label();
    dispatchLoop(mv, plan, fc.funcidx(), 0, 1, FRAME_SLOT, ENTRY_SLOT, done);
    mv.visitLabel(done);
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * {@code f<funcidx>_entry(pc)}: for each loop head that is an entry and was reached live, {@code
   * (operands << 32) | entry}, with {@code operands} the operand height there; -1 for any other pc.
   */
  private static void entryTable(
      ClassVisitor cv, FunctionCode fc, RegionPlanner.Plan plan, Region[] regions) {
    MethodVisitor mv =
        cv.visitMethod(
            ACC_STATIC | ACC_PRIVATE, entryTableName(fc.funcidx()), ENTRY_TABLE_DESC, null, null);
    mv.visitCode();
    BitSet heads = RegionPlanner.loopHeads(fc.code());
    int[] pcs = plan.entryPcs();
    int n = 0;
    int[] keys = new int[pcs.length];
    long[] values = new long[pcs.length];
    for (int e = 0; e < pcs.length; e++) {
      char[] types = regions[plan.regionOf(pcs[e])].reachedAt(pcs[e]);
      if (heads.get(pcs[e]) && types != null) {
        keys[n] = pcs[e];
        values[n] = ((long) types.length << 32) | e;
        n++;
      }
    }
    Label none = new Label();
    Label[] cases = new Label[n];
    for (int i = 0; i < n; i++) {
      cases[i] = new Label();
    }
    mv.visitVarInsn(ILOAD, 0);
    mv.visitLookupSwitchInsn(none, Arrays.copyOf(keys, n), cases);
    for (int i = 0; i < n; i++) {
      mv.visitLabel(cases[i]);
      mv.visitLdcInsn(values[i]);
      mv.visitInsn(LRETURN);
    }
    mv.visitLabel(none);
    mv.visitLdcInsn(-1L);
    mv.visitInsn(LRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /** Opens the method of region {@code k}. */
  static MethodVisitor open(ClassVisitor cv, int funcidx, int k) {
    MethodVisitor mv =
        cv.visitMethod(ACC_STATIC | ACC_PRIVATE, methodName(funcidx, k), DESC, null, null);
    mv.visitCode();
    return mv;
  }

  /**
   * One region while its method is emitted: its range, its exits (a label per target outside it,
   * created as branches name them) and the operand types reached at its labels.
   */
  static final class Region {
    final RegionPlanner.Plan plan;
    final int index;
    final int from;
    final int to;
    private final FunctionCode fc;

    /** The operand types at each forward branch target, shared by the regions (in order). */
    final char[][] pending;

    private final char[][] reached;

    /**
     * The exits so far, by target and the locals stored there: a branch leaves through the exit of
     * its target and its stores; a sync stub (a target inside the region) stores and jumps there.
     */
    private final Map<String, Exit> exits = new LinkedHashMap<>();

    private final BitSet copied = new BitSet();

    /** The copies' labels, by target, in the order branches named them. */
    private final Map<Integer, Label> copyLabels = new LinkedHashMap<>();

    private final Label[] entryStubs;

    /** What each crossing moves, path by path; null: the region-wide sets. */
    final RegionFlow flow;

    /** An exit of the region or a sync stub: its target, the locals it stores, its label. */
    private record Exit(int target, BitSet stores, Label label, Label inside) {}

    Region(RegionPlanner.Plan plan, int index, FunctionCode fc, char[][] pending) {
      this.plan = plan;
      this.index = index;
      this.fc = fc;
      this.from = plan.from(index);
      this.to = plan.to(index, fc.code().length);
      this.pending = pending;
      this.reached = new char[fc.code().length + 1][];
      int n = plan.firstEntry()[index + 1] - plan.firstEntry()[index];
      entryStubs = new Label[n];
      for (int i = 0; i < n; i++) {
        entryStubs[i] = new Label();
      }
      this.flow = RegionFlow.of(fc.code(), plan, index, fc.numLocals());
    }

    boolean contains(int pc) {
      return pc >= from && pc < to;
    }

    /**
     * The label that leaves the region for {@code target}, storing the locals the region writes
     * that are live there.
     */
    Label exit(int target) {
      return exit(target, liveOf(plan.written()[index], plan.entryOf()[target]));
    }

    /** The label that leaves the region for {@code target}, storing {@code stores}. */
    Label exit(int target, BitSet stores) {
      return exits
          .computeIfAbsent(target + ":" + stores, k -> new Exit(target, stores, new Label(), null))
          .label();
    }

    /**
     * The label of a stub that stores {@code stores} and jumps to {@code inside}, the label of
     * {@code target} in this region (a sync point, {@link RegionFlow}).
     */
    Label sync(int target, BitSet stores, Label inside) {
      return exits
          .computeIfAbsent(
              target + "<" + stores, k -> new Exit(target, stores, new Label(), inside))
          .label();
    }

    /**
     * The label of a stub that stores {@code stores} and goes to {@code target}, an entry of this
     * region, through its entry stub (which loads what the entry loads; {@link
     * RegionFlow#reenters}).
     */
    Label reenter(int target, BitSet stores) {
      Label stub = entryStubs[plan.entryOf()[target] - plan.firstEntry()[index]];
      if (stores.isEmpty()) {
        return stub;
      }
      return exits
          .computeIfAbsent(target + "^" + stores, k -> new Exit(target, stores, new Label(), stub))
          .label();
    }

    /** Whether the instruction at {@code pc}, outside the region, is copied into it. */
    boolean copies(int pc) {
      return plan.copiedCode()[index].get(pc);
    }

    /** The targets outside the region whose copies its branches jump to so far. */
    List<Integer> copyTargets() {
      return new ArrayList<>(copyLabels.keySet());
    }

    /**
     * The label of the copy of {@code target}'s code ({@link DispatchCopies}), where a branch to
     * {@code target} goes instead of leaving.
     */
    Label copy(int target) {
      return copyLabels.computeIfAbsent(
          target,
          t -> {
            COPIED.incrementAndGet();
            copied.set(t);
            return new Label();
          });
    }

    /** Notes the operand types at label {@code pc}, reached live. */
    void reached(int pc, char[] types) {
      reached[pc] = types;
    }

    /** The operand types at label {@code pc} of this region, or null when not reached live. */
    char[] reachedAt(int pc) {
      return reached[pc];
    }

    /**
     * Gives each Wasm local the region uses a value (zero) at its start, so that every path has
     * them assigned; each entry loads those live there ({@link #epilogue}).
     */
    void prologue(Frame f) {
      BitSet used = plan.used()[index];
      for (int i = used.nextSetBit(0); i >= 0; i = used.nextSetBit(i + 1)) {
        f.zeroLocal(i);
      }
    }

    /** Loads the Wasm locals in {@code locals} from the frame array. */
    void loadLocals(Frame f, BitSet locals) {
      MethodVisitor mv = f.mv;
      for (int i = locals.nextSetBit(0); i >= 0; i = locals.nextSetBit(i + 1)) {
        mv.visitVarInsn(ALOAD, FRAME_SLOT);
        Values.pushInt(mv, i);
        mv.visitInsn(LALOAD);
        Values.decode(mv, f.localType(i));
        f.storeLocal(i);
      }
    }

    /** The locals of this region's {@code set} that are live at entry {@code id}. */
    private BitSet liveOf(BitSet set, int id) {
      BitSet b = (BitSet) set.clone();
      b.and(plan.live()[id]);
      return b;
    }

    /** Jumps to the entry the method was called for. */
    void dispatch(Frame f) {
      MethodVisitor mv = f.mv;
      mv.visitVarInsn(ILOAD, ENTRY_SLOT);
      int first = plan.firstEntry()[index];
      Label bad = new Label();
      mv.visitTableSwitchInsn(first, first + entryStubs.length - 1, bad, entryStubs);
      mv.visitLabel(bad);
      InlineOps.trap(f.mv, "UNREACHABLE");
    }

    /**
     * Stores the top {@code n} operands (the results) at the frame's start and returns {@link
     * RegionPlanner#RETURNED}.
     */
    void returnFrom(Frame f, int n) {
      MethodVisitor mv = f.mv;
      for (int k = 0; k < n; k++) {
        int h = f.height - n + k;
        mv.visitVarInsn(ALOAD, FRAME_SLOT);
        Values.pushInt(mv, k);
        f.load(h);
        Values.encode(mv, f.typeAt(h));
        mv.visitInsn(LASTORE);
      }
      Values.pushInt(mv, RegionPlanner.RETURNED);
      mv.visitInsn(IRETURN);
    }

    /** Stores operands {@code [0, types.length)}, of {@code types}, above the locals. */
    void storeOperands(Frame f, char[] types) {
      MethodVisitor mv = f.mv;
      for (int h = 0; h < types.length; h++) {
        mv.visitVarInsn(ALOAD, FRAME_SLOT);
        Values.pushInt(mv, fc.numLocals() + h);
        f.load(h, types[h]);
        Values.encode(mv, types[h]);
        mv.visitInsn(LASTORE);
      }
    }

    /** Stores the Wasm locals in {@code locals} into the frame array. */
    void storeLocals(Frame f, BitSet locals) {
      MethodVisitor mv = f.mv;
      for (int i = locals.nextSetBit(0); i >= 0; i = locals.nextSetBit(i + 1)) {
        mv.visitVarInsn(ALOAD, FRAME_SLOT);
        Values.pushInt(mv, i);
        f.loadLocal(i);
        Values.encode(mv, f.localType(i));
        mv.visitInsn(LASTORE);
      }
    }

    /**
     * After the body: the exits (operands at the target and the locals written here that are live
     * there stored, the target's entry returned), and the entry stubs (the locals live there and
     * the operands loaded, then the label).
     */
    void epilogue(Frame f, Label[] labels) {
      MethodVisitor mv = f.mv;
      // Exits that store the same values share the stores: each sets the entry to return and jumps
      // there (a copied br_table leaves for most cases of the dispatch, alike).
      Map<String, List<Exit>> alike = new LinkedHashMap<>();
      for (Exit e : exits.values()) {
        if (e.inside() != null) {
          // A sync stub: the stores, then on inside the region.
          mv.visitLabel(e.label());
          storeLocals(f, e.stores());
          mv.visitJumpInsn(GOTO, e.inside());
        } else if (!copied.get(e.target())) {
          String key = new String(pending[e.target()]) + e.stores();
          alike.computeIfAbsent(key, s -> new ArrayList<>()).add(e);
        }
      }
      int exitSlot = -1;
      for (List<Exit> group : alike.values()) {
        Exit exit = group.get(0);
        int target = exit.target();
        int id = plan.entryOf()[target];
        Label stores = exit.label();
        if (group.size() > 1) {
          if (exitSlot < 0) {
            exitSlot = f.newLocal(1);
          }
          stores = new Label();
          for (Exit e : group) {
            mv.visitLabel(e.label());
            Values.pushInt(mv, plan.entryOf()[e.target()]);
            mv.visitVarInsn(ISTORE, exitSlot);
            mv.visitJumpInsn(GOTO, stores);
          }
        }
        mv.visitLabel(stores);
        f.restore(pending[target]);
        storeOperands(f, pending[target]);
        storeLocals(f, exit.stores());
        if (group.size() > 1) {
          mv.visitVarInsn(ILOAD, exitSlot);
        } else {
          Values.pushInt(mv, id);
        }
        mv.visitInsn(IRETURN);
      }
      int first = plan.firstEntry()[index];
      for (int i = 0; i < entryStubs.length; i++) {
        int pc = plan.entryPcs()[first + i];
        mv.visitLabel(entryStubs[i]);
        char[] types = reached[pc];
        if (types == null || labels[pc] == null) {
          // Never reached live in this region: no branch can enter here.
          InlineOps.trap(mv, "UNREACHABLE");
          continue;
        }
        loadLocals(f, flow != null ? flow.loadsAt(pc) : liveOf(plan.used()[index], first + i));
        f.height = 0;
        for (int h = 0; h < types.length; h++) {
          mv.visitVarInsn(ALOAD, FRAME_SLOT);
          Values.pushInt(mv, fc.numLocals() + h);
          mv.visitInsn(LALOAD);
          Values.decode(mv, types[h]);
          f.push(types[h]);
        }
        mv.visitJumpInsn(GOTO, labels[pc]);
      }
    }
  }
}
