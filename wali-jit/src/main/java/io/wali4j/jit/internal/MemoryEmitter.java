package io.wali4j.jit.internal;

import static org.objectweb.asm.Opcodes.ACONST_NULL;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.I2B;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.I2S;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.IFLE;
import static org.objectweb.asm.Opcodes.IFLT;
import static org.objectweb.asm.Opcodes.IF_ICMPLE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.ISUB;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LSUB;

import io.wali4j.core.wasm.Opcodes;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Loads, stores, memory.size/grow, bulk memory and atomics. Plain loads and stores read memory 0
 * with Unsafe from the base, address and size the method caches in locals (the base of a memory
 * never moves under a running thread, see {@link Frame#baseSlot}), with {@code Memory.ea} and
 * {@code Memory.outside}, the interpreter's effective-address and bounds rules; everything else
 * calls {@code Memory}'s methods.
 */
final class MemoryEmitter {

  private static final String MEMORY = FunctionCompiler.MEMORY;
  private static final String UNSAFE = "sun/misc/Unsafe";
  private static final String RMW = "io/wali4j/core/exec/Memory$Rmw";
  private static final String[] RMW_NAMES = {"ADD", "SUB", "AND", "OR", "XOR", "XCHG"};

  /**
   * The largest {@code offset + n} checked by the fast int compare; an access with a larger offset
   * (rare: offsets are struct fields) is checked on the slow path.
   */
  private static final long MAX_FAST_EXTENT = 1 << 30;

  private MemoryEmitter() {}

  /** Whether {@code op} reads or changes memory 0 (other than {@code data.drop}). */
  static boolean usesMemory(int op) {
    switch (op) {
      case Opcodes.MEMORY_SIZE:
      case Opcodes.MEMORY_GROW:
      case Opcodes.MEMORY_INIT:
      case Opcodes.MEMORY_COPY:
      case Opcodes.MEMORY_FILL:
        return true;
      default:
        return Opcodes.accessSize(op) != 0;
    }
  }

  static boolean emit(Frame f, int op, int[] code, int pc, MemoryKind kind) {
    MethodVisitor mv = f.mv;
    switch (op) {
      case Opcodes.MEMORY_SIZE:
        mem(f);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "pages", "()J", false);
        mv.visitInsn(L2I);
        f.push('I');
        return true;
      case Opcodes.MEMORY_GROW:
        mem(f);
        u32(f, 0);
        f.drop(1);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "grow", "(J)J", false);
        mv.visitInsn(L2I);
        f.push('I');
        return true;
      case Opcodes.MEMORY_INIT:
        mem(f);
        u32(f, 2);
        inst(f);
        Values.pushInt(mv, code[pc + 1]);
        mv.visitMethodInsn(INVOKEVIRTUAL, FunctionCompiler.INSTANCE, "data", "(I)[B", false);
        u32(f, 1);
        u32(f, 0);
        f.drop(3);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "init", "(J[BJJ)V", false);
        return true;
      case Opcodes.DATA_DROP:
        inst(f);
        Values.pushInt(mv, code[pc + 1]);
        mv.visitMethodInsn(INVOKEVIRTUAL, FunctionCompiler.INSTANCE, "dropData", "(I)V", false);
        return true;
      case Opcodes.MEMORY_COPY:
        mem(f);
        u32(f, 2);
        u32(f, 1);
        u32(f, 0);
        f.drop(3);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "copy", "(JJJ)V", false);
        return true;
      case Opcodes.MEMORY_FILL:
        mem(f);
        u32(f, 2);
        f.peek(1);
        mv.visitInsn(I2B);
        u32(f, 0);
        f.drop(3);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, "fill", "(JBJ)V", false);
        return true;
      case Opcodes.ATOMIC_FENCE:
        mv.visitMethodInsn(INVOKESTATIC, MEMORY, "fence", "()V", false);
        return true;
      default:
        break;
    }
    if (Opcodes.accessSize(op) == 0) {
      return false;
    }
    if (op >= Opcodes.MEMORY_ATOMIC_NOTIFY) {
      atomic(f, op, code[pc + 1]);
    } else if (Opcodes.signature(op).endsWith(":")) {
      store(f, op, code[pc + 1], kind);
    } else {
      load(f, op, code[pc + 1], kind);
    }
    return true;
  }

  private static void mem(Frame f) {
    f.mv.visitVarInsn(ALOAD, f.memSlot);
  }

  private static void inst(Frame f) {
    f.mv.visitVarInsn(ALOAD, f.instSlot);
  }

  /** Loads the i32 operand {@code k} below the top as an unsigned long. */
  private static void u32(Frame f, int k) {
    f.peek(k);
    f.mv.visitInsn(I2L);
    f.mv.visitLdcInsn(0xFFFFFFFFL);
    f.mv.visitInsn(LAND);
  }

  /** Loads the effective address of the access whose address operand is {@code k} below the top. */
  private static void ea(Frame f, int k, int offset) {
    f.peek(k);
    f.mv.visitInsn(I2L);
    Values.pushInt(f.mv, offset);
    f.mv.visitMethodInsn(INVOKESTATIC, MEMORY, "ea", "(JI)J", false);
  }

  private static void call(MethodVisitor mv, String name, String desc) {
    mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, name, desc, false);
  }

  private static void load(Frame f, int op, int offset, MemoryKind kind) {
    MethodVisitor mv = f.mv;
    address(f, 0, offset, Opcodes.accessSize(op), kind);
    f.drop(1);
    switch (op) {
      case Opcodes.I32_LOAD -> get(mv, "getInt", "I");
      case Opcodes.I64_LOAD -> get(mv, "getLong", "J");
      case Opcodes.F32_LOAD -> {
        get(mv, "getInt", "I");
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
      }
      case Opcodes.F64_LOAD -> {
        get(mv, "getLong", "J");
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
      }
      case Opcodes.I32_LOAD8_S, Opcodes.I64_LOAD8_S -> get(mv, "getByte", "B");
      case Opcodes.I32_LOAD8_U, Opcodes.I64_LOAD8_U -> {
        get(mv, "getByte", "B");
        Values.pushInt(mv, 0xFF);
        mv.visitInsn(IAND);
      }
      case Opcodes.I32_LOAD16_S, Opcodes.I64_LOAD16_S -> get(mv, "getShort", "S");
      case Opcodes.I32_LOAD16_U, Opcodes.I64_LOAD16_U -> {
        get(mv, "getShort", "S");
        mv.visitLdcInsn(0xFFFF);
        mv.visitInsn(IAND);
      }
      case Opcodes.I64_LOAD32_S -> get(mv, "getInt", "I");
      case Opcodes.I64_LOAD32_U -> {
        get(mv, "getInt", "I");
        mv.visitInsn(I2L);
        mv.visitLdcInsn(0xFFFFFFFFL);
        mv.visitInsn(LAND);
        f.push('J');
        return;
      }
      default -> throw new IllegalStateException(Opcodes.name(op));
    }
    char result = NumericEmitter.jvmType(Opcodes.signature(op).charAt(2));
    if (result == 'J' && op != Opcodes.I64_LOAD) {
      mv.visitInsn(I2L);
    }
    f.push(result);
  }

  /**
   * Leaves {@code Unsafe, base, address + ea} on the JVM stack for an access of {@code n} bytes
   * whose address operand is {@code k} below the top, after the bounds check against the cached
   * size, with a slow path that re-reads it ({@code JitRuntime.boundsSlow}: another thread may have
   * grown a shared memory).
   *
   * <p>The effective address and the check are emitted as plain bytecode, not as calls to {@code
   * Memory.ea} and {@code Memory.outside}: HotSpot inlines nothing but accessors and intrinsics
   * into a method of 8000 bytes or more of bytecode, and a call per access costs more than the
   * access. The rule is the same: {@code ea} is the u32 address plus the u32 offset (below 2^33,
   * never negative, never wrapping), and the access is outside when {@code ea + n > size}, which
   * for a non-negative {@code ea} is {@code Memory.outside(ea, n, size)}. The fast test compares
   * against {@code size'}, the size capped at {@code Integer.MAX_VALUE}: in a loop HotSpot may
   * count ({@link Frame#rangeCheckable}) as two int compares, {@code address >= 0 && address <=
   * size' - (offset + n)} (no overflow: {@code offset + n} is at most 2^30 there), elsewhere as one
   * long compare, {@code u32(address) <= size' - (offset + n)}. When it holds the access is inside;
   * when it does not the slow path applies the rule itself (the address may be at or past 2 GiB in
   * a larger memory, or the memory may have grown).
   */
  private static void address(Frame f, int k, int offset, int n, MemoryKind kind) {
    MethodVisitor mv = f.mv;
    int h = f.height - 1 - k;
    if (f.isConstant(h)) {
      long ea = (f.constant(h) & 0xFFFFFFFFL) + (offset & 0xFFFFFFFFL);
      if (ea + n <= f.minMemoryBytes) {
        // Inside the memory's minimum size, which it always has: no check.
        mv.visitFieldInsn(GETSTATIC, FunctionCompiler.RUNTIME, "U", "L" + UNSAFE + ";");
        if (kind == MemoryKind.NATIVE) {
          mv.visitInsn(ACONST_NULL);
        } else {
          mv.visitVarInsn(ALOAD, f.baseSlot);
        }
        mv.visitVarInsn(LLOAD, f.addressSlot);
        mv.visitLdcInsn(ea);
        mv.visitInsn(LADD);
        return;
      }
    }
    long off = offset & 0xFFFFFFFFL;
    int local = f.originLocal(h);
    int version = f.originVersion(h);
    if (local >= 0 && f.extents.proven(local, version) >= off + n) {
      // An earlier access from this value of the local checked at least this extent.
      access(f, k, off, kind);
      return;
    }
    Label inside = new Label();
    if (local >= 0) {
      // A pointer of a loop with a trip counter, inside for the whole chunk (TripCounters.room).
      TripCounters.skipCheck(f, f.tripLoop, local, off + n, inside);
    }
    if (f.sharedRarePaths && off + n <= MAX_FAST_EXTENT) {
      // The same compares in JitRuntime.inside, whose branch profile every compiled method shares
      // (FunctionCompiler.SHARED_RARE_PATHS); two int compares everywhere, which with the size
      // capped at 2^31 - 1 is the long compare's rule too.
      f.peek(k);
      mv.visitVarInsn(ILOAD, f.sizeSlot);
      Values.pushInt(mv, (int) (off + n));
      mem(f);
      Values.pushInt(mv, (int) off);
      mv.visitMethodInsn(
          INVOKESTATIC, FunctionCompiler.RUNTIME, "inside", "(IIIL" + MEMORY + ";I)I", false);
      mv.visitVarInsn(ISTORE, f.sizeSlot);
    } else {
      checkInline(f, k, off, n, inside);
    }
    mv.visitLabel(inside);
    if (local >= 0) {
      f.extents.prove(local, version, off + n);
    }
    access(f, k, off, kind);
  }

  /**
   * The bounds check of {@link #address} held in the method itself: jumps to {@code inside} when
   * the access is inside the cached size, else calls the slow path, which caches the size now.
   */
  private static void checkInline(Frame f, int k, long off, int n, Label inside) {
    MethodVisitor mv = f.mv;
    Label slow = new Label();
    if (f.rangeCheckable && off + n <= MAX_FAST_EXTENT) {
      // Two int compares on the address operand: not negative (below 2 GiB) and at most size -
      // (offset + n). In a counted loop HotSpot moves both out of the loop when the address is a
      // linear function of the loop counter, and out of any loop when it is loop-invariant.
      f.peek(k);
      mv.visitJumpInsn(IFLT, slow);
      f.peek(k);
      mv.visitVarInsn(ILOAD, f.sizeSlot);
      Values.pushInt(mv, (int) (off + n));
      mv.visitInsn(ISUB);
      mv.visitJumpInsn(IF_ICMPLE, inside);
    } else {
      // Elsewhere one long compare, u32(address) <= size - (offset + n), is cheaper.
      u32(f, k);
      mv.visitVarInsn(ILOAD, f.sizeSlot);
      mv.visitInsn(I2L);
      mv.visitLdcInsn(off + n);
      mv.visitInsn(LSUB);
      mv.visitInsn(LCMP);
      mv.visitJumpInsn(IFLE, inside);
    }
    // The slow path checks the access against the memory's size now (see JitRuntime.boundsSlow).
    mv.visitLabel(slow);
    mem(f);
    u32(f, k);
    addOffset(mv, off);
    Values.pushInt(mv, n);
    mv.visitMethodInsn(
        INVOKESTATIC, FunctionCompiler.RUNTIME, "boundsSlow", "(L" + MEMORY + ";JI)I", false);
    mv.visitVarInsn(ISTORE, f.sizeSlot);
  }

  /**
   * Leaves {@code Unsafe, base, address + u32(operand k below the top) + off} on the JVM stack, for
   * an access known to be inside.
   */
  private static void access(Frame f, int k, long off, MemoryKind kind) {
    MethodVisitor mv = f.mv;
    mv.visitFieldInsn(GETSTATIC, FunctionCompiler.RUNTIME, "U", "L" + UNSAFE + ";");
    if (kind == MemoryKind.NATIVE) {
      mv.visitInsn(ACONST_NULL);
    } else {
      mv.visitVarInsn(ALOAD, f.baseSlot);
    }
    mv.visitVarInsn(LLOAD, f.addressSlot);
    offset(f, k);
    mv.visitInsn(LADD);
    addOffset(mv, off);
  }

  /**
   * Pushes {@code u32(t)} as a long, {@code t} the i32 operand {@code k} below the top. In a loop
   * HotSpot may count ({@link Frame#rangeCheckable}) it is computed as {@code (long) t} when {@code
   * t >= 0}, the same value, and as {@code (long) L + C} when {@code t} is known to be local {@code
   * L} plus {@code C} ({@link LocalSums}: then {@code t >= 0} proves that the i32 add did not
   * wrap): HotSpot folds {@code C} into the addressing mode and shares {@code (long) L} between
   * accesses, where {@code u32} costs an instruction and a register per access (matmul's inner
   * loop, unrolled, ran out of registers). The test of {@code t} costs nothing there: the bounds
   * check before it already tested {@code t < 0}, and HotSpot drops a test its dominating twin
   * decided. A negative {@code t} (an address at or past 2 GiB of a larger memory, let through by
   * the slow path) takes the {@code u32} path.
   */
  private static void offset(Frame f, int k) {
    if (!f.rangeCheckable) {
      u32(f, k);
      return;
    }
    MethodVisitor mv = f.mv;
    int h = f.height - 1 - k;
    Label high = new Label();
    Label join = new Label();
    f.peek(k);
    mv.visitJumpInsn(IFLT, high);
    if (f.sums.known(h, f)) {
      int b = f.sums.base(h);
      int m = f.sums.second(h);
      if (m >= 0) {
        // L + M (+ C): the i32 add of L and M did not wrap when both are not negative and, if C
        // was added after it, so is their i32 sum (LocalSums).
        f.loadLocal(b);
        mv.visitJumpInsn(IFLT, high);
        f.loadLocal(m);
        mv.visitJumpInsn(IFLT, high);
        if (f.sums.addend(h) != 0) {
          f.loadLocal(b);
          f.loadLocal(m);
          mv.visitInsn(IADD);
          mv.visitJumpInsn(IFLT, high);
        }
      }
      InductionPointers.Loop l = f.pointerLoop;
      int p = l == null || l.okSlot < 0 ? -1 : l.pointer(b);
      if (p >= 0) {
        // (long) L from its 64-bit copy, when the loop's entry proved the two equal.
        InductionPointers.load(f, l, p);
      } else {
        f.loadLocal(b);
        mv.visitInsn(I2L);
      }
      if (m >= 0) {
        f.loadLocal(m);
        mv.visitInsn(I2L);
        mv.visitInsn(LADD);
      }
      addOffset(mv, f.sums.addend(h));
    } else {
      f.peek(k);
      mv.visitInsn(I2L);
    }
    mv.visitJumpInsn(GOTO, join);
    mv.visitLabel(high);
    u32(f, k);
    mv.visitLabel(join);
  }

  private static void addOffset(MethodVisitor mv, long off) {
    if (off != 0) {
      mv.visitLdcInsn(off);
      mv.visitInsn(LADD);
    }
  }

  private static void get(MethodVisitor mv, String name, String type) {
    mv.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, name, "(Ljava/lang/Object;J)" + type, false);
  }

  private static void put(MethodVisitor mv, String name, String type) {
    mv.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, name, "(Ljava/lang/Object;J" + type + ")V", false);
  }

  private static void store(Frame f, int op, int offset, MemoryKind kind) {
    MethodVisitor mv = f.mv;
    address(f, 1, offset, Opcodes.accessSize(op), kind);
    f.peek(0);
    f.drop(2);
    switch (op) {
      case Opcodes.I32_STORE -> put(mv, "putInt", "I");
      case Opcodes.I64_STORE -> put(mv, "putLong", "J");
      case Opcodes.F32_STORE -> {
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
        put(mv, "putInt", "I");
      }
      case Opcodes.F64_STORE -> {
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
        put(mv, "putLong", "J");
      }
      case Opcodes.I32_STORE8 -> {
        mv.visitInsn(I2B);
        put(mv, "putByte", "B");
      }
      case Opcodes.I32_STORE16 -> {
        mv.visitInsn(I2S);
        put(mv, "putShort", "S");
      }
      case Opcodes.I64_STORE8 -> {
        mv.visitInsn(L2I);
        mv.visitInsn(I2B);
        put(mv, "putByte", "B");
      }
      case Opcodes.I64_STORE16 -> {
        mv.visitInsn(L2I);
        mv.visitInsn(I2S);
        put(mv, "putShort", "S");
      }
      case Opcodes.I64_STORE32 -> {
        mv.visitInsn(L2I);
        put(mv, "putInt", "I");
      }
      default -> throw new IllegalStateException(Opcodes.name(op));
    }
  }

  /** Loads operand {@code k} below the top widened to a long (i32 sign-extended, as in slots). */
  private static void wide(Frame f, int k) {
    f.peek(k);
    if (f.typeAt(f.height - 1 - k) == 'I') {
      f.mv.visitInsn(I2L);
    }
  }

  private static void atomic(Frame f, int op, int offset) {
    MethodVisitor mv = f.mv;
    int n = Opcodes.accessSize(op);
    String sig = Opcodes.signature(op);
    boolean i32 = sig.endsWith(":i");
    mem(f);
    if (op == Opcodes.MEMORY_ATOMIC_NOTIFY) {
      ea(f, 1, offset);
      wide(f, 0);
      f.drop(2);
      call(mv, "atomicNotify", "(JJ)I");
      f.push('I');
      return;
    }
    if (op == Opcodes.MEMORY_ATOMIC_WAIT32 || op == Opcodes.MEMORY_ATOMIC_WAIT64) {
      ea(f, 2, offset);
      Values.pushInt(mv, n);
      wide(f, 1);
      wide(f, 0);
      f.drop(3);
      call(mv, "atomicWait", "(JIJJ)I");
      f.push('I');
      return;
    }
    if (op <= Opcodes.I64_ATOMIC_LOAD32_U) {
      ea(f, 0, offset);
      Values.pushInt(mv, n);
      f.drop(1);
      call(mv, "atomicLoad", "(JI)J");
    } else if (op <= Opcodes.I64_ATOMIC_STORE32) {
      ea(f, 1, offset);
      Values.pushInt(mv, n);
      wide(f, 0);
      f.drop(2);
      call(mv, "atomicStore", "(JIJ)V");
      return;
    } else if (op <= Opcodes.I64_ATOMIC_RMW32_XCHG_U) {
      String rmw = RMW_NAMES[(op - Opcodes.I32_ATOMIC_RMW_ADD) / 7];
      mv.visitFieldInsn(GETSTATIC, RMW, rmw, "L" + RMW + ";");
      ea(f, 1, offset);
      Values.pushInt(mv, n);
      wide(f, 0);
      f.drop(2);
      call(mv, "atomicRmw", "(L" + RMW + ";JIJ)J");
    } else {
      ea(f, 2, offset);
      Values.pushInt(mv, n);
      wide(f, 1);
      wide(f, 0);
      f.drop(3);
      call(mv, "atomicCmpxchg", "(JIJJ)J");
    }
    if (i32) {
      mv.visitInsn(L2I);
      f.push('I');
    } else {
      f.push('J');
    }
  }
}
