package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.CHECKCAST;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.DUP2;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.H_INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFGE;
import static org.objectweb.asm.Opcodes.IFLE;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.IFNULL;
import static org.objectweb.asm.Opcodes.IF_ICMPGT;
import static org.objectweb.asm.Opcodes.IF_ICMPLT;
import static org.objectweb.asm.Opcodes.IF_ICMPNE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKEINTERFACE;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LALOAD;
import static org.objectweb.asm.Opcodes.LASTORE;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.NEWARRAY;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.POP2;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.T_LONG;

import io.wali4j.core.exec.Jit;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.Opcodes;
import io.wali4j.core.wasm.ValType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits one Wasm function, from its pre-decoded form ({@link FunctionCode}), as a static JVM method
 * {@code f<funcidx>(params..., Instance)} returning its result (void, the value, or a {@code
 * long[]} of encoded values for several). One linear pass: the operand types are tracked
 * instruction by instruction ({@link Frame}); after an unconditional branch the code is dead until
 * a recorded branch target, and dead code is not emitted. Every operation with a trap or a special
 * rule calls the engine's one implementation ({@code Ops}, {@code Memory}, {@code Table}, {@code
 * Instance}).
 */
final class FunctionCompiler {

  static final String INSTANCE = "io/wali4j/core/exec/Instance";
  static final String SAFE_POINT = "io/wali4j/core/exec/SafePoint";
  static final String MEMORY = "io/wali4j/core/exec/Memory";
  static final String BACKING = "io/wali4j/core/exec/MemoryBacking";
  static final String GLOBAL = "io/wali4j/core/exec/Global";
  static final String OPS = "io/wali4j/core/exec/Ops";
  static final String RUNTIME = "io/wali4j/jit/internal/JitRuntime";

  /** The bootstrap of calls to defined functions of other batches: {@code JitRuntime.link}. */
  private static final Handle LINK =
      new Handle(
          H_INVOKESTATIC,
          RUNTIME,
          "link",
          "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
              + "Ljava/lang/invoke/MethodType;II)Ljava/lang/invoke/CallSite;",
          false);

  /** The bootstrap of {@code call_indirect}s' inline caches: {@code JitRuntime.linkIndirect}. */
  private static final Handle LINK_INDIRECT =
      new Handle(
          H_INVOKESTATIC,
          RUNTIME,
          "linkIndirect",
          "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
              + "Ljava/lang/invoke/MethodType;III)Ljava/lang/invoke/CallSite;",
          false);

  static final String UNWIND = "io/wali4j/core/exec/CompiledUnwind";

  /**
   * Whether sums of two locals are tracked ({@link LocalSums}); {@code -Dwali4j.jit.pairSums=false}
   * turns it off, for measuring.
   */
  static final boolean PAIR_SUMS =
      Boolean.parseBoolean(System.getProperty("wali4j.jit.pairSums", "true"));

  /**
   * Whether bounds checks and safe points call {@code JitRuntime.inside} and {@code
   * JitRuntime.safePoint} instead of holding their compares and rare calls, in methods small enough
   * for HotSpot to inline them ({@link #SHARED_RARE_SLOTS}): the branch profile of those few
   * methods counts every compiled method's runs, so HotSpot compiles their rare paths as uncommon
   * traps, where a method's own branch is often profiled too few times and its call stays in the
   * loop (benchmarks/RESULTS.md). Only over a native reservation: over the heap's {@code long[]}
   * quicksort lost 10-20% with them (why was not found). {@code -Dwali4j.jit.sharedRarePaths=false}
   * keeps the inline form.
   */
  static final boolean SHARED_RARE_PATHS =
      Boolean.parseBoolean(System.getProperty("wali4j.jit.sharedRarePaths", "true"));

  /**
   * Whether loop heads and function entries test {@code SafePoint.armed()} before they read {@code
   * SafePoint.OUTSTANDING}: C2 compiles the test as a constant false until the first stop request
   * in the JVM, so the safe point costs nothing in C2's code until then (docs/JIT.md, "Safe points
   * until the first request"). The heads of chunked loops ({@link TripCounters}, {@link
   * ChunkedLoops}), run once per up to 1024 iterations, and of the loops around them keep the plain
   * read ({@link #plainHead}): with the test there C2 compiled sieve's loops 25% slower. {@code
   * -Dwali4j.jit.armedSafePoints=false} reads {@code OUTSTANDING} everywhere.
   */
  static final boolean ARMED_SAFE_POINTS =
      Boolean.parseBoolean(System.getProperty("wali4j.jit.armedSafePoints", "true"));

  /**
   * The largest function, in code slots, emitted with the shared checks: HotSpot inlines into a
   * method only while the method's bytecode and what it has inlined stay under 8000 bytes ({@code
   * DesiredMethodLimit}); past that every check would be a real call.
   */
  static final int SHARED_RARE_SLOTS = Integer.getInteger("wali4j.jit.sharedRareSlots", 500);

  /**
   * Whether a {@code call_indirect} calls a compiled callee's method with {@code invokeExact} and
   * its typed arguments ({@link #typedIndirect}) before falling back to {@code
   * JitRuntime.callIndirect} and its {@code long[]}s; {@code -Dwali4j.jit.typedIndirect=false}
   * keeps the runtime call alone, for measuring.
   */
  /**
   * Whether a copied {@code br_table} ({@link #copiedBrTable}) is a {@code lookupswitch} of the
   * cases in its region, every other index going to the shared exit through its default ({@code
   * wali4j.jit.copyLookup}, off by default), rather than a {@code tableswitch} of every index. C2
   * trims a switch to the ranges its profile has seen and traps at the others; in a {@code
   * tableswitch} the indices that leave the region are ranges of their own between the region's
   * cases, so each copy traps (and its region is recompiled) at every case first reached through
   * it, while a {@code lookupswitch}'s default is one profile. sqlite3's first run with copies: 135
   * C2 compiles of sqlite3VdbeExec's regions (56 thrown away) against 154 (67) with the table, 138
   * (55) without copies (benchmarks/RESULTS.md, "dispatch copies on the apps' first run").
   */
  private static volatile boolean copyLookup = Boolean.getBoolean("wali4j.jit.copyLookup");

  /** Copied {@code br_table}s emitted as a {@code lookupswitch} so far in this JVM (tests). */
  static final AtomicInteger COPY_LOOKUPS = new AtomicInteger();

  /** Sets {@link #copyLookup} (tests); returns the previous value. */
  static boolean copyLookup(boolean on) {
    boolean previous = copyLookup;
    copyLookup = on;
    return previous;
  }

  static final boolean TYPED_INDIRECT =
      Boolean.parseBoolean(System.getProperty("wali4j.jit.typedIndirect", "true"));

  private final Module module;
  private final FunctionCode fc;
  private final String owner;
  private final BitSet batch;
  private final int[] code;
  private Frame f;
  private MethodVisitor mv;
  private Label[] labels;

  /** Per pc: the target of a backward branch, where a safe point goes. */
  private boolean[] loopHeads;

  /**
   * Per pc: a loop head whose safe point reads {@code SafePoint.OUTSTANDING} without the test of
   * {@code SafePoint.armed()} ({@link #ARMED_SAFE_POINTS}): the head of a chunked loop ({@link
   * TripCounters}, {@link ChunkedLoops}) or of a loop with one inside it.
   */
  private boolean[] plainHead;

  /** Per pc: how many branches (br_table entries included) go there. */
  private int[] branchCount;

  /** Per pc: the head of a loop that runs a few times only, which needs no safe point. */
  private boolean[] shortLoop;

  /** Per pc: inside a loop whose back edge is {@code i32.ne} then {@code br_if}. */
  private boolean[] countedBody;

  /** Per pc: the loop with induction pointers ({@link InductionPointers}) it is in, or null. */
  private InductionPointers.Loop[] pointerLoop;

  /**
   * Per pc: the loop with an int trip counter ({@link TripCounters}) whose head or back-edge
   * compare is there, or null.
   */
  private TripCounters.Loop[] tripLoop;

  /** Per pc: the loop with a trip counter and pointers ({@link TripCounters}) it is in, or null. */
  private TripCounters.Loop[] tripBody;

  /** Loops given a chunk counter (ChunkedLoops), at their head's and their back edge's pc. */
  private ChunkedLoops.Loop[] chunkLoop;

