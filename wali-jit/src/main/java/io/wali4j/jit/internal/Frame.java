package io.wali4j.jit.internal;

import io.wali4j.core.wasm.ValType;
import java.util.Arrays;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The JVM view of one Wasm frame while its method is emitted: every Wasm local and every operand
 * stack slot is a typed JVM local, so the JVM operand stack is empty between Wasm instructions and
 * a branch is a plain jump (HotSpot's register allocator removes the moves). Operand slots are
 * keyed by (height, type) and allocated on first use. Types are the JVM descriptors {@code I J F
 * D}; references are {@code J} (their store id, -1 for null), as in the interpreter.
 */
final class Frame {

  final MethodVisitor mv;
  private final char[] localTypes;
  private final int[] localSlots;
  private int nextSlot;
  private int[] stackSlots = new int[64 * 4];

  /** The operand types, bottom first; {@code height} of them are live. */
  char[] types = new char[16];

  int height;

  /** Whether the operand at each height is an i32 constant known here, and its value. */
  private boolean[] known = new boolean[16];

  private int[] constants = new int[16];

  /**
   * Per height: the constant {@code c} when the operand is the i32 result of adding {@code c} to
   * another value ({@code i32.add} of a constant, or {@code i32.sub} of one, negated), else 0. A
   * loop's exit compare uses it to know which way its induction variable moves.
   */
  private int[] steps = new int[16];

  /**
   * Per height: the local the operand was read from ({@code local.get}, or the value a {@code
   * local.tee} stored), -1 when none or not known here, and that local's version then (see {@link
   * ProvenExtents}).
   */
  private int[] originLocal = new int[16];

  private int[] originVersion = new int[16];

  /** What the bounds checks emitted so far prove about the locals' values. */
  final ProvenExtents extents;

  /** Which i32 operands and locals are a local's value plus a constant (see {@link LocalSums}). */
  final LocalSums sums;

  /**
   * Bytes memory 0 has at least whenever this code runs (its type's minimum: memory never shrinks),
   * 0 without a memory. An access to a constant address below it needs no bounds check.
   */
  long minMemoryBytes;

  /**
   * Whether the instruction being emitted is in a loop whose back edge is {@code i32.ne} then
   * {@code br_if} (the shape FunctionCompiler emits as a counted loop): its accesses get the bounds
   * check HotSpot can eliminate from counted loops, two int compares; elsewhere one long compare is
   * cheaper (see MemoryEmitter.address).
   */
  boolean rangeCheckable;

  /**
   * Whether bounds checks and safe points call {@code JitRuntime}'s shared checks instead of
   * holding their compares ({@link FunctionCompiler#SHARED_RARE_PATHS}).
   */
  boolean sharedRarePaths;

  /**
   * The loop with induction pointers the instruction being emitted is in, or null (see {@link
   * InductionPointers}).
   */
  InductionPointers.Loop pointerLoop;

  /**
   * The loop with a trip counter the instruction being emitted is in, or null (see {@link
   * TripCounters}: its pointers' accesses may skip their checks).
   */
  TripCounters.Loop tripLoop;

  /** JVM local holding the Instance. */
  final int instSlot;

  /**
   * JVM local holding the stack budget left, in slots (an int parameter after the Instance): the
   * method spends its cost at entry and passes the rest to its callees.
   */
  final int budgetSlot;

  /** JVM local holding memory 0 (null when the module has none). */
  final int memSlot;

  /**
   * JVM locals caching memory 0's Unsafe base object, address and size (reloaded after calls and
   * memory.grow, the only places they can change on this thread). The size is an int, the size in
   * bytes capped at {@code Integer.MAX_VALUE}, so that bounds checks are int compares HotSpot can
   * move out of counted loops; an access past 2 GiB is checked on the slow path.
   */
  final int baseSlot;

  final int addressSlot;
  final int sizeSlot;

  Frame(MethodVisitor mv, ValType[] params, ValType[] locals) {
    this(mv, params, locals, 0);
  }

  /**
   * A frame whose method has {@code reserved} more JVM locals (parameters) after the Instance and
   * the budget, before the Wasm locals (a region of a split function, see RegionEmitter).
   */
  Frame(MethodVisitor mv, ValType[] params, ValType[] locals, int reserved) {
    this.mv = mv;
    int n = params.length + locals.length;
    localTypes = new char[n];
    localSlots = new int[n];
    int slot = 0;
    for (int i = 0; i < params.length; i++) {
      localTypes[i] = type(params[i]);
      localSlots[i] = slot;
      slot += size(localTypes[i]);
    }
    instSlot = slot++;
    budgetSlot = slot++;
    slot += reserved;
    for (int i = 0; i < locals.length; i++) {
      int k = params.length + i;
      localTypes[k] = type(locals[i]);
      localSlots[k] = slot;
      slot += size(localTypes[k]);
    }
    memSlot = slot++;
    baseSlot = slot++;
    addressSlot = slot;
    sizeSlot = slot + 2;
    nextSlot = slot + 3;
    Arrays.fill(stackSlots, -1);
    Arrays.fill(originLocal, -1);
    extents = new ProvenExtents(n);
    sums = new LocalSums(n);
  }

  static char type(ValType t) {
    switch (t) {
      case I32:
        return 'I';
      case F32:
        return 'F';
      case F64:
        return 'D';
      default:
        return 'J';
    }
  }

  static int size(char t) {
    return t == 'J' || t == 'D' ? 2 : 1;
  }

  /** A fresh JVM local of {@code size} slots (for values the method caches, e.g. globals). */
  int newLocal(int size) {
    int s = nextSlot;
    nextSlot += size;
    return s;
  }

  /** {@code count} fresh JVM locals of {@code size} slots each ({@link #newLocal}). */
  int[] newLocals(int count, int size) {
    int[] slots = new int[count];
    for (int k = 0; k < count; k++) {
      slots[k] = newLocal(size);
    }
    return slots;
  }

  char localType(int i) {
    return localTypes[i];
  }

  void loadLocal(int i) {
    mv.visitVarInsn(loadOp(localTypes[i]), localSlots[i]);
  }

  /**
   * Pushes Wasm local {@code i} when there is one ({@code i >= 0}), else the i32 constant {@code
   * c}: an operand a loop's analysis found to be either.
   */
  void loadLocalOr(int i, int c) {
    if (i >= 0) {
      loadLocal(i);
    } else {
      Values.pushInt(mv, c);
    }
  }

  /** Pushes Wasm local {@code i} when there is one ({@code i >= 0}), else the i64 constant. */
  void loadLocalOr(int i, long c) {
    if (i >= 0) {
      loadLocal(i);
    } else {
      mv.visitLdcInsn(c);
    }
  }

  void storeLocal(int i) {
    mv.visitVarInsn(storeOp(localTypes[i]), localSlots[i]);
    extents.written(i);
  }

  /**
   * Stores the top operand into local {@code i} (leaving it on the operand stack), and records what
   * the stored value is a sum of, if known (see {@link LocalSums}).
   */
  void storeTop(int i) {
    peek(0);
    storeLocal(i);
    int h = height - 1;
    if (localTypes[i] == 'I' && sums.known(h, this)) {
      sums.define(
          i,
          extents.version(i),
          sums.base(h),
          sums.baseVersion(h),
          sums.addend(h),
          sums.second(h),
          sums.secondVersion(h));
    }
  }

  /** Records that the operand just pushed by {@code local.get i} is local {@code i}'s value. */
  void markLocalRead(int i) {
    markOrigin(i);
    if (localTypes[i] == 'I') {
      sums.read(height - 1, i, extents.version(i));
    }
  }

  /** Stores the zero of local {@code i}'s type into it. */
  void zeroLocal(int i) {
    pushZero(localTypes[i]);
    storeLocal(i);
  }

  void pushZero(char t) {
    switch (t) {
      case 'I':
        mv.visitInsn(Opcodes.ICONST_0);
        break;
      case 'J':
        mv.visitInsn(Opcodes.LCONST_0);
        break;
      case 'F':
        mv.visitInsn(Opcodes.FCONST_0);
        break;
      default:
        mv.visitInsn(Opcodes.DCONST_0);
        break;
    }
  }

  private int stackSlot(int h, char t) {
    int key = h * 4 + index(t);
    if (key >= stackSlots.length) {
      int old = stackSlots.length;
      stackSlots = Arrays.copyOf(stackSlots, Math.max(key + 1, old * 2));
      Arrays.fill(stackSlots, old, stackSlots.length, -1);
    }
    int s = stackSlots[key];
    if (s < 0) {
      s = nextSlot;
      nextSlot += size(t);
      stackSlots[key] = s;
    }
    return s;
  }

  private static int index(char t) {
    switch (t) {
      case 'I':
        return 0;
      case 'J':
        return 1;
      case 'F':
        return 2;
      default:
        return 3;
    }
  }

  static int loadOp(char t) {
    switch (t) {
      case 'I':
        return Opcodes.ILOAD;
      case 'J':
        return Opcodes.LLOAD;
      case 'F':
        return Opcodes.FLOAD;
      default:
        return Opcodes.DLOAD;
    }
  }

  static int storeOp(char t) {
    return loadOp(t) + (Opcodes.ISTORE - Opcodes.ILOAD);
  }

  static int returnOp(char t) {
    switch (t) {
      case 'I':
        return Opcodes.IRETURN;
      case 'J':
        return Opcodes.LRETURN;
      case 'F':
        return Opcodes.FRETURN;
      default:
        return Opcodes.DRETURN;
    }
  }

  /** The type of the operand at height {@code h}. */
  char typeAt(int h) {
    return types[h];
  }

  /** Loads the operand at height {@code h} onto the JVM stack. */
  void load(int h) {
    mv.visitVarInsn(loadOp(types[h]), stackSlot(h, types[h]));
  }

  /** Loads the operand that had type {@code t} at height {@code h} (e.g. at an earlier call). */
  void load(int h, char t) {
    mv.visitVarInsn(loadOp(t), stackSlot(h, t));
  }

  /** Loads the operand {@code k} below the top (0 = top). */
  void peek(int k) {
    load(height - 1 - k);
  }

  /** Pops the JVM stack's value of type {@code t} into a new operand on top. */
  void push(char t) {
    if (height >= types.length) {
      types = Arrays.copyOf(types, Math.max(height + 1, types.length * 2));
    }
    types[height] = t;
    forget(height);
    mv.visitVarInsn(storeOp(t), stackSlot(height, t));
    height++;
  }

  /** Records that the operand just pushed is the i32 constant {@code v}. */
  void markConstant(int v) {
    known[height - 1] = true;
    constants[height - 1] = v;
  }

  /** Records that the operand just pushed is another value plus {@code step} (not 0). */
  void markStep(int step) {
    steps[height - 1] = step;
  }

  /** The step of the operand at height {@code h} (see {@link #steps}), 0 when unknown. */
  int step(int h) {
    return h < steps.length ? steps[h] : 0;
  }

  /** Records that the operand just pushed is the current value of local {@code i}. */
  void markOrigin(int i) {
    originLocal[height - 1] = i;
    originVersion[height - 1] = extents.version(i);
  }

  /**
   * The local the operand at height {@code h} holds a value of, or -1 (see {@link #markOrigin}).
   */
  int originLocal(int h) {
    return originLocal[h];
  }

  /** The version of {@link #originLocal} the operand at height {@code h} holds. */
  int originVersion(int h) {
    return originVersion[h];
  }

  /** Whether the operand at height {@code h} is a known i32 constant. */
  boolean isConstant(int h) {
    return h < known.length && known[h];
  }

  int constant(int h) {
    return constants[h];
  }

  /**
   * At a branch target the operands may come from several paths: no constant, step or origin is
   * known, and no bounds check proves anything.
   */
  void forgetConstants() {
    Arrays.fill(known, false);
    Arrays.fill(steps, 0);
    Arrays.fill(originLocal, -1);
    extents.forgetAll();
    sums.forgetAll();
  }

  void forget(int h) {
    if (h >= known.length) {
      int n = Math.max(h + 1, known.length * 2);
      known = Arrays.copyOf(known, n);
      constants = Arrays.copyOf(constants, n);
      steps = Arrays.copyOf(steps, n);
      originVersion = Arrays.copyOf(originVersion, n);
      int old = originLocal.length;
      originLocal = Arrays.copyOf(originLocal, n);
      Arrays.fill(originLocal, old, n, -1);
    }
    known[h] = false;
    steps[h] = 0;
    originLocal[h] = -1;
    sums.forget(h);
  }

  /** Drops {@code n} operands (no code). */
  void drop(int n) {
    height -= n;
  }

  /**
   * Copies operand {@code from} to height {@code to} (same type), for branches that drop values.
   */
  void move(int from, int to) {
    if (from == to) {
      return;
    }
    char t = types[from];
    mv.visitVarInsn(loadOp(t), stackSlot(from, t));
    if (to >= types.length) {
      types = Arrays.copyOf(types, Math.max(to + 1, types.length * 2));
    }
    types[to] = t;
    forget(to);
    if (isConstant(from)) {
      known[to] = true;
      constants[to] = constants[from];
    }
    steps[to] = steps[from];
    originLocal[to] = originLocal[from];
    originVersion[to] = originVersion[from];
    sums.copy(from, to);
    mv.visitVarInsn(storeOp(t), stackSlot(to, t));
  }

  /** The type stack now, for a branch target. */
  char[] snapshot(int keepHeight, int arity) {
    char[] s = new char[keepHeight + arity];
    System.arraycopy(types, 0, s, 0, keepHeight);
    System.arraycopy(types, height - arity, s, keepHeight, arity);
    return s;
  }

  void restore(char[] s) {
    if (types.length < s.length) {
      types = Arrays.copyOf(types, Math.max(16, s.length * 2));
    }
    System.arraycopy(s, 0, types, 0, s.length);
    height = s.length;
    forgetConstants();
  }
}