  /** {@code -Dwali4j.jit.chunkedLoops=false} turns {@link ChunkedLoops} off. */
  static final boolean CHUNKED_LOOPS =
      Boolean.parseBoolean(System.getProperty("wali4j.jit.chunkedLoops", "true"));

  /** Set by an instruction that also emitted the conditional branch after it. */
  private boolean fusedBranch;

  private char[][] pending;

  /** The function has plain loads or stores: it keeps memory 0's view in locals. */
  private boolean usesView;

  /** The function touches memory 0 at all (the view, or Memory's methods). */
  private boolean usesMemory;

  /** JVM local caching each global's {@code Global} object, 0 for globals it does not use. */
  private int[] globalSlots;

  private final MemoryKind memoryKind;

  /** Which call sites may lead to a capture: they hand the frame to the interpreter. */
  private final CaptureAnalysis.Result capture;

  /** The fallbacks of the batch's {@code call_indirect} sites, emitted with the batch. */
  private final IndirectFallbacks fallbacks;

  /** The capture sites emitted so far, in order. */
  private final List<CaptureSite> sites = new ArrayList<>();

  /**
   * The function calls setjmp itself: its handler runs the frame in a nested interpreter run when
   * the unwind is that call's, and returns the results ({@code JitRuntime.resumed}).
   */
  private boolean callsSetjmp;

  /**
   * A call site that may lead to a capture: the handler's label, the call's pc and the operand
   * types at the call (its own operands on top).
   */
  private record CaptureSite(Label handler, int pc, char[] operands) {}

  /** The region being emitted, when this compiler emits one of a split function's methods. */
  private RegionEmitter.Region region;

  /** The instruction being emitted (its branches' exits depend on it in a region). */
  private int sitePc;

  /** The code emitted: {@code [from, to)}, the whole function unless a region. */
  private int from;

  private int to;

  FunctionCompiler(
      Module module,
      FunctionCode fc,
      String owner,
      BitSet batch,
      MemoryKind memoryKind,
      CaptureAnalysis.Result capture,
      IndirectFallbacks fallbacks) {
    this.fallbacks = fallbacks;
    this.memoryKind = memoryKind;
    this.capture = capture;
    this.module = module;
    this.fc = fc;
    this.owner = owner;
    this.batch = batch;
    this.code = fc.code();
    this.to = code.length;
  }

  /** A compiler for another method of the same function (a region of it). */
  private FunctionCompiler sibling() {
    return new FunctionCompiler(module, fc, owner, batch, memoryKind, capture, fallbacks);
  }

  static String methodName(int funcidx) {
    return "f" + funcidx;
  }

  static String descriptor(FuncType t) {
    StringBuilder sb = new StringBuilder("(");
    for (ValType p : t.params()) {
      sb.append(Frame.type(p));
    }
    sb.append('L').append(INSTANCE).append(";I)");
    ValType[] r = t.results();
    if (r.length == 0) {
      sb.append('V');
    } else if (r.length == 1) {
      sb.append(Frame.type(r[0]));
    } else {
      sb.append("[J");
    }
    return sb.toString();
  }

  /**
   * Emits the function's method (and its regions when split, or its entry-only copy); whether it
   * can be entered at its loop heads ({@code f<funcidx>_osr} and {@code f<funcidx>_entry} emitted).
   */
  boolean emit(ClassVisitor cv) {
    int funcidx = fc.funcidx();
    FuncType type = module.functionType(funcidx);
    ValType[] locals = module.bodies().get(funcidx - module.importedFunctionCount()).locals();
    mv =
        cv.visitMethod(
            org.objectweb.asm.Opcodes.ACC_STATIC | org.objectweb.asm.Opcodes.ACC_PRIVATE,
            methodName(funcidx),
            descriptor(type),
            null,
            null);
    mv.visitCode();
    f = new Frame(mv, type.params(), locals);
    f.sharedRarePaths =
        SHARED_RARE_PATHS && memoryKind == MemoryKind.NATIVE && code.length <= SHARED_RARE_SLOTS;
    if (!module.allMemories().isEmpty()) {
      f.minMemoryBytes = module.allMemories().get(0).limits().min() * MemoryType.PAGE_SIZE;
    }
    spendStack();
    if (makesCalls()) {
      entrySafePoint();
    }
    if (RegionPlanner.splits(fc)) {
      RegionEmitter.emit(cv, mv, f, fc, type, this::sibling);
      return true;
    }
    for (int i = fc.numParams(); i < fc.numLocals(); i++) {
      f.zeroLocal(i);
    }
    labels = new Label[code.length + 1];
    pending = new char[code.length + 1][];
    globalSlots = new int[module.allGlobals().size()];
    loopHeads = new boolean[code.length + 1];
    branchCount = new int[code.length + 1];
    markTargets();
    cacheMemory();
    cacheGlobals();
    body();
    captureHandlers();
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    if (RegionPlanner.entryCopy(fc)) {
      RegionEmitter.emitEntries(cv, fc, this::sibling);
      return true;
    }
    return false;
  }

  /**
   * Emits region {@code r} of a split function as its own method (see {@link RegionEmitter}): the
   * same code as in one method, from the locals the region uses, which it loads from the frame
   * array, to its exits, which store them back.
   */
  void emitRegion(ClassVisitor cv, RegionEmitter.Region r) {
    region = r;
    from = r.from;
    to = r.to;
    int funcidx = fc.funcidx();
    FuncType type = module.functionType(funcidx);
    ValType[] declared = module.bodies().get(funcidx - module.importedFunctionCount()).locals();
    ValType[] all = new ValType[type.params().length + declared.length];
    System.arraycopy(type.params(), 0, all, 0, type.params().length);
    System.arraycopy(declared, 0, all, type.params().length, declared.length);
    mv = RegionEmitter.open(cv, funcidx, r.index);
    f = new Frame(mv, new ValType[0], all, RegionEmitter.RESERVED);
    if (!module.allMemories().isEmpty()) {
      f.minMemoryBytes = module.allMemories().get(0).limits().min() * MemoryType.PAGE_SIZE;
    }
    labels = new Label[code.length + 1];
    pending = r.pending;
    globalSlots = new int[module.allGlobals().size()];
    loopHeads = new boolean[code.length + 1];
    branchCount = new int[code.length + 1];
    markTargets();
    labelOf(from);
    r.prologue(f);
    cacheMemory();
    cacheGlobals();
    r.dispatch(f);
    body();
    copyDispatches();
    captureHandlers();
    r.epilogue(f, labels);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * The copies of a region ({@link DispatchCopies}): at the exit to each target the plan copies,
   * the target's code instead of leaving. A copy that reaches a jump target another copy starts at
   * (two exits leading to the same dispatch) jumps to that copy. Exits its branches name (the cases
   * in other regions) are left to the epilogue.
   */
  private void copyDispatches() {
    BitSet heads = RegionPlanner.loopHeads(code);
    Map<Integer, Label> copies = new HashMap<>();
    BitSet done = new BitSet();
    for (List<Integer> targets = region.copyTargets();
        !targets.isEmpty();
        targets = region.copyTargets()) {
      targets.removeIf(done::get);
      if (targets.isEmpty()) {
        break;
      }
      for (int x : targets) {
        done.set(x);
        mv.visitLabel(region.copy(x));
        f.restore(pending[x]);
        copy(x, heads, copies);
      }
    }
  }

  /**
   * Emits the copy of the code from {@code x}, whose frame state is set ({@link #copyDispatches}).
   */
  private void copy(int x, BitSet heads, Map<Integer, Label> copies) {
    int pc = x;
    boolean first = true;
    while (true) {
      Label done = copies.get(pc);
      if (done != null) {
        mv.visitJumpInsn(GOTO, done);
        return;
      }
      Label start = new Label();
      mv.visitLabel(start);
      if (!first) {
        f.forgetConstants();
      }
      first = false;
      copies.put(pc, start);
      if (heads.get(pc)) {
        safePoint();
      }
      while (true) {
        int op = code[pc];
        sitePc = pc;
        if (op == Opcodes.BR_TABLE) {
          copiedBrTable(pc);
          return;
        }
        if (op == Opcodes.JUMP) {
          int y = code[pc + 1];
          if (region.contains(y)) {
            target(y, f.height, 0);
            mv.visitJumpInsn(GOTO, label(y));
            return;
          }
          pc = y;
          break;
        }
        f.rangeCheckable = false;
        instruction(pc);
        if (fusedBranch) {
          throw new IllegalStateException("a copied instruction fused with a branch at " + pc);
        }
        pc += Immediates.length(code, pc);
      }
    }
  }

  /** The JVM local holding a copied {@code br_table}'s index, once a region needs one. */
  private int copiedIndexSlot = -1;

  /**
   * A copied {@code br_table} of a region ({@link #copy}): a case in the region is jumped to; the
   * cases elsewhere share one exit, which stores the locals the region wrote that are live at any
   * of them and returns the case's entry, looked up by index in a string constant. So a copy costs
   * about one table entry per case, not an exit per case. Only for a table whose targets all keep
   * the operands as they are (an interpreter's dispatch); otherwise as the original.
   */
  private void copiedBrTable(int pc) {
    int n = code[pc + 1];
    int height = f.height - 1;
    for (int i = 0; i <= n; i++) {
      int at = pc + 2 + 3 * i;
      if (n == 0 || code[at + 1] != 0 || code[at + 2] - fc.numLocals() != height) {
        brTable(pc);
        return;
      }
    }
    f.peek(0);
    f.drop(1);
    if (copiedIndexSlot < 0) {
      copiedIndexSlot = f.newLocal(1);
    }
    mv.visitVarInsn(ISTORE, copiedIndexSlot);
    char[] types = f.snapshot(f.height, 0);
    Label out = new Label();
    Label outDefault = new Label();
    Label[] cases = new Label[n + 1];
    StringBuilder entries = new StringBuilder();
    BitSet live = new BitSet();
    for (int i = 0; i <= n; i++) {
      int t = code[pc + 2 + 3 * i];
      if (region.contains(t)) {
        target(t, f.height, 0);
        cases[i] = label(t);
        entries.append((char) 0);
      } else {
        int entry = region.plan.entryOf()[t];
        cases[i] = i < n ? out : outDefault;
        entries.append((char) entry);
        live.or(region.plan.live()[entry]);
      }
    }
    mv.visitVarInsn(ILOAD, copiedIndexSlot);
    if (copyLookup) {
      COPY_LOOKUPS.incrementAndGet();
      int[] keys = new int[n];
      Label[] inside = new Label[n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (cases[i] != out) {
          keys[k] = i;
          inside[k++] = cases[i];
        }
      }
      Label other = new Label();
      mv.visitLookupSwitchInsn(other, Arrays.copyOf(keys, k), Arrays.copyOf(inside, k));
      mv.visitLabel(other);
      mv.visitVarInsn(ILOAD, copiedIndexSlot);
      mv.visitJumpInsn(org.objectweb.asm.Opcodes.IFLT, cases[n]);
      mv.visitVarInsn(ILOAD, copiedIndexSlot);
      Values.pushInt(mv, n);
      mv.visitJumpInsn(org.objectweb.asm.Opcodes.IF_ICMPGE, cases[n]);
      mv.visitJumpInsn(GOTO, out);
    } else {
      // An index that is negative as an int is above n as unsigned: the default, as wanted.
      mv.visitTableSwitchInsn(0, n - 1, cases[n], Arrays.copyOf(cases, n));
    }
    mv.visitLabel(outDefault);
    Values.pushInt(mv, n);
    mv.visitVarInsn(ISTORE, copiedIndexSlot);
    mv.visitLabel(out);
    region.storeOperands(f, types);
    if (region.flow != null) {
      region.storeLocals(f, region.flow.tableExitStores(pc));
    } else {
      live.and(region.plan.written()[region.index]);
      region.storeLocals(f, live);
    }
    mv.visitLdcInsn(entries.toString());
    mv.visitVarInsn(ILOAD, copiedIndexSlot);
    mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "charAt", "(I)C", false);
    mv.visitInsn(IRETURN);
  }

  /**
   * Spends this frame's share of the stack budget, or traps with call stack exhausted when it is
   * gone: what the interpreter's frame costs on its value stack ({@code WasmFunction.frameSize}),
   * and at least {@code Jit.MIN_FRAME_SLOTS}, which stands for its frame cap.
   */
  private void spendStack() {
    int cost = frameCost(fc);
    Label ok = new Label();
    mv.visitVarInsn(ILOAD, f.budgetSlot);
    Values.pushInt(mv, cost);
    mv.visitInsn(ISUB);
    mv.visitInsn(DUP);
    mv.visitVarInsn(ISTORE, f.budgetSlot);
    mv.visitJumpInsn(IFGE, ok);
    InlineOps.trap(mv, "CALL_STACK_EXHAUSTED");
    mv.visitLabel(ok);
  }

  /** The stack budget a frame of {@code fc} spends ({@link #spendStack}). */
  static int frameCost(FunctionCode fc) {
    return Math.max(Jit.MIN_FRAME_SLOTS, fc.numLocals() + fc.maxStackHeight());
  }

  /**
   * Loads each {@code Global} the function uses into a local once: {@code Global.get/set} are field
   * accessors that HotSpot inlines in methods of any size, where {@code Instance.global} is not (in
   * a method near 8000 bytes of bytecode no call is inlined but accessors).
   */
  private void cacheGlobals() {
    for (int g = 0; g < globalSlots.length; g++) {
      if (globalSlots[g] != 0) {
        globalSlots[g] = f.newLocal(1);
        mv.visitVarInsn(ALOAD, f.instSlot);
        Values.pushInt(mv, g);
        mv.visitMethodInsn(INVOKEVIRTUAL, INSTANCE, "global", "(I)L" + GLOBAL + ";", false);
        mv.visitVarInsn(ASTORE, globalSlots[g]);
      }
    }
  }

  /** Loads memory 0 and its view into locals, in a function that touches memory. */
  private void cacheMemory() {
    if (usesMemory) {
      mv.visitVarInsn(ALOAD, f.instSlot);
      mv.visitMethodInsn(INVOKEVIRTUAL, INSTANCE, "memory", "()L" + MEMORY + ";", false);
      mv.visitVarInsn(ASTORE, f.memSlot);
      refreshMemory();
    }
  }

  /**
   * Whether the view of memory 0 is reloaded after a call or a safe point's action, system property
   * {@code wali4j.jit.viewAfterCalls} (off by default; on measures what {@link #afterCall} saves).
   */
  static final boolean VIEW_AFTER_CALLS = Boolean.getBoolean("wali4j.jit.viewAfterCalls");

  /**
   * After code that may have grown memory 0 (a call, a safe point's action): reloads the cached
   * view, except over a native reservation. There the address never changes (the reservation grows
   * in place) and the size only grows, so the cached size stays a lower bound of the size: an
   * access the fast check lets through is inside, and one past the cached size takes the slow path,
   * which checks it against the size now and caches that ({@code JitRuntime.boundsSlow}). lua's
   * steady state spent about a tenth of its samples in the reloads after calls
   * (benchmarks/RESULTS.md).
   */
  private void afterCall() {
    if (memoryKind != MemoryKind.NATIVE || VIEW_AFTER_CALLS) {
      refreshMemory();
    }
  }

  /** Reloads the cached view of memory 0 (see {@link Frame#baseSlot}). */
  private void refreshMemory() {
    if (!usesView) {
      return;
    }
    mv.visitVarInsn(ALOAD, f.memSlot);
    mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "backing", "()L" + BACKING + ";", false);
    if (memoryKind != MemoryKind.NATIVE) {
      mv.visitInsn(DUP);
      mv.visitMethodInsn(INVOKEINTERFACE, BACKING, "base", "()Ljava/lang/Object;", true);
      if (memoryKind == MemoryKind.HEAP) {
        mv.visitTypeInsn(CHECKCAST, "[J");
      }
      mv.visitVarInsn(ASTORE, f.baseSlot);
    }
    mv.visitMethodInsn(INVOKEINTERFACE, BACKING, "address", "()J", true);
    mv.visitVarInsn(LSTORE, f.addressSlot);
    // The size capped at Integer.MAX_VALUE (JitRuntime.boundsSlow's result), as bytecode:
    // Memory.size
    // is an accessor HotSpot inlines in a method of any size.
    mv.visitVarInsn(ALOAD, f.memSlot);
    mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "size", "()J", false);
    mv.visitInsn(DUP2);
    mv.visitLdcInsn((long) Integer.MAX_VALUE);
    mv.visitInsn(LCMP);
    Label small = new Label();
    mv.visitJumpInsn(IFLE, small);
    mv.visitInsn(POP2);
    mv.visitLdcInsn((long) Integer.MAX_VALUE);
    mv.visitLabel(small);
    mv.visitInsn(L2I);
    mv.visitVarInsn(ISTORE, f.sizeSlot);
  }

  /**
   * A label at every branch target, so backward branches (loops) find theirs; notes which globals
   * and which parts of memory the function uses.
   */
  private void markTargets() {
    int pc = 0;
    int previous = -1;
    List<int[]> backEdges = new ArrayList<>();
    int[] starts = new int[code.length];
    int count = 0;
    while (pc < code.length) {
      starts[count++] = pc;
      int op = code[pc];
      if (op == Opcodes.JUMP_IF && code[pc + 1] <= pc) {
        boolean counted = previous >= 0 && code[previous] == Opcodes.I32_NE;
        backEdges.add(new int[] {code[pc + 1], pc, counted ? 1 : 0});
      } else if ((op == Opcodes.JUMP || op == Opcodes.BR_DROP || op == Opcodes.BR_IF_DROP)
          && code[pc + 1] <= pc) {
        backEdges.add(new int[] {code[pc + 1], pc, 0});
      }
      boolean here = (pc >= from && pc < to) || (region != null && region.copies(pc));
      if (!here) {
        // Another region's code: only its branches into this one matter.
      } else if (op >= Opcodes.I32_LOAD && op <= Opcodes.I64_STORE32) {
        usesView = true;
        usesMemory = true;
      } else if (MemoryEmitter.usesMemory(op)) {
        usesMemory = true;
      }
      switch (op) {
        case Opcodes.GLOBAL_GET:
        case Opcodes.GLOBAL_SET:
          if (here) {
            globalSlots[code[pc + 1]] = -1;
          }
          break;
        case Opcodes.JUMP:
        case Opcodes.JUMP_IF:
        case Opcodes.JUMP_IF_ZERO:
        case Opcodes.BR_DROP:
        case Opcodes.BR_IF_DROP:
          branchTarget(pc, code[pc + 1]);
          break;
        case Opcodes.BR_TABLE:
          for (int i = 0; i <= code[pc + 1]; i++) {
            branchTarget(pc, code[pc + 2 + 3 * i]);
          }
          break;
        default:
          break;
      }
      previous = pc;
      pc += Immediates.length(code, pc);
    }
    markCountedBodies(backEdges);
    boolean[] targets = new boolean[code.length + 1];
    for (int t = 0; t < labels.length; t++) {
      targets[t] = labels[t] != null;
    }
    shortLoop = new boolean[code.length + 1];
    if (region == null) {
      // A region sees neither the labels nor the branch counts of the code outside it, which
      // ShortLoops needs to prove a trip count: its loop heads keep their safe points.
      ShortLoops.mark(code, Arrays.copyOf(starts, count), targets, branchCount, shortLoop);
    }
    pointerLoop = new InductionPointers.Loop[code.length + 1];
    if (region == null) {
      // As for ShortLoops: a region does not see all the branches to a loop's head.
      char[] localTypes = new char[fc.numLocals()];
      for (int i = 0; i < localTypes.length; i++) {
        localTypes[i] = f.localType(i);
      }
      for (InductionPointers.Loop l :
          InductionPointers.find(
              code, Arrays.copyOf(starts, count), targets, branchCount, loopHeads, localTypes)) {
        Arrays.fill(pointerLoop, l.head, l.backEdge + 1, l);
      }
    }
    tripLoop = new TripCounters.Loop[code.length + 1];
    tripBody = new TripCounters.Loop[code.length + 1];
    if (region == null) {
      char[] localTypes = new char[fc.numLocals()];
      for (int i = 0; i < localTypes.length; i++) {
        localTypes[i] = f.localType(i);
      }
      for (TripCounters.Loop l :
          TripCounters.find(
              code, Arrays.copyOf(starts, count), targets, branchCount, loopHeads, localTypes)) {
        tripLoop[l.head] = l;
        tripLoop[l.compare] = l;
        if (l.pointers.length > 0) {
          Arrays.fill(tripBody, l.head, l.end + 1, l);
        }
      }
    }
    chunkLoop = new ChunkedLoops.Loop[code.length + 1];
    if (region == null && CHUNKED_LOOPS && memoryKind != MemoryKind.NATIVE) {
      // As for TripCounters: a region does not see all the branches to a loop's head. Not over a
      // native reservation: there C2's unrolled chunk kept the memory's address and size in
      // stack slots, and crc32 took 18% more time than without (ChunkedLoops).
      boolean[] taken = new boolean[code.length + 1];
      for (int t = 0; t < taken.length; t++) {
        taken[t] = shortLoop[t] || tripLoop[t] != null || countedBody[t];
      }
      for (ChunkedLoops.Loop l :
          ChunkedLoops.find(code, Arrays.copyOf(starts, count), targets, branchCount, taken)) {
        chunkLoop[l.head] = l;
        chunkLoop[l.backEdge] = l;
        // Its bounds checks in the form HotSpot's range check elimination takes (Frame).
        Arrays.fill(countedBody, l.head, l.backEdge + 1, true);
      }
    }
    // chunkHeads[pc]: how many chunked loops' heads lie before pc.
    int[] chunkHeads = new int[code.length + 2];
    for (int at = 0; at <= code.length; at++) {
      chunkHeads[at + 1] = chunkHeads[at] + (chunkHead(at) ? 1 : 0);
    }
    plainHead = new boolean[code.length + 1];
    for (int[] e : backEdges) {
      plainHead[e[0]] |= chunkHeads[e[1]] > chunkHeads[e[0]];
    }
  }

  /**
   * Whether {@code pc} is the head of a chunked loop ({@link TripCounters}, {@link ChunkedLoops}).
   */
  private boolean chunkHead(int pc) {
    return (tripLoop[pc] != null && tripLoop[pc].head == pc)
        || (chunkLoop[pc] != null && chunkLoop[pc].head == pc);
  }

  /**
   * Marks the code of loops whose back edge has the {@code i32.ne} form of {@link #loopExitCompare}
   * (innermost loop first: a loop inside one takes its own mark).
   */
  private void markCountedBodies(List<int[]> backEdges) {
    countedBody = new boolean[code.length + 1];
    backEdges.sort((a, b) -> Integer.compare(b[1] - b[0], a[1] - a[0]));
    for (int[] e : backEdges) {
      Arrays.fill(countedBody, e[0], e[1] + 1, e[2] == 1);
    }
  }

  /**
   * Labels {@code target}, a branch target of the branch at {@code pc}: a loop head if backward.
   */
  private void branchTarget(int pc, int target) {
    if (region != null && !region.contains(target)) {
      return;
    }
    labelOf(target);
    branchCount[target]++;
    if (target <= pc) {
      loopHeads[target] = true;
    }
  }

  /**
   * The label a branch of the instruction at {@link #sitePc} jumps to for {@code target}: in a
   * region, the exit for a target outside it, or the sync stub for a sync point ({@link
   * RegionFlow}).
   */
  private Label label(int target) {
    if (region != null) {
      RegionFlow flow = region.flow;
      if (!region.contains(target) && region.plan.copied()[region.index].get(target)) {
        // Copied ({@link DispatchCopies}): the copy starts there.
        if (flow != null && flow.syncsInto(sitePc, target)) {
          BitSet stores = flow.syncStores(sitePc, target);
          if (!stores.isEmpty()) {
            return region.sync(target, stores, region.copy(target));
          }
        }
        return region.copy(target);
      }
      if (!region.contains(target)) {
        return flow == null
            ? region.exit(target)
            : region.exit(target, flow.exitStores(sitePc, target));
      }
      if (flow != null && flow.reenters(sitePc, target)) {
        return region.reenter(target, flow.syncStores(sitePc, target));
      }
      if (flow != null && flow.syncs(target)) {
        BitSet stores = flow.syncStores(sitePc, target);
        if (!stores.isEmpty()) {
          return region.sync(target, stores, labelOf(target));
        }
      }
    }
    return labelOf(target);
  }

  /** The label of {@code target}, in the code emitted. */
  private Label labelOf(int target) {
    if (labels[target] == null) {
      labels[target] = new Label();
    }
    return labels[target];
  }

  private void body() {
    boolean live = from == 0;
    int pc = from;
    while (pc < to) {
      boolean fell = live && pc != from;
      if (pending[pc] != null && !live) {
        f.restore(pending[pc]);
        live = true;
      }
      if (labels[pc] != null && live) {
        if (fell && region != null && region.flow != null && region.flow.syncs(pc)) {
          // Falls into a sync point: its dirty locals live there stored first (RegionFlow).
          region.storeLocals(f, region.flow.syncStores(sitePc, pc));
        }
        if (pointerLoop[pc] != null && pointerLoop[pc].head == pc) {
          InductionPointers.enter(f, pointerLoop[pc]);
        }
        mv.visitLabel(labels[pc]);
        f.forgetConstants();
        if (region != null) {
          region.reached(pc, f.snapshot(f.height, 0));
        }
        if (loopHeads[pc] && !shortLoop[pc]) {
          InductionPointers.Loop l = pointerLoop[pc];
          if (l != null && l.head == pc) {
            InductionPointers.safePoint(f, l, this::safePoint);
          } else {
            safePoint(!plainHead[pc]);
          }
        }
        if (tripLoop[pc] != null && tripLoop[pc].head == pc) {
          TripCounters.enter(f, tripLoop[pc]);
        }
        if (chunkLoop[pc] != null && chunkLoop[pc].head == pc) {
          ChunkedLoops.enter(f, chunkLoop[pc]);
        }
      }
      int len = Immediates.length(code, pc);
      if (live) {
        sitePc = pc;
        f.rangeCheckable = countedBody[pc];
        f.pointerLoop = pointerLoop[pc];
        f.tripLoop = tripBody[pc];
        live = instruction(pc);
        if (fusedBranch) {
          // The compare took the br_if after it: skip that instruction too.
          fusedBranch = false;
          len += Immediates.length(code, pc + len);
        }
      }
      pc += len;
    }
    if (live && region != null) {
      // Falls through into the next region.
      target(to, f.height, 0);
      mv.visitJumpInsn(GOTO, label(to));
    }
  }

  /**
   * A safe point at a loop head, as the interpreter has at its branches: while some thread has a
   * request outstanding ({@code SafePoint.OUTSTANDING}, one load of a static field), looks at this
   * thread's own flag ({@code SafePoint.atEntry}) and, with a stop requested for this thread (a
   * signal, an ending process), runs the thread's action, which may call Wasm (a handler may grow
   * memory: the view is reloaded) or throw to unwind. A recursion without loops stops at function
   * entries instead ({@link #entrySafePoint}).
   */
  private void safePoint() {
    safePoint(true);
  }

  /**
   * {@link #safePoint()}, its read of {@code OUTSTANDING} behind {@code SafePoint.armed()} when
   * {@code armed} (and {@link #ARMED_SAFE_POINTS}); the heads of {@link #plainHead} pass false.
   */
  private void safePoint(boolean armed) {
    Label go = new Label();
    if (f.sharedRarePaths) {
      mv.visitVarInsn(ALOAD, f.instSlot);
      String helper = armed ? "safePoint" : "plainSafePoint";
      mv.visitMethodInsn(INVOKESTATIC, RUNTIME, helper, "(L" + INSTANCE + ";)Z", false);
      mv.visitJumpInsn(IFEQ, go);
      if (usesMemory) {
        afterCall();
      }
      mv.visitLabel(go);
      return;
    }
    if (armed) {
      armedTest(go);
    }
    mv.visitFieldInsn(GETSTATIC, SAFE_POINT, "OUTSTANDING", "Ljava/lang/invoke/VarHandle;");
    mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/invoke/VarHandle", "getOpaque", "()I", false);
    mv.visitJumpInsn(IFEQ, go);
    mv.visitVarInsn(ALOAD, f.instSlot);
    mv.visitMethodInsn(INVOKESTATIC, SAFE_POINT, "atEntry", "(L" + INSTANCE + ";)V", false);
    if (usesMemory) {
      afterCall();
    }
    mv.visitLabel(go);
  }

  /** Whether the function calls (directly or through a table): only then can it recurse. */
  private boolean makesCalls() {
    for (int pc = 0; pc < code.length; pc += Immediates.length(code, pc)) {
      if (code[pc] == Opcodes.CALL || code[pc] == Opcodes.CALL_INDIRECT) {
        return true;
      }
    }
    return false;
  }

  /**
   * A safe point at the entry of a function that calls, so that a recursion without loops stops too
   * (every unbounded run goes through a loop head or such an entry): while no thread has a request
   * outstanding it costs one opaque load of a static field; else the thread looks at its own flag
   * ({@code SafePoint.atEntry}). Memory is loaded after it, so nothing is reloaded.
   */
  private void entrySafePoint() {
    if (f.sharedRarePaths) {
      mv.visitVarInsn(ALOAD, f.instSlot);
      mv.visitMethodInsn(INVOKESTATIC, RUNTIME, "safePoint", "(L" + INSTANCE + ";)Z", false);
      mv.visitInsn(POP);
      return;
    }
    Label go = new Label();
    armedTest(go);
    mv.visitFieldInsn(GETSTATIC, SAFE_POINT, "OUTSTANDING", "Ljava/lang/invoke/VarHandle;");
    mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/invoke/VarHandle", "getOpaque", "()I", false);
    mv.visitJumpInsn(IFEQ, go);
    mv.visitVarInsn(ALOAD, f.instSlot);
    mv.visitMethodInsn(INVOKESTATIC, SAFE_POINT, "atEntry", "(L" + INSTANCE + ";)V", false);
    mv.visitLabel(go);
  }

  /** Jumps to {@code go} while {@code SafePoint.armed()} is false ({@link #ARMED_SAFE_POINTS}). */
  private void armedTest(Label go) {
    if (ARMED_SAFE_POINTS) {
      mv.visitMethodInsn(INVOKESTATIC, SAFE_POINT, "armed", "()Z", false);
      mv.visitJumpInsn(IFEQ, go);
    }
  }

  /** Records the operand types at a forward branch's target. */
  private void target(int t, int keepHeight, int arity) {
    if (pending[t] == null) {
      pending[t] = f.snapshot(keepHeight, arity);
    }
  }

  /** Moves the top {@code arity} operands down to {@code keepHeight}, as a branch that drops. */
  private void moveDown(int keepHeight, int arity) {
    int src = f.height - arity;
    for (int k = 0; k < arity; k++) {
      f.move(src + k, keepHeight + k);
    }
  }

  /** Emits instruction at {@code pc}; false when the code after it is unreachable. */
  private boolean instruction(int pc) {
    int op = code[pc];
    switch (op) {
      case Opcodes.UNREACHABLE:
        mv.visitFieldInsn(
            GETSTATIC,
            "io/wali4j/core/wasm/Failure",
            "UNREACHABLE",
            "Lio/wali4j/core/wasm/Failure;");
        mv.visitMethodInsn(
            INVOKESTATIC,
            OPS,
            "trap",
            "(Lio/wali4j/core/wasm/Failure;)Lio/wali4j/core/wasm/WasmException;",
            false);
        mv.visitInsn(ATHROW);
        return false;
      case Opcodes.JUMP:
        target(code[pc + 1], f.height, 0);
        mv.visitJumpInsn(GOTO, label(code[pc + 1]));
        return false;
      case Opcodes.JUMP_IF:
      case Opcodes.JUMP_IF_ZERO:
        // Not in the counted form of loopExitCompare even for a loop counting i down to 0 (br_if
        // on i after i -= 1): measured, it made nbody, whose such loops run 1 to 4 times, twice
        // as slow (benchmarks/RESULTS.md).
        f.peek(0);
        f.drop(1);
        target(code[pc + 1], f.height, 0);
        if (chunkLoop[pc] != null && chunkLoop[pc].backEdge == pc) {
          // The chunk's count decides whether the taken back edge passes the head.
          Label stay = new Label();
          mv.visitJumpInsn(op == Opcodes.JUMP_IF ? IFEQ : IFNE, stay);
          ChunkedLoops.backEdge(f, chunkLoop[pc], label(code[pc + 1]));
          mv.visitLabel(stay);
          return true;
        }
        mv.visitJumpInsn(op == Opcodes.JUMP_IF ? IFNE : IFEQ, label(code[pc + 1]));
        return true;
      case Opcodes.BR_DROP:
        {
          int keep = code[pc + 3] - fc.numLocals();
          int arity = code[pc + 2];
          target(code[pc + 1], keep, arity);
          moveDown(keep, arity);
          mv.visitJumpInsn(GOTO, label(code[pc + 1]));
          return false;
        }
      case Opcodes.BR_IF_DROP:
        {
          f.peek(0);
          f.drop(1);
          int keep = code[pc + 3] - fc.numLocals();
          int arity = code[pc + 2];
          target(code[pc + 1], keep, arity);
          Label skip = new Label();
          mv.visitJumpInsn(IFEQ, skip);
          char[] saved = f.snapshot(f.height, 0);
          moveDown(keep, arity);
          mv.visitJumpInsn(GOTO, label(code[pc + 1]));
          mv.visitLabel(skip);
          f.restore(saved);
          return true;
        }
      case Opcodes.BR_TABLE:
        brTable(pc);
        return false;
      case Opcodes.RETURN:
        emitReturn();
        return false;
      case Opcodes.CALL:
        call(pc, code[pc + 1]);
        afterCall();
        return true;
      case Opcodes.CALL_INDIRECT:
        callIndirect(pc, code[pc + 1], code[pc + 2]);
        afterCall();
        return true;
      case Opcodes.MEMORY_GROW:
        MemoryEmitter.emit(f, op, code, pc, memoryKind);
        refreshMemory();
        return true;
      case Opcodes.DROP:
        f.drop(1);
        return true;
      case Opcodes.SELECT:
        {
          Label keepFirst = new Label();
          f.peek(0);
          mv.visitJumpInsn(IFNE, keepFirst);
          f.move(f.height - 2, f.height - 3);
          mv.visitLabel(keepFirst);
          f.forget(f.height - 3);
          f.drop(2);
          return true;
        }
      case Opcodes.LOCAL_GET:
        f.loadLocal(code[pc + 1]);
        f.push(f.localType(code[pc + 1]));
        f.markLocalRead(code[pc + 1]);
        return true;
      case Opcodes.LOCAL_SET:
        f.storeTop(code[pc + 1]);
        f.drop(1);
        advancePointer(pc);
        return true;
      case Opcodes.LOCAL_TEE:
        f.storeTop(code[pc + 1]);
        f.markOrigin(code[pc + 1]);
        advancePointer(pc);
        return true;
      case Opcodes.GLOBAL_GET:
        globalGet(code[pc + 1]);
        return true;
      case Opcodes.GLOBAL_SET:
        globalSet(code[pc + 1]);
        return true;
      case Opcodes.I32_NE:
        if (loopExitCompare(pc) || compareAndBranch(pc)) {
          return true;
        }
        return numeric(op, pc);
      case Opcodes.I32_ADD:
      case Opcodes.I32_SUB:
        {
          int c = f.isConstant(f.height - 1) ? f.constant(f.height - 1) : 0;
          int x = f.height - 2;
          int y = f.height - 1;
          boolean sum = f.isConstant(y) && f.sums.known(x, f);
          int base = sum ? f.sums.base(x) : -1;
          int baseVersion = sum ? f.sums.baseVersion(x) : 0;
          long addend = sum ? f.sums.addend(x) : 0;
          int second = sum ? f.sums.second(x) : -1;
          int secondVersion = sum ? f.sums.secondVersion(x) : 0;
          // A sum of two locals' values (LocalSums): each operand a local, nothing added yet.
          boolean pair =
              op == Opcodes.I32_ADD
                  && !f.isConstant(x)
                  && !f.isConstant(y)
                  && f.sums.known(x, f)
                  && f.sums.known(y, f)
                  && f.sums.addend(x) == 0
                  && f.sums.addend(y) == 0
                  && f.sums.second(x) < 0
                  && f.sums.second(y) < 0;
          int pairBase = pair ? f.sums.base(x) : -1;
          int pairBaseVersion = pair ? f.sums.baseVersion(x) : 0;
          int pairSecond = pair ? f.sums.base(y) : -1;
          int pairSecondVersion = pair ? f.sums.baseVersion(y) : 0;
          numeric(op, pc);
          if (c != 0 && c != Integer.MIN_VALUE) {
            f.markStep(op == Opcodes.I32_ADD ? c : -c);
          }
          if (sum) {
            f.sums.set(
                x,
                base,
                baseVersion,
                addend + (op == Opcodes.I32_ADD ? c : -(long) c),
                second,
                secondVersion);
          } else if (pair && PAIR_SUMS) {
            f.sums.setPair(x, pairBase, pairBaseVersion, pairSecond, pairSecondVersion);
          }
          return true;
        }
      case Opcodes.METER:
        mv.visitMethodInsn(INVOKESTATIC, "io/wali4j/core/exec/Fuel", "spend", "()V", false);
        return true;
      default:
        if (compareAndBranch(pc)) {
          return true;
        }
        if (NumericEmitter.emit(f, op, code, pc)) {
          return true;
        }
        if (MemoryEmitter.emit(f, op, code, pc, memoryKind)) {
          return true;
        }
        if (TableEmitter.emit(f, op, code, pc)) {
          return true;
        }
        throw new IllegalStateException("no compilation for " + Opcodes.name(op));
    }
  }

  /** After the one write of an induction pointer, advances its long copy with it. */
  private void advancePointer(int pc) {
    InductionPointers.Loop l = pointerLoop[pc];
    int k = l == null ? -1 : l.writtenAt(pc);
    if (k >= 0) {
      InductionPointers.advance(f, l, k);
    }
  }

  private boolean numeric(int op, int pc) {
    if (!NumericEmitter.emit(f, op, code, pc)) {
      throw new IllegalStateException("no compilation for " + Opcodes.name(op));
    }
    return true;
  }

  /**
   * A loop's back edge taken while {@code a != b}, where {@code a} or {@code b} is a value plus a
   * constant step (an induction variable as compilers write it: {@code i != n} after {@code i +=
   * 2}), emitted as two tests: {@code i < n} (for a positive step; {@code i > n} for a negative
   * one), then {@code i != n}. Together they branch exactly when {@code i != n} does; HotSpot sees
   * the first as the exit test of a counted loop (which it unrolls and whose checks it can hoist)
   * as long as the second, taken only when the loop would wrap around, never is. Applies to {@code
   * i32.ne} followed by a {@code br_if} back that nothing else branches to; returns false, emitting
   * nothing, otherwise.
   */
  private boolean loopExitCompare(int pc) {
    int next = pc + Immediates.length(code, pc);
    if (next >= to || labels[next] != null) {
      return false;
    }
    if (code[next] != Opcodes.JUMP_IF || code[next + 1] > next) {
      return false;
    }
    int a = f.height - 2;
    int b = f.height - 1;
    int cmp;
    if (f.step(b) > 0 || (f.step(b) == 0 && f.step(a) < 0)) {
      cmp = IF_ICMPGT; // b climbs to a (or a falls to b): loop while a > b
    } else if (f.step(b) < 0 || f.step(a) > 0) {
      cmp = IF_ICMPLT;
    } else {
      return false;
    }
    Label loop = label(code[next + 1]);
    f.load(a);
    f.load(b);
    mv.visitJumpInsn(cmp, loop);
    f.load(a);
    f.load(b);
    f.drop(2);
    target(code[next + 1], f.height, 0);
    mv.visitJumpInsn(IF_ICMPNE, loop);
    fusedBranch = true;
    return true;
  }

  /**
   * An i32 or i64 compare followed by a {@code br_if}, or by the branch of an {@code if}, that
   * nothing else branches to: emitted as one conditional jump ({@link BranchCompare}). Returns
   * false, emitting nothing, otherwise.
   */
  private boolean compareAndBranch(int pc) {
    int op = code[pc];
    if (!BranchCompare.fuses(op)) {
      return false;
    }
    int next = pc + Immediates.length(code, pc);
    if (next >= to || labels[next] != null) {
      return false;
    }
    int branch = code[next];
    if (branch != Opcodes.JUMP_IF && branch != Opcodes.JUMP_IF_ZERO) {
      return false;
    }
    int operands = op == Opcodes.I32_EQZ || op == Opcodes.I64_EQZ ? 1 : 2;
    int dest = code[next + 1];
    target(dest, f.height - operands, 0);
    if (tripLoop[pc] != null && tripLoop[pc].compare == pc) {
      TripCounters.backEdge(f, tripLoop[pc]);
    }
    if (chunkLoop[next] != null && chunkLoop[next].backEdge == next) {
      // The chunk's count decides whether the taken back edge passes the head (ChunkedLoops).
      Label stay = new Label();
      BranchCompare.emit(f, op, branch != Opcodes.JUMP_IF, stay);
      ChunkedLoops.backEdge(f, chunkLoop[next], label(dest));
      mv.visitLabel(stay);
    } else if (dest <= next && op >= Opcodes.I64_EQZ) {
      // A loop's back edge on an i64 compare: HotSpot puts its safe point at a backward branch
      // with the JVM stack before the branch, where lcmp's -1/0/1 would have to be kept for
      // deoptimization, in a register, every iteration. A forward jump over a backward goto
      // leaves the stack empty there.
      Label stay = new Label();
      BranchCompare.emit(f, op, branch != Opcodes.JUMP_IF, stay);
      mv.visitJumpInsn(GOTO, label(dest));
      mv.visitLabel(stay);
    } else {
      BranchCompare.emit(f, op, branch == Opcodes.JUMP_IF, label(dest));
    }
    fusedBranch = true;
    return true;
  }

  private void brTable(int pc) {
    int n = code[pc + 1];
    f.peek(0);
    f.drop(1);
    char[] saved = f.snapshot(f.height, 0);
    Label[] cases = new Label[n + 1];
    for (int i = 0; i <= n; i++) {
      cases[i] = new Label();
    }
    if (n == 0) {
      mv.visitInsn(POP);
      mv.visitJumpInsn(GOTO, cases[0]);
    } else {
      Label[] table = new Label[n];
      System.arraycopy(cases, 0, table, 0, n);
      // An index that is negative as an int is above n as unsigned: the default, as wanted.
      mv.visitTableSwitchInsn(0, n - 1, cases[n], table);
    }
    for (int i = 0; i <= n; i++) {
      int at = pc + 2 + 3 * i;
      int keep = code[at + 2] - fc.numLocals();
      int arity = code[at + 1];
      mv.visitLabel(cases[i]);
      f.restore(saved);
      target(code[at], keep, arity);
      moveDown(keep, arity);
      mv.visitJumpInsn(GOTO, label(code[at]));
    }
  }

  private void emitReturn() {
    int nr = fc.numResults();
    if (region != null) {
      region.returnFrom(f, nr);
    } else if (nr == 0) {
      mv.visitInsn(RETURN);
    } else if (nr == 1) {
      f.peek(0);
      mv.visitInsn(Frame.returnOp(f.typeAt(f.height - 1)));
    } else {
      packTop(nr);
      mv.visitInsn(ARETURN);
    }
  }

  /** Leaves a new {@code long[]} of the top {@code n} operands, encoded, on the JVM stack. */
  private void packTop(int n) {
    Values.pushInt(mv, n);
    mv.visitIntInsn(NEWARRAY, T_LONG);
    for (int k = 0; k < n; k++) {
      mv.visitInsn(DUP);
      Values.pushInt(mv, k);
      int h = f.height - n + k;
      f.load(h);
      Values.encode(mv, f.typeAt(h));
      mv.visitInsn(LASTORE);
    }
  }

  /** Pushes the values of the {@code long[]} on the JVM stack as operands of {@code types}. */
  private void unpack(ValType[] types) {
    for (int k = 0; k < types.length; k++) {
      mv.visitInsn(DUP);
      Values.pushInt(mv, k);
      mv.visitInsn(LALOAD);
      char c = Frame.type(types[k]);
      Values.decode(mv, c);
      pushAt(f.height + k, c);
    }
    mv.visitInsn(POP);
    f.height += types.length;
  }

  /** Stores the JVM stack top into the operand slot at height {@code h} (beyond the top). */
  private void pushAt(int h, char t) {
    int saved = f.height;
    f.height = h;
    f.push(t);
    f.height = saved;
  }

  private void storeResults(FuncType t) {
    ValType[] r = t.results();
    if (r.length == 1) {
      f.push(Frame.type(r[0]));
    } else if (r.length > 1) {
      unpack(r);
    }
  }

  private void call(int pc, int funcidx) {
    FuncType t = module.functionType(funcidx);
    int np = t.params().length;
    Label end = captureSite(pc);
    if (batch.get(funcidx)) {
      for (int k = 0; k < np; k++) {
        f.load(f.height - np + k);
      }
      f.drop(np);
      mv.visitVarInsn(ALOAD, f.instSlot);
      mv.visitVarInsn(ILOAD, f.budgetSlot);
      invoke(end, owner, methodName(funcidx), descriptor(t));
    } else if (funcidx >= module.importedFunctionCount()
        || (end == null && Links.callsDirectly(module, funcidx))) {
      for (int k = 0; k < np; k++) {
        f.load(f.height - np + k);
      }
      f.drop(np);
      mv.visitVarInsn(ALOAD, f.instSlot);
      mv.visitVarInsn(ILOAD, f.budgetSlot);
      mv.visitInvokeDynamicInsn(
          methodName(funcidx), descriptor(t), LINK, funcidx, end != null ? 1 : 0);
      if (end != null) {
        mv.visitLabel(end);
      }
    } else {
      mv.visitVarInsn(ALOAD, f.instSlot);
      Values.pushInt(mv, funcidx);
      packTop(np);
      f.drop(np);
      mv.visitVarInsn(ILOAD, f.budgetSlot);
      String via = end == null ? "call" : "callOrUnwind";
      if (end != null && capture.marks(code, pc)) {
        via = "callSetjmp";
        callsSetjmp = true;
      }
      invoke(end, RUNTIME, via, "(L" + INSTANCE + ";I[JI)[J");
      if (t.results().length <= 1) {
        decodeSingle(t);
        return;
      }
    }
    storeResults(t);
  }

  /**
   * After a runtime call returning {@code long[]}: the single result (or nothing) as an operand.
   */
  private void decodeSingle(FuncType t) {
    if (t.results().length == 0) {
      mv.visitInsn(POP);
      return;
    }
    Values.pushInt(mv, 0);
    mv.visitInsn(LALOAD);
    char c = Frame.type(t.results()[0]);
    Values.decode(mv, c);
    f.push(c);
  }

  private void callIndirect(int pc, int typeidx, int tableidx) {
    FuncType t = module.types().get(typeidx);
    int np = t.params().length;
    Label end = captureSite(pc);
    if (IndirectSite.emitted()) {
      cachedIndirect(t, typeidx, tableidx, end);
      return;
    }
    Label done = null;
    if (TYPED_INDIRECT) {
      done = new Label();
      typedIndirect(t, typeidx, tableidx, done);
    }
    mv.visitVarInsn(ALOAD, f.instSlot);
    Values.pushInt(mv, typeidx);
    Values.pushInt(mv, tableidx);
    f.peek(0);
    f.drop(1);
    packTop(np);
    f.drop(np);
    mv.visitVarInsn(ILOAD, f.budgetSlot);
    invoke(
        end,
        RUNTIME,
        end == null ? "callIndirect" : "callIndirectOrUnwind",
        "(L" + INSTANCE + ";III[JI)[J");
    if (t.results().length <= 1) {
      decodeSingle(t);
    } else {
      storeResults(t);
    }
    if (done != null) {
      mv.visitLabel(done);
    }
  }

  /**
   * A {@code call_indirect} of type {@code t} as an {@code invokedynamic} of its own, {@code
   * (params..., int i, Instance, int budget) -> result}: an {@link IndirectSite}, the inline cache
   * that does the lookup, its traps and the call, named after its fallback in the batch ({@link
   * IndirectFallbacks}). {@code end} closes its capture site, if any.
   */
  private void cachedIndirect(FuncType t, int typeidx, int tableidx, Label end) {
    int np = t.params().length;
    for (int k = 0; k <= np; k++) {
      f.load(f.height - 1 - np + k);
    }
    f.drop(np + 1);
    mv.visitVarInsn(ALOAD, f.instSlot);
    mv.visitVarInsn(ILOAD, f.budgetSlot);
    String name = fallbacks.name(t, typeidx, tableidx, end != null);
    mv.visitInvokeDynamicInsn(
        name,
        IndirectFallbacks.descriptor(t),
        LINK_INDIRECT,
        typeidx,
        tableidx,
        end != null ? 1 : 0);
    if (end != null) {
      mv.visitLabel(end);
    }
    storeResults(t);
  }

  /**
   * The fast path of a {@code call_indirect} of type {@code t}, before its slow path: the lookup
   * ({@code JitRuntime.indirectHandle}, with its checks and traps) gives the compiled callee's
   * method with its instance bound, which is invoked exactly with the typed arguments, the results
   * stored as operands, and a jump to {@code done}, the end of the slow path; a callee that is not
   * compiled Wasm code (null) goes on to the slow path, with the operands as they were. Both paths
   * lie inside a capture site's range, if any: an unwind out of either call finds the operands
   * below the call untouched.
   */
  private void typedIndirect(FuncType t, int typeidx, int tableidx, Label done) {
    int np = t.params().length;
    char[] before = Arrays.copyOf(f.types, f.height);
    Label slow = new Label();
    mv.visitVarInsn(ALOAD, f.instSlot);
    Values.pushInt(mv, typeidx);
    Values.pushInt(mv, tableidx);
    f.peek(0);
    mv.visitMethodInsn(
        INVOKESTATIC,
        RUNTIME,
        "indirectHandle",
        "(L" + INSTANCE + ";III)Ljava/lang/invoke/MethodHandle;",
        false);
    mv.visitInsn(DUP);
    mv.visitJumpInsn(IFNULL, slow);
    for (int k = 0; k < np; k++) {
      f.load(f.height - 1 - np + k);
    }
    mv.visitVarInsn(ILOAD, f.budgetSlot);
    String desc = descriptor(t);
    String exact = desc.replace("L" + INSTANCE + ";I)", "I)");
    mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeExact", exact, false);
    f.drop(np + 1);
    storeResults(t);
    mv.visitJumpInsn(GOTO, done);
    mv.visitLabel(slow);
    mv.visitInsn(POP);
    System.arraycopy(before, 0, f.types, 0, before.length);
    f.height = before.length;
  }

  /**
   * Starts the call at {@code pc} if it may lead to a capture: registers its handler for the call
   * instruction to come and records the operand types at the call; returns the label that ends the
   * call instruction, or null for a call that needs no handler.
   */
  private Label captureSite(int pc) {
    if (!capture.site(code, pc)) {
      return null;
    }
    Label start = new Label();
    Label end = new Label();
    Label handler = new Label();
    mv.visitTryCatchBlock(start, end, handler, UNWIND);
    mv.visitLabel(start);
    sites.add(new CaptureSite(handler, pc, Arrays.copyOf(f.types, f.height)));
    return end;
  }

  /** The static call of a call instruction; {@code end} closes its capture site, if any. */
  private void invoke(Label end, String owner, String name, String desc) {
    mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    if (end != null) {
      mv.visitLabel(end);
    }
  }

  /**
   * The handlers of the capture sites, after the body. Each stores its site's operands into a new
   * {@code long[]} above the locals and jumps, with the call's pc in a local, to one shared block
   * that stores the locals and adds the frame to the {@code CompiledUnwind} ({@code
   * JitRuntime.unwound}), which it rethrows. The handler of a site sees the JVM locals as they were
   * at its call: every operand below the call is in its slot, which the call does not touch. In a
   * function that calls setjmp, the block calls {@code JitRuntime.resumed} instead, which rethrows
   * all but the unwind of its own setjmp call, whose frame it runs to its return in a nested
   * interpreter run: the block returns those results.
   */
  private void captureHandlers() {
    if (sites.isEmpty()) {
      return;
    }
    if (region != null) {
      regionCaptureHandlers();
      return;
    }
    int numLocals = fc.numLocals();
    int pcSlot = f.newLocal(1);
    Label shared = new Label();
    for (CaptureSite site : sites) {
      mv.visitLabel(site.handler());
      char[] operands = site.operands();
      Values.pushInt(mv, numLocals + operands.length);
      mv.visitIntInsn(NEWARRAY, T_LONG);
      for (int h = 0; h < operands.length; h++) {
        mv.visitInsn(DUP);
        Values.pushInt(mv, numLocals + h);
        f.load(h, operands[h]);
        Values.encode(mv, operands[h]);
        mv.visitInsn(LASTORE);
      }
      Values.pushInt(mv, site.pc());
      mv.visitVarInsn(ISTORE, pcSlot);
      mv.visitJumpInsn(GOTO, shared);
    }
    mv.visitLabel(shared);
    for (int i = 0; i < numLocals; i++) {
      mv.visitInsn(DUP);
      Values.pushInt(mv, i);
      f.loadLocal(i);
      Values.encode(mv, f.localType(i));
      mv.visitInsn(LASTORE);
    }
    if (!recordFrame(pcSlot)) {
      return;
    }
    Values.returnResults(mv, module.functionType(fc.funcidx()).results());
  }

  /**
   * The capture handlers of a region: as {@link #captureHandlers}, but the frame array already
   * holds the locals the region does not: each site stores its operands above the locals, the
   * shared block the locals the region holds, and the frame recorded is the array's first locals
   * plus operands slots. After a nested setjmp run, its results go where a return puts them.
   */
  private void regionCaptureHandlers() {
    int numLocals = fc.numLocals();
    int pcSlot = f.newLocal(1);
    int lengthSlot = f.newLocal(1);
    Label shared = new Label();
    for (CaptureSite site : sites) {
      mv.visitLabel(site.handler());
      region.storeOperands(f, site.operands());
      if (region.flow != null) {
        // The locals written since the region was entered; the array holds the others.
        region.storeLocals(f, region.flow.dirtyAt(site.pc()));
      }
      Values.pushInt(mv, site.pc());
      mv.visitVarInsn(ISTORE, pcSlot);
      Values.pushInt(mv, numLocals + site.operands().length);
      mv.visitVarInsn(ISTORE, lengthSlot);
      mv.visitJumpInsn(GOTO, shared);
    }
    mv.visitLabel(shared);
    if (region.flow == null) {
      region.storeLocals(f, region.plan.used()[region.index]);
    }
    mv.visitVarInsn(ALOAD, RegionEmitter.FRAME_SLOT);
    mv.visitVarInsn(ILOAD, lengthSlot);
    mv.visitMethodInsn(INVOKESTATIC, "java/util/Arrays", "copyOf", "([JI)[J", false);
    if (!recordFrame(pcSlot)) {
      return;
    }
    int nr = fc.numResults();
    // The results at the frame's start, as a return leaves them.
    Values.pushInt(mv, 0);
    mv.visitVarInsn(ALOAD, RegionEmitter.FRAME_SLOT);
    Values.pushInt(mv, 0);
    Values.pushInt(mv, nr);
    mv.visitMethodInsn(
        INVOKESTATIC,
        "java/lang/System",
        "arraycopy",
        "(Ljava/lang/Object;ILjava/lang/Object;II)V",
        false);
    Values.pushInt(mv, RegionPlanner.RETURNED);
    mv.visitInsn(IRETURN);
  }

  /**
   * The end of a capture handler, with the unwind and the frame's slots ({@code long[]}) on the
   * stack: records this function's frame at the pc in {@code pcSlot}. Throws the unwind on, or, in
   * a function that calls setjmp, runs the frame on in the interpreter ({@code JitRuntime.resumed})
   * and returns true with that run's results ({@code long[]}) on the stack.
   */
  private boolean recordFrame(int pcSlot) {
    mv.visitVarInsn(ALOAD, f.instSlot);
    Values.pushInt(mv, fc.funcidx());
    mv.visitVarInsn(ILOAD, pcSlot);
    if (!callsSetjmp) {
      mv.visitMethodInsn(
          INVOKESTATIC,
          RUNTIME,
          "unwound",
          "(L" + UNWIND + ";[JL" + INSTANCE + ";II)L" + UNWIND + ";",
          false);
      mv.visitInsn(ATHROW);
      return false;
    }
    mv.visitMethodInsn(
        INVOKESTATIC, RUNTIME, "resumed", "(L" + UNWIND + ";[JL" + INSTANCE + ";II)[J", false);
    return true;
  }

  private void globalRef(int g) {
    mv.visitVarInsn(ALOAD, globalSlots[g]);
  }

  private void globalGet(int g) {
    globalRef(g);
    mv.visitMethodInsn(INVOKEVIRTUAL, GLOBAL, "get", "()J", false);
    char c = Frame.type(module.allGlobals().get(g).type());
    Values.decode(mv, c);
    f.push(c);
  }

  private void globalSet(int g) {
    globalRef(g);
    f.peek(0);
    Values.encode(mv, f.typeAt(f.height - 1));
    f.drop(1);
    mv.visitMethodInsn(INVOKEVIRTUAL, GLOBAL, "set", "(J)V", false);
  }
}
