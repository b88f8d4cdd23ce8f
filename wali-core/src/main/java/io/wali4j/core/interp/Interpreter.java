package io.wali4j.core.interp;

import static io.wali4j.core.exec.UnsafeAccess.U;

import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Ops;
import io.wali4j.core.exec.SafePoint;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Opcodes;
import io.wali4j.core.wasm.WasmException;

/**
 * The interpreter tier: one dispatch loop over the pre-decoded code of {@link FunctionCode}, with
 * every frame as plain data in a {@link ThreadState}.
 *
 * <p>Why this class is big: {@link #run} is the deliberate giant of the code base. One {@code
 * switch} over int opcode ids with the frequent instructions written inline, and
 * pc/sp/fp/code/stack held in Java locals, is what lets HotSpot compile the loop into a jump table
 * with the registers in machine registers; splitting the common cases into methods would spill
 * those locals at every instruction. Calls and returns are inline too, so Wasm recursion never
 * recurses in Java. The rare instructions (bulk memory, tables, atomics, saturating conversions)
 * live in {@link RareOps}, which keeps {@code run} under HotSpot's 8000-byte limit for compiling
 * huge methods. The semantics of every operation with a trap or special rule live in {@link Ops}
 * and {@link Memory}, shared with the compiler tier. Frequent instruction pairs run as one dispatch
 * ({@link Fusion}), which also renumbers the internal branch ids (from {@code 0x400}) into free
 * one-byte ids, so the one switch is a dense table over {@code 0x00-0xFF} (currently 7845 bytes of
 * bytecode: keep it under 8000, RunMethodSizeTest; rare numeric instructions live in {@link
 * NumericOps} to make room).
 *
 * <p>Why the frequent cases call nothing: C2 stops inlining into a method once the method's own
 * bytecode plus what it has inlined reaches 8000 bytes ({@code DesiredMethodLimit}), and {@code
 * run} alone is nearly that. So every call left in a hot case stays a real call, accessors and
 * 5-byte helpers included, and a call makes C2 spill the loop's registers around it. The hot cases
 * therefore use only intrinsics ({@code Double.longBitsToDouble}, Unsafe's accessors, {@code
 * VarHandle.getOpaque}), which are exempt from that budget: the frequent loads and stores check the
 * bounds with {@link Memory}'s rule written out ({@code ea > size - n}, where {@code ea} is the u32
 * address plus the u32 offset, never negative) and read {@link Memory#base}, {@link Memory#address}
 * and {@link Memory#size} directly; rotations are written as shifts.
 *
 * <p>Why the fused f64 accesses test the base: HotSpot records the {@code Object} argument of every
 * {@code Unsafe} get/put call site, and C2 compiles a site whose record is still empty as "the base
 * is never null" (an on-heap access, with a deoptimization when a null arrives). A native memory's
 * base is null, so a site first run after {@code run} was compiled throws the whole compiled loop
 * away and HotSpot compiles {@code run} again (up to a second of C2's CPU each time, on-stack and
 * normal entry alike, with the loop run slowly meanwhile): sqlite3's f64 statements, first run when
 * its workload reaches REAL columns, did that twice a run. The plain loads and stores run within
 * the first instructions of any program, so their records say null before {@code run} is compiled;
 * the fused f64 accesses (and the i64 path of the fused local-plus-constant loads) test {@code base
 * == null} and use the address-only accessor there, which C2 compiles as a raw access with nothing
 * to speculate on, and the base form only for a heap memory, where the base is known not to be
 * null.
 *
 * <p>The same holds for a branch on Wasm values: C2 compiles a way its profile has not seen as a
 * trap, and the first run of it throws the compiled loop away (once per case and JVM, since C2 then
 * stops pruning there). The compare-and-jump cases branch all the same, since a branch predicted
 * right is cheaper than a computed target; {@code I64_NE_JUMP_IF} and {@code I64C_I64_NE_JUMP_IF},
 * which lua takes one way only for its first 15-40 s (two recompiles of {@code run} each), compute
 * their target without one, and the local-plus-i64-constant case shared by set and tee pushes
 * without testing which it runs. benchmarks/RESULTS.md (the interpreter's own recompilations) lists
 * the other causes.
 *
 * <p>Why every case runs before the program does: C2 compiles a case of the dispatch switch whose
 * profile count is 0 as a trap too (switch profiling), so each compile of {@code run} made before a
 * program reached its later opcodes (f64 arithmetic, fused forms) was thrown away when it did: four
 * or five compiles of {@code run} in a first run of lua or sqlite3, where two (one per entry kind,
 * on-stack and normal) serve. {@link DispatchWarmup} runs every dispatch id, and both ways of the
 * branches inside the cases, on a scratch instance at start-up, so the profile counts them all
 * before C2 reads it. A new case needs a snippet there (DispatchWarmupTest reads the switch's ids
 * from this class file).
 */
public final class Interpreter {

  private Interpreter() {}

  /**
   * Starts the dispatch warm-up ({@link DispatchWarmup}) on a daemon thread unless it ran: a
   * launcher calls this first, while HotSpot's compile queues are still short. Without it the
   * interpreter's first run does the same on its own thread, when the profile it feeds may not
   * exist yet.
   */
  public static void warmUp() {
    DispatchWarmup.start();
  }

  /**
   * The dispatch warm-up's state in words (off, not started, running or done, and who started it).
   */
  public static String warmUpState() {
    return DispatchWarmup.state();
  }

  // The loops of calls, returns and branches with values live in these two methods (inlined by
  // C2), so that the dispatch loop is run's only loop: HotSpot then compiles run on-stack only at
  // the loop's head, never at the back-edge of a small inner loop.

  /** Zeroes the slots {@code from} to {@code to} (exclusive): the declared locals of a frame. */
  private static void zero(long[] s, int from, int to) {
    for (int i = from; i < to; i++) {
      s[i] = 0;
    }
  }

  /**
   * Moves {@code n} values from {@code src} down to {@code dst}: a branch's or return's results.
   */
  private static void move(long[] s, int src, int dst, int n) {
    for (int k = 0; k < n; k++) {
      s[dst + k] = s[src + k];
    }
  }

  /**
   * Stops at a safe point with a request pending: saves the registers into {@code t} and runs the
   * thread's {@link SafePoint} action, which may call Wasm (a signal handler) above the frame at
   * {@code sp}, or throw to unwind the thread. The caller reloads the stack, which the handler may
   * have grown.
   */
  private static void safePoint(ThreadState t, WasmFunction cur, int pc, int sp, int fp) {
    t.pc = pc;
    t.sp = sp;
    t.fp = fp;
    t.cur = cur;
    t.safePoint.reach(cur.instance());
  }

  // Calls and returns push and pop frames in these two methods: one call each from run, where the
  // dozen accessor calls they make would each stay a real call (see the class comment). They leave
  // the new innermost frame's registers in t (sp, fp, and pc after a return) with its code and
  // memory, for run to load.

  /**
   * Pushes a frame for {@code f} called from {@code cur} at {@code pc} with its arguments on top of
   * the stack at {@code sp}, when {@code f} is interpreted Wasm; false, with nothing changed, for a
   * host function or compiled code.
   */
  private static boolean enter(
      ThreadState t, Function f, WasmFunction cur, int pc, int sp, int fp) {
    if (!(f instanceof WasmFunction) || ((WasmFunction) f).compiled() != null) {
      return false;
    }
    WasmFunction callee = (WasmFunction) f;
    if (callee.countCall()) {
      Jit.hot(callee);
    }
    int depth = t.depth;
    int nfp = sp - callee.numParams();
    int top = nfp + callee.frameSize();
    if (top > t.stack.length || depth >= t.callers.length) {
      t.grow(top, depth);
    }
    int[] frames = t.frames;
    frames[2 * depth] = pc;
    frames[2 * depth + 1] = fp;
    t.callers[depth] = cur;
    t.depth = depth + 1;
    int nsp = nfp + callee.numLocals();
    zero(t.stack, nfp + callee.numParams(), nsp);
    t.fp = nfp;
    t.sp = nsp;
    t.code = callee.ops();
    t.mem = callee.instance().memory();
    return true;
  }

  /**
   * Returns from {@code cur}'s frame at {@code fp}, whose results are on top of the stack at {@code
   * sp}: moves them to {@code fp}. Returns the caller, or null when the frame is the run's entry
   * frame (its registers, {@code cur} with them, then stay in t for the Java caller).
   */
  private static WasmFunction leave(ThreadState t, WasmFunction cur, long[] s, int sp, int fp) {
    int nr = cur.numResults();
    move(s, sp - nr, fp, nr);
    t.sp = fp + nr;
    int depth = t.depth;
    if (depth == t.entryDepth) {
      t.fp = fp;
      t.cur = cur;
      return null;
    }
    depth--;
    t.depth = depth;
    int[] frames = t.frames;
    t.pc = frames[2 * depth];
    t.fp = frames[2 * depth + 1];
    WasmFunction caller = t.callers[depth];
    t.code = caller.ops();
    t.mem = caller.instance().memory();
    return caller;
  }

  /**
   * Calls {@code f}, a host function or compiled code (called the same way), with its arguments on
   * top of the stack at {@code sp}; returns the stack pointer above its results. The registers are
   * saved in {@code t} first, so the host can capture the frames (fork) or call Wasm on this
   * thread; the caller reloads the stack from {@code t}, which such a callback may have grown. Out
   * of {@link #run}, whose bytes are spent on the instructions executed most.
   */
  private static int callHost(
      ThreadState t,
      Function f,
      Instance inst,
      long[] s,
      WasmFunction cur,
      int pc,
      int sp,
      int fp) {
    HostFunction h = f instanceof HostFunction ? (HostFunction) f : ((WasmFunction) f).compiled();
    int base = sp - h.numParams();
    int nr = h.numResults();
    t.pc = pc;
    t.sp = sp;
    t.fp = fp;
    t.cur = cur;
    t.hostBase = base;
    t.hostResults = nr;
    t.inHostCall = true;
    h.code().call(inst, s, base);
    t.inHostCall = false;
    if (t.stack != s) {
      // A callback into Wasm grew the stack while the host held the old array.
      System.arraycopy(s, base, t.stack, base, nr);
    }
    return base + nr;
  }

  /**
   * Runs {@code t} from its registers until the frame at its entry depth returns; the results are
   * then at {@code t.fp}. Traps propagate as {@link WasmException} naming the function and byte
   * offset.
   */
  static void run(ThreadState t) {
    // Only these stay in locals across the loop, so the compiled loop can keep them in machine
    // registers; the call depth, the frame arrays and the instance live in t and cur, and only
    // calls, returns and instance-level instructions reach for them. The three used most are
    // declared first: javac gives them slots 1-3, whose loads and stores are one byte, not two.
    long[] s = t.stack;
    int sp = t.sp;
    int pc = t.pc;
    WasmFunction cur = t.cur;
    Memory mem = cur.instance().memory();
    int[] code = cur.ops();
    int fp = t.fp;
    // Branches until the next sample: a local, as a field of t would cost a load and a store per
    // branch; kept in t between runs, so that a function run again and again by short runs (called
    // from compiled code) is sampled too. A run left by an exception drops its count.
    int untilSample = t.untilSample;
    try {
      while (true) {
        int op = code[pc++];
        switch (op) {
          case Opcodes.CALL:
          case Opcodes.CALL_INDIRECT:
            {
              Instance inst = cur.instance();
              Function f;
              if (op == Opcodes.CALL) {
                f = inst.function(code[pc++]);
              } else {
                f = inst.indirect(code[pc], code[pc + 1], (int) s[--sp]);
                pc += 2;
              }
              if (enter(t, f, cur, pc, sp, fp)) {
                cur = (WasmFunction) f;
                s = t.stack;
                code = t.code;
                mem = t.mem;
                pc = 0;
                sp = t.sp;
                fp = t.fp;
                break;
              }
              sp = callHost(t, f, inst, s, cur, pc, sp, fp);
              s = t.stack;
              continue;
            }
          case Opcodes.RETURN:
            {
              WasmFunction caller = leave(t, cur, s, sp, fp);
              if (caller == null) {
                t.untilSample = untilSample;
                return;
              }
              cur = caller;
              code = t.code;
              mem = t.mem;
              pc = t.pc;
              sp = t.sp;
              fp = t.fp;
              continue;
            }
          case Opcodes.BR_TABLE:
            {
              int n = code[pc];
              int i = (int) s[--sp];
              if (i + Integer.MIN_VALUE > n + Integer.MIN_VALUE) {
                i = n;
              }
              int at = pc + 1 + 3 * i;
              int arity = code[at + 1];
              int dst = fp + code[at + 2];
              move(s, sp - arity, dst, arity);
              sp = dst + arity;
              pc = code[at];
              break;
            }
          case Opcodes.I32_EQZ:
            {
              int a = (int) s[sp - 1];
              s[sp - 1] = a == 0 ? 1 : 0;
              continue;
            }
          case Opcodes.I32_EQ:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a == b ? 1 : 0;
              continue;
            }
          case Opcodes.I32_NE:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a != b ? 1 : 0;
              continue;
            }
          case Opcodes.I64_NE:
            {
              long b = s[--sp];
              long a = s[sp - 1];
              s[sp - 1] = a != b ? 1 : 0;
              continue;
            }
          case Opcodes.I32_LT_S:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a < b ? 1 : 0;
              continue;
            }
          case Opcodes.I32_GT_S:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a > b ? 1 : 0;
              continue;
            }
          case Opcodes.I32_LE_S:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a <= b ? 1 : 0;
              continue;
            }
          case Opcodes.I32_GE_S:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a >= b ? 1 : 0;
              continue;
            }
          case Opcodes.I32_LT_U:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a + Integer.MIN_VALUE < b + Integer.MIN_VALUE ? 1 : 0;
              continue;
            }
          case Opcodes.I32_GT_U:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a + Integer.MIN_VALUE > b + Integer.MIN_VALUE ? 1 : 0;
              continue;
            }
          case Opcodes.I32_LE_U:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a + Integer.MIN_VALUE <= b + Integer.MIN_VALUE ? 1 : 0;
              continue;
            }
          case Opcodes.I64_EQZ:
            {
              long a = s[sp - 1];
              s[sp - 1] = a == 0 ? 1 : 0;
              continue;
            }
          case Opcodes.I32_ADD:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a + b;
              continue;
            }
          case Opcodes.I64_ADD:
            {
              long b = s[--sp];
              long a = s[sp - 1];
              s[sp - 1] = a + b;
              continue;
            }
          case Opcodes.I32_SUB:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a - b;
              continue;
            }
          case Opcodes.I64_SUB:
            {
              long b = s[--sp];
              long a = s[sp - 1];
              s[sp - 1] = a - b;
              continue;
            }
          case Opcodes.I32_MUL:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a * b;
              continue;
            }
          case Opcodes.I64_MUL:
            {
              long b = s[--sp];
              long a = s[sp - 1];
              s[sp - 1] = a * b;
              continue;
            }
          case Opcodes.I32_AND:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a & b;
              continue;
            }
          case Opcodes.I64_AND:
            {
              long b = s[--sp];
              long a = s[sp - 1];
              s[sp - 1] = a & b;
              continue;
            }
          case Opcodes.I32_OR:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a | b;
              continue;
            }
          case Opcodes.I64_OR:
            {
              long b = s[--sp];
              long a = s[sp - 1];
              s[sp - 1] = a | b;
              continue;
            }
          case Opcodes.I32_XOR:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a ^ b;
              continue;
            }
          case Opcodes.I64_XOR:
            {
              long b = s[--sp];
              long a = s[sp - 1];
              s[sp - 1] = a ^ b;
              continue;
            }
          case Opcodes.I32_SHL:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a << b;
              continue;
            }
          case Opcodes.I64_SHL:
            {
              long b = s[--sp];
              long a = s[sp - 1];
              s[sp - 1] = a << b;
              continue;
            }
          case Opcodes.I32_SHR_S:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a >> b;
              continue;
            }
          case Opcodes.I32_SHR_U:
            {
              int b = (int) s[--sp];
              int a = (int) s[sp - 1];
              s[sp - 1] = a >>> b;
              continue;
            }
          case Opcodes.I64_SHR_U:
            {
              long b = s[--sp];
              long a = s[sp - 1];
              s[sp - 1] = a >>> b;
              continue;
            }
          case Opcodes.F64_SQRT:
            {
              double a = Double.longBitsToDouble(s[sp - 1]);
              s[sp - 1] = Double.doubleToRawLongBits(Math.sqrt(a));
              continue;
            }
          case Opcodes.F64_ADD:
            {
              double b = Double.longBitsToDouble(s[--sp]);
              double a = Double.longBitsToDouble(s[sp - 1]);
              s[sp - 1] = Double.doubleToRawLongBits(a + b);
              continue;
            }
          case Opcodes.F64_SUB:
            {
              double b = Double.longBitsToDouble(s[--sp]);
              double a = Double.longBitsToDouble(s[sp - 1]);
              s[sp - 1] = Double.doubleToRawLongBits(a - b);
              continue;
            }
          case Opcodes.F64_MUL:
            {
              double b = Double.longBitsToDouble(s[--sp]);
              double a = Double.longBitsToDouble(s[sp - 1]);
              s[sp - 1] = Double.doubleToRawLongBits(a * b);
              continue;
            }
          case Opcodes.F64_DIV:
            {
              double b = Double.longBitsToDouble(s[--sp]);
              double a = Double.longBitsToDouble(s[sp - 1]);
              s[sp - 1] = Double.doubleToRawLongBits(a / b);
              continue;
            }
          case Opcodes.I32_WRAP_I64:
            {
              s[sp - 1] = (int) s[sp - 1];
              continue;
            }
          case Opcodes.I64_EXTEND_I32_S:
            {
              s[sp - 1] = (int) s[sp - 1];
              continue;
            }
          case Opcodes.I64_EXTEND_I32_U:
            {
              s[sp - 1] &= 0xFFFFFFFFL;
              continue;
            }
          case Opcodes.I32_REINTERPRET_F32:
          case Opcodes.I64_REINTERPRET_F64:
          case Opcodes.F32_REINTERPRET_I32:
          case Opcodes.F64_REINTERPRET_I64:
            continue;
          case Opcodes.I32_LOAD:
          case Opcodes.F32_LOAD:
          case Opcodes.I64_LOAD32_S:
            {
              long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
              if (ea > mem.size - 4) {
                throw Memory.outOfBounds();
              }
              s[sp - 1] = U.getInt(mem.base, mem.address + ea);
              continue;
            }
          case Opcodes.I64_LOAD:
          case Opcodes.F64_LOAD:
            {
              long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
              if (ea > mem.size - 8) {
                throw Memory.outOfBounds();
              }
              s[sp - 1] = U.getLong(mem.base, mem.address + ea);
              continue;
            }
          case Opcodes.I32_LOAD8_U:
          case Opcodes.I64_LOAD8_U:
            {
              long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
              if (ea > mem.size - 1) {
                throw Memory.outOfBounds();
              }
              s[sp - 1] = U.getByte(mem.base, mem.address + ea) & 0xFF;
              continue;
            }
          case Opcodes.I32_STORE:
          case Opcodes.F32_STORE:
          case Opcodes.I64_STORE32:
            {
              long ea = (s[sp - 2] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
              if (ea > mem.size - 4) {
                throw Memory.outOfBounds();
              }
              U.putInt(mem.base, mem.address + ea, (int) s[sp - 1]);
              sp -= 2;
              continue;
            }
          case Opcodes.I64_STORE:
          case Opcodes.F64_STORE:
            {
              long ea = (s[sp - 2] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
              if (ea > mem.size - 8) {
                throw Memory.outOfBounds();
              }
              U.putLong(mem.base, mem.address + ea, s[sp - 1]);
              sp -= 2;
              continue;
            }
          case Opcodes.I32_STORE8:
          case Opcodes.I64_STORE8:
            {
              long ea = (s[sp - 2] & 0xFFFFFFFFL) + (code[pc++] & 0xFFFFFFFFL);
              if (ea > mem.size - 1) {
                throw Memory.outOfBounds();
              }
              U.putByte(mem.base, mem.address + ea, (byte) s[sp - 1]);
              sp -= 2;
              continue;
            }
          case Opcodes.I32_CONST:
          case Opcodes.F32_CONST:
            {
              s[sp++] = code[pc++];
              continue;
            }
          case Opcodes.I64_CONST:
          case Opcodes.F64_CONST:
            {
              s[sp++] = (code[pc] & 0xFFFFFFFFL) | ((long) code[pc + 1] << 32);
              pc += 2;
              continue;
            }
          case Opcodes.LOCAL_GET:
            {
              s[sp++] = s[fp + code[pc++]];
              continue;
            }
          case Opcodes.LOCAL_SET:
            {
              s[fp + code[pc++]] = s[--sp];
              continue;
            }
          case Opcodes.LOCAL_TEE:
            {
              s[fp + code[pc++]] = s[sp - 1];
              continue;
            }
          case Opcodes.GLOBAL_GET:
            {
              s[sp++] = cur.instance().global(code[pc++]).get();
              continue;
            }
          case Opcodes.GLOBAL_SET:
            {
              cur.instance().global(code[pc++]).set(s[--sp]);
              continue;
            }
          case Opcodes.DROP:
            {
              sp--;
              continue;
            }
          case Opcodes.SELECT:
            {
              sp -= 2;
              if ((int) s[sp + 1] == 0) {
                s[sp - 1] = s[sp];
              }
              continue;
            }
          case Opcodes.UNREACHABLE:
            throw Ops.trap(Failure.UNREACHABLE);
          // Superinstructions (see Fusion): pc is at the second instruction of the pair.
          case Fusion.LOCAL_GET_LOCAL_GET:
            {
              s[sp] = s[fp + code[pc]];
              s[sp + 1] = s[fp + code[pc + 2]];
              sp += 2;
              pc += 3;
              continue;
            }
          case Fusion.LOCAL_GET_I32_CONST:
            {
              s[sp] = s[fp + code[pc]];
              s[sp + 1] = code[pc + 2];
              sp += 2;
              pc += 3;
              continue;
            }
          case Fusion.LOCAL_GET_I64_CONST:
            {
              s[sp] = s[fp + code[pc]];
              s[sp + 1] = (code[pc + 2] & 0xFFFFFFFFL) | ((long) code[pc + 3] << 32);
              sp += 2;
              pc += 4;
              continue;
            }
          case Fusion.LOCAL_GET_LOCAL_SET:
            {
              s[fp + code[pc + 2]] = s[fp + code[pc]];
              pc += 3;
              continue;
            }
          case Fusion.LOCAL_GET_I32_LOAD:
            {
              long ea = (s[fp + code[pc]] & 0xFFFFFFFFL) + (code[pc + 2] & 0xFFFFFFFFL);
              pc += 3;
              if (ea > mem.size - 4) {
                throw Memory.outOfBounds();
              }
              s[sp++] = U.getInt(mem.base, mem.address + ea);
              continue;
            }
          case Fusion.LOCAL_GET_I32_LOAD8_U:
            {
              long ea = (s[fp + code[pc]] & 0xFFFFFFFFL) + (code[pc + 2] & 0xFFFFFFFFL);
              pc += 3;
              if (ea > mem.size - 1) {
                throw Memory.outOfBounds();
              }
              s[sp++] = U.getByte(mem.base, mem.address + ea) & 0xFF;
              continue;
            }
          case Fusion.I32_CONST_LOCAL_SET:
            {
              s[fp + code[pc + 2]] = code[pc];
              pc += 3;
              continue;
            }
          case Fusion.LOCAL_GET_I32_ADD:
            {
              s[sp - 1] = (int) s[sp - 1] + (int) s[fp + code[pc]];
              pc += 2;
              continue;
            }
          case Fusion.I32_CONST_I32_AND:
            {
              s[sp - 1] = (int) s[sp - 1] & code[pc];
              pc += 2;
              continue;
            }
          case Fusion.I32_CONST_I32_SHL:
            {
              s[sp - 1] = (int) s[sp - 1] << code[pc];
              pc += 2;
              continue;
            }
          case Fusion.I32_CONST_I32_SHR_U:
            {
              s[sp - 1] = (int) s[sp - 1] >>> code[pc];
              pc += 2;
              continue;
            }
          case Fusion.LOCAL_GET_I64_LOAD:
            {
              long ea = (s[fp + code[pc]] & 0xFFFFFFFFL) + (code[pc + 2] & 0xFFFFFFFFL);
              pc += 3;
              if (ea > mem.size - 8) {
                throw Memory.outOfBounds();
              }
              s[sp++] = U.getLong(mem.base, mem.address + ea);
              continue;
            }
          case Fusion.LOCAL_GET_F64_MUL:
            {
              s[sp - 1] =
                  Double.doubleToRawLongBits(
                      Double.longBitsToDouble(s[sp - 1])
                          * Double.longBitsToDouble(s[fp + code[pc]]));
              pc += 2;
              continue;
            }
          case Fusion.LOCAL_GET_F64_ADD:
            {
              s[sp - 1] =
                  Double.doubleToRawLongBits(
                      Double.longBitsToDouble(s[sp - 1])
                          + Double.longBitsToDouble(s[fp + code[pc]]));
              pc += 2;
              continue;
            }
          case Fusion.I32_CONST_I32_ADD:
            {
              s[sp - 1] = (int) s[sp - 1] + code[pc];
              pc += 2;
              continue;
            }
          case Fusion.I32_ADD_LOCAL_SET:
            {
              s[fp + code[pc + 1]] = (int) s[sp - 2] + (int) s[sp - 1];
              sp -= 2;
              pc += 2;
              continue;
            }
          case Fusion.I64_ADD_LOCAL_SET:
            {
              s[fp + code[pc + 1]] = s[sp - 2] + s[sp - 1];
              sp -= 2;
              pc += 2;
              continue;
            }
          case Fusion.I32_LT_S_JUMP_IF:
            {
              int b = (int) s[--sp];
              int a = (int) s[--sp];
              pc = a < b ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I32_GT_S_JUMP_IF:
            {
              int b = (int) s[--sp];
              int a = (int) s[--sp];
              pc = a > b ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I32_LE_S_JUMP_IF:
            {
              int b = (int) s[--sp];
              int a = (int) s[--sp];
              pc = a <= b ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I32_GE_S_JUMP_IF:
            {
              int b = (int) s[--sp];
              int a = (int) s[--sp];
              pc = a >= b ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I32_GT_U_JUMP_IF:
            {
              int b = (int) s[--sp];
              int a = (int) s[--sp];
              pc = a + Integer.MIN_VALUE > b + Integer.MIN_VALUE ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I32_GE_U_JUMP_IF:
            {
              int b = (int) s[--sp];
              int a = (int) s[--sp];
              pc = a + Integer.MIN_VALUE >= b + Integer.MIN_VALUE ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.LOCAL_TEE_LOCAL_GET:
            {
              s[fp + code[pc]] = s[sp - 1];
              s[sp++] = s[fp + code[pc + 2]];
              pc += 3;
              continue;
            }
          case Fusion.I32C_ADD_I32_LOAD:
          case Fusion.I32C_ADD_I32_LOAD8_U:
            {
              long ea = (((int) s[sp - 1] + code[pc]) & 0xFFFFFFFFL) + (code[pc + 3] & 0xFFFFFFFFL);
              pc += 4; // a trap names the load
              boolean word = op == Fusion.I32C_ADD_I32_LOAD;
              if (ea > mem.size - (word ? 4 : 1)) {
                throw Memory.outOfBounds();
              }
              long at = mem.address + ea;
              s[sp - 1] = word ? U.getInt(mem.base, at) : U.getByte(mem.base, at) & 0xFF;
              continue;
            }
          case Fusion.I32_LT_U_JUMP_IF:
            {
              int b = (int) s[--sp];
              int a = (int) s[--sp];
              pc = a + Integer.MIN_VALUE < b + Integer.MIN_VALUE ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I32_NE_JUMP_IF:
            {
              int b = (int) s[--sp];
              int a = (int) s[--sp];
              pc = a != b ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I32_EQ_JUMP_IF:
            {
              int b = (int) s[--sp];
              int a = (int) s[--sp];
              pc = a == b ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I32_LT_S_JUMP_IF_ZERO:
            {
              int b = (int) s[--sp];
              int a = (int) s[--sp];
              pc = a >= b ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I32_EQZ_JUMP_IF:
            {
              pc = (int) s[--sp] == 0 ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I32_ADD_LOCAL_TEE:
            {
              int v = (int) s[sp - 2] + (int) s[sp - 1];
              s[fp + code[pc + 1]] = v;
              s[--sp - 1] = v;
              pc += 2;
              continue;
            }
          case Fusion.I64_LT_U_JUMP_IF:
            {
              long b = s[--sp];
              long a = s[--sp];
              pc = a + Long.MIN_VALUE < b + Long.MIN_VALUE ? code[pc + 1] : pc + 2;
              break;
            }
          case Fusion.I64_NE_JUMP_IF:
            {
              // Without a branch on the operands (the class comment): lua takes one way only
              // well into its run, and C2 compiles a way the profile has not seen as a trap.
              long d = s[sp - 2] ^ s[sp - 1];
              sp -= 2;
              pc += 2;
              pc += (code[pc - 1] - pc) & (int) ((d | -d) >> 63);
              break;
            }
          case Fusion.I64C_I64_NE_JUMP_IF:
            {
              long d = s[--sp] ^ ((code[pc] & 0xFFFFFFFFL) | ((long) code[pc + 1] << 32));
              pc += 5; // as I64_NE_JUMP_IF: no branch on the operands
              pc += (code[pc - 1] - pc) & (int) ((d | -d) >> 63);
              break;
            }
          case Fusion.LG_I32C_ADD_SET:
            {
              s[fp + code[pc + 5]] = (int) s[fp + code[pc]] + code[pc + 2];
              pc += 6;
              continue;
            }
          case Fusion.LG_I32C_ADD_TEE:
            {
              int v = (int) s[fp + code[pc]] + code[pc + 2];
              s[fp + code[pc + 5]] = v;
              s[sp++] = v;
              pc += 6;
              continue;
            }
          case Fusion.LG_LG_ADD_SET:
            {
              s[fp + code[pc + 5]] = (int) s[fp + code[pc]] + (int) s[fp + code[pc + 2]];
              pc += 6;
              continue;
            }
          case Fusion.LG_I32C_ADD:
            {
              s[sp++] = (int) s[fp + code[pc]] + code[pc + 2];
              pc += 4;
              continue;
            }
          case Fusion.LG_I32C_SHR_U:
            {
              s[sp++] = (int) s[fp + code[pc]] >>> code[pc + 2];
              pc += 4;
              continue;
            }
          case Fusion.F64_SUB_LOCAL_TEE:
            {
              long v =
                  Double.doubleToRawLongBits(
                      Double.longBitsToDouble(s[sp - 2]) - Double.longBitsToDouble(s[sp - 1]));
              s[--sp - 1] = v;
              s[fp + code[pc + 1]] = v;
              pc += 2;
              continue;
            }
          case Fusion.LG_I32C_ROTL_XOR:
          case Fusion.LG_I32C_SHR_U_XOR:
            {
              int a = (int) s[fp + code[pc]];
              int c = code[pc + 2];
              s[sp - 1] =
                  (int) s[sp - 1]
                      ^ (op == Fusion.LG_I32C_ROTL_XOR ? (a << c) | (a >>> -c) : a >>> c);
              pc += 5;
              continue;
            }
          case Fusion.LT_I32C_ROTL:
            {
              long v = s[sp - 1];
              s[fp + code[pc]] = v;
              int c = code[pc + 2];
              s[sp - 1] = ((int) v << c) | ((int) v >>> -c);
              pc += 4;
              continue;
            }
          case Fusion.LG_LG_F64_MUL:
            {
              s[sp++] =
                  Double.doubleToRawLongBits(
                      Double.longBitsToDouble(s[fp + code[pc]])
                          * Double.longBitsToDouble(s[fp + code[pc + 2]]));
              pc += 4;
              continue;
            }
          case Fusion.LG_I32_LOAD_SET:
          case Fusion.LG_I32_LOAD_TEE:
            {
              long ea = (s[fp + code[pc]] & 0xFFFFFFFFL) + (code[pc + 2] & 0xFFFFFFFFL);
              pc += 3; // a trap names the load
              if (ea > mem.size - 4) {
                throw Memory.outOfBounds();
              }
              int v = U.getInt(mem.base, mem.address + ea);
              s[fp + code[pc + 1]] = v;
              // Pushed by the tee alone, without a branch (as LG_I64C_I64_ADD_TEE).
              s[sp] = v;
              sp += ((op ^ Fusion.LG_I32_LOAD_TEE) - 1) >>> 31;
              pc += 2;
              continue;
            }
          case Fusion.LG_F64_LOAD_F64_ADD_STORE:
            {
              long ea = (s[fp + code[pc]] & 0xFFFFFFFFL) + (code[pc + 2] & 0xFFFFFFFFL);
              pc += 3; // a trap names the load
              if (ea > mem.size - 8) {
                throw Memory.outOfBounds();
              }
              Object base = mem.base;
              long at = mem.address + ea;
              double v =
                  Double.longBitsToDouble(s[sp - 1])
                      + Double.longBitsToDouble(base == null ? U.getLong(at) : U.getLong(base, at));
              ea = (s[sp - 2] & 0xFFFFFFFFL) + (code[pc + 2] & 0xFFFFFFFFL);
              pc += 3; // a trap names the store
              if (ea > mem.size - 8) {
                throw Memory.outOfBounds();
              }
              at = mem.address + ea;
              if (base == null) {
                U.putLong(at, Double.doubleToRawLongBits(v));
              } else {
                U.putLong(base, at, Double.doubleToRawLongBits(v));
              }
              sp -= 2;
              continue;
            }
          case Fusion.LG_LG_I32C_ADD_TEE_NE_JUMP_IF:
            {
              int n = (int) s[fp + code[pc]];
              int v = (int) s[fp + code[pc + 2]] + code[pc + 4];
              s[fp + code[pc + 7]] = v;
              pc = n != v ? code[pc + 10] : pc + 11;
              break;
            }
          case Fusion.LG_I32C_ADD_TEE_JUMP_IF:
            {
              int v = (int) s[fp + code[pc]] + code[pc + 2];
              s[fp + code[pc + 5]] = v;
              pc = v != 0 ? code[pc + 7] : pc + 8;
              break;
            }
          case Fusion.LG_I32C_ADD_TEE_I32C_NE_JUMP_IF:
            {
              int v = (int) s[fp + code[pc]] + code[pc + 2];
              s[fp + code[pc + 5]] = v;
              pc = v != code[pc + 7] ? code[pc + 10] : pc + 11;
              break;
            }
          case Fusion.LG_I32C_AND:
            {
              s[sp++] = (int) s[fp + code[pc]] & code[pc + 2];
              pc += 4;
              continue;
            }
          case Fusion.LG_I32C_SHL:
            {
              s[sp++] = (int) s[fp + code[pc]] << code[pc + 2];
              pc += 4;
              continue;
            }
          case Fusion.I32C_I32_NE_JUMP_IF:
            {
              pc = (int) s[--sp] != code[pc] ? code[pc + 3] : pc + 4;
              break;
            }
          case Fusion.I32_LOAD_LOCAL_TEE:
            {
              long ea = (s[sp - 1] & 0xFFFFFFFFL) + (code[pc] & 0xFFFFFFFFL);
              if (ea > mem.size - 4) {
                throw Memory.outOfBounds();
              }
              int v = U.getInt(mem.base, mem.address + ea);
              s[sp - 1] = v;
              s[fp + code[pc + 2]] = v;
              pc += 3;
              continue;
            }
          case Fusion.LOCAL_GET_I32_AND:
            {
              s[sp - 1] = (int) s[sp - 1] & (int) s[fp + code[pc]];
              pc += 2;
              continue;
            }
          case Fusion.LOCAL_GET_I32_XOR:
            {
              s[sp - 1] = (int) s[sp - 1] ^ (int) s[fp + code[pc]];
              pc += 2;
              continue;
            }
          case Fusion.LOCAL_GET_I32_OR:
            {
              s[sp - 1] = (int) s[sp - 1] | (int) s[fp + code[pc]];
              pc += 2;
              continue;
            }
          case Fusion.LG_LG_XOR:
            {
              s[sp++] = (int) s[fp + code[pc]] ^ (int) s[fp + code[pc + 2]];
              pc += 4;
              continue;
            }
          case Fusion.LG_LG_AND:
            {
              s[sp++] = (int) s[fp + code[pc]] & (int) s[fp + code[pc + 2]];
              pc += 4;
              continue;
            }
          case Fusion.F64_ADD_F64_STORE:
          case Fusion.F64_SUB_F64_STORE:
            {
              double a = Double.longBitsToDouble(s[sp - 2]);
              double b = Double.longBitsToDouble(s[sp - 1]);
              double v = op == Fusion.F64_ADD_F64_STORE ? a + b : a - b;
              long ea = (s[sp - 3] & 0xFFFFFFFFL) + (code[pc + 1] & 0xFFFFFFFFL);
              pc += 2; // a trap names the store
              if (ea > mem.size - 8) {
                throw Memory.outOfBounds();
              }
              Object base = mem.base;
              long at = mem.address + ea;
              if (base == null) {
                U.putLong(at, Double.doubleToRawLongBits(v));
              } else {
                U.putLong(base, at, Double.doubleToRawLongBits(v));
              }
              sp -= 3;
              continue;
            }
          case Fusion.LG_I32C_ADD_I64_LOAD:
          case Fusion.LG_I32C_ADD_I32_LOAD:
          case Fusion.LG_I32C_ADD_I32_LOAD8_U:
            {
              long ea =
                  (((int) s[fp + code[pc]] + code[pc + 2]) & 0xFFFFFFFFL)
                      + (code[pc + 5] & 0xFFFFFFFFL);
              pc += 6; // a trap names the load
              int n =
                  op == Fusion.LG_I32C_ADD_I64_LOAD ? 8 : op == Fusion.LG_I32C_ADD_I32_LOAD ? 4 : 1;
              if (ea > mem.size - n) {
                throw Memory.outOfBounds();
              }
              long at = mem.address + ea;
              if (n == 8) {
                Object base = mem.base;
                s[sp++] = base == null ? U.getLong(at) : U.getLong(base, at);
              } else {
                s[sp++] = n == 4 ? U.getInt(mem.base, at) : U.getByte(mem.base, at) & 0xFF;
              }
              continue;
            }
          case Fusion.LG_LG_I32C_ADD_F64_LOAD_MUL:
            {
              double x = Double.longBitsToDouble(s[fp + code[pc]]);
              long ea =
                  (((int) s[fp + code[pc + 2]] + code[pc + 4]) & 0xFFFFFFFFL)
                      + (code[pc + 7] & 0xFFFFFFFFL);
              pc += 7; // a trap names the load
              if (ea > mem.size - 8) {
                throw Memory.outOfBounds();
              }
              Object base = mem.base;
              long at = mem.address + ea;
              s[sp++] =
                  Double.doubleToRawLongBits(
                      x
                          * Double.longBitsToDouble(
                              base == null ? U.getLong(at) : U.getLong(base, at)));
              pc += 2;
              continue;
            }
          case Fusion.LG_LG_LG_F64_LOAD_MUL:
            {
              s[sp++] = s[fp + code[pc]];
              double x = Double.longBitsToDouble(s[fp + code[pc + 2]]);
              long ea = (s[fp + code[pc + 4]] & 0xFFFFFFFFL) + (code[pc + 6] & 0xFFFFFFFFL);
              pc += 6; // a trap names the load
              if (ea > mem.size - 8) {
                throw Memory.outOfBounds();
              }
              Object base = mem.base;
              long at = mem.address + ea;
              s[sp++] =
                  Double.doubleToRawLongBits(
                      x
                          * Double.longBitsToDouble(
                              base == null ? U.getLong(at) : U.getLong(base, at)));
              pc += 2;
              continue;
            }
          case Fusion.MADD_STORE:
          case Fusion.MADD_CONST_STORE:
            {
              // c[j] += x * b[j]: the store address is pushed first, by a local.get here or on
              // the stack already; then x * mem[b (+ c) + o] + mem[a2 + o2] to mem[a + o3].
              long a;
              if (op == Fusion.MADD_STORE) {
                a = s[fp + code[pc]];
                pc += 2;
              } else {
                a = s[--sp];
              }
              double x = Double.longBitsToDouble(s[fp + code[pc]]);
              long ea = s[fp + code[pc + 2]];
              if (op == Fusion.MADD_CONST_STORE) {
                ea = (int) ea + code[pc + 4];
                pc += 3;
              }
              long lim = mem.size - 8;
              ea = (ea & 0xFFFFFFFFL) + (code[pc + 4] & 0xFFFFFFFFL);
              pc += 4; // a trap names the load
              if (ea > lim) {
                throw Memory.outOfBounds();
              }
              Object base = mem.base;
              long at = mem.address + ea;
              x *= Double.longBitsToDouble(base == null ? U.getLong(at) : U.getLong(base, at));
              ea = (s[fp + code[pc + 3]] & 0xFFFFFFFFL) + (code[pc + 5] & 0xFFFFFFFFL);
              pc += 5; // the second load
              if (ea > lim) {
                throw Memory.outOfBounds();
              }
              at = mem.address + ea;
              x += Double.longBitsToDouble(base == null ? U.getLong(at) : U.getLong(base, at));
              ea = (a & 0xFFFFFFFFL) + (code[pc + 3] & 0xFFFFFFFFL);
              pc += 3; // the store
              if (ea > lim) {
                throw Memory.outOfBounds();
              }
              at = mem.address + ea;
              if (base == null) {
                U.putLong(at, Double.doubleToRawLongBits(x));
              } else {
                U.putLong(base, at, Double.doubleToRawLongBits(x));
              }
              pc++;
              continue;
            }
          case Fusion.SUB_PRODUCT_STORE:
          case Fusion.ADD_PRODUCT_STORE:
            {
              // mem[a + o2] = mem[b + o1] - x * y * z, the two addresses from local.gets; or
              // mem[a + o2] = x * y * z + mem[b + o1], a on the stack. No trap comes between
              // the load and the product, so the load goes first in both.
              int q = pc; // the index of x
              long a;
              long ea;
              if (op == Fusion.SUB_PRODUCT_STORE) {
                a = s[fp + code[pc]];
                ea = s[fp + code[pc + 2]];
                pc += 4; // a trap names the load
                q = pc + 2;
              } else {
                a = s[--sp];
                ea = s[fp + code[pc + 8]];
                pc += 10; // the load
              }
              long lim = mem.size - 8;
              ea = (ea & 0xFFFFFFFFL) + (code[pc] & 0xFFFFFFFFL);
              if (ea > lim) {
                throw Memory.outOfBounds();
              }
              Object base = mem.base;
              long at = mem.address + ea;
              double m =
                  Double.longBitsToDouble(base == null ? U.getLong(at) : U.getLong(base, at));
              double p =
                  Double.longBitsToDouble(s[fp + code[q]])
                      * Double.longBitsToDouble(s[fp + code[q + 2]])
                      * Double.longBitsToDouble(s[fp + code[q + 5]]);
              if (op == Fusion.SUB_PRODUCT_STORE) {
                m -= p;
                pc += 11; // the store
              } else {
                m = p + m;
                pc += 3; // the store
              }
              ea = (a & 0xFFFFFFFFL) + (code[pc] & 0xFFFFFFFFL);
              if (ea > lim) {
                throw Memory.outOfBounds();
              }
              at = mem.address + ea;
              if (base == null) {
                U.putLong(at, Double.doubleToRawLongBits(m));
              } else {
                U.putLong(base, at, Double.doubleToRawLongBits(m));
              }
              pc++;
              continue;
            }
          case Fusion.SIGMA_ROTL:
          case Fusion.SIGMA_SHR_U:
            {
              long v = s[sp - 1];
              s[fp + code[pc]] = v;
              int a = (int) v;
              int c = code[pc + 2];
              int r = (a << c) | (a >>> -c);
              a = (int) s[fp + code[pc + 5]];
              c = code[pc + 7];
              r ^= (a << c) | (a >>> -c);
              a = (int) s[fp + code[pc + 11]];
              c = code[pc + 13];
              s[sp - 1] = r ^ (op == Fusion.SIGMA_ROTL ? (a << c) | (a >>> -c) : a >>> c);
              pc += 16;
              continue;
            }
          case Fusion.LG_LG_ADD:
            {
              s[sp++] = (int) s[fp + code[pc]] + (int) s[fp + code[pc + 2]];
              pc += 4;
              continue;
            }
          case Fusion.LG_LG_I64_ADD:
            {
              s[sp++] = s[fp + code[pc]] + s[fp + code[pc + 2]];
              pc += 4;
              continue;
            }
          case Fusion.LG_I64C_I64_ADD_SET:
          case Fusion.LG_I64C_I64_ADD_TEE:
            {
              long v =
                  s[fp + code[pc]] + ((code[pc + 2] & 0xFFFFFFFFL) | ((long) code[pc + 3] << 32));
              s[fp + code[pc + 6]] = v;
              // Pushed by the tee alone, without a branch on op (the class comment): the slot is
              // free either way, the unfused local.get and i64.const used it.
              s[sp] = v;
              sp += ((op ^ Fusion.LG_I64C_I64_ADD_TEE) - 1) >>> 31;
              pc += 7;
              continue;
            }
          case Fusion.LG_I32C_STORE8:
          case Fusion.LG_I32C_STORE:
            {
              long ea = (s[fp + code[pc]] & 0xFFFFFFFFL) + (code[pc + 4] & 0xFFFFFFFFL);
              int v = code[pc + 2];
              pc += 5;
              boolean word = op == Fusion.LG_I32C_STORE;
              if (ea > mem.size - (word ? 4 : 1)) {
                throw Memory.outOfBounds();
              }
              if (word) {
                U.putInt(mem.base, mem.address + ea, v);
              } else {
                U.putByte(mem.base, mem.address + ea, (byte) v);
              }
              continue;
            }
          case Fusion.JUMP:
            pc = code[pc];
            break;
          case Fusion.METER:
            t.meter();
            continue;
          case Fusion.JUMP_IF_ZERO:
            pc = (int) s[--sp] == 0 ? code[pc] : pc + 1;
            break;
          case Fusion.JUMP_IF:
            pc = (int) s[--sp] != 0 ? code[pc] : pc + 1;
            break;
          case Fusion.BR_IF_DROP:
            if ((int) s[--sp] == 0) {
              pc += 3;
              continue;
            }
          // fall through: taken
          case Fusion.BR_DROP:
            {
              int arity = code[pc + 1];
              int dst = fp + code[pc + 2];
              move(s, sp - arity, dst, arity);
              sp = dst + arity;
              pc = code[pc];
              break;
            }
          default:
            sp = RareOps.execute(op, code, pc, s, sp, cur.instance());
            pc += RareOps.immediates(op);
            continue;
        }
        // The safe point: every branch (taken or not) and every Wasm function entry leaves the
        // switch with break and comes here, so a loop or a recursion without syscalls still stops
        // for a signal or an ending process; the other instructions continue past it.
        if ((boolean) SafePoint.REQUESTED.getOpaque(t.safePoint)) {
          safePoint(t, cur, pc, sp, fp);
          s = t.stack;
        }
        // The same place samples the function running, so a long loop makes it hot (tiered), and
        // a frame whose function has compiled code by now may go on there (OnStackEntries, which
        // then throws to NonLocalJumps.run to run again from the registers in t).
        if (--untilSample == 0) {
          untilSample = OnStackEntries.sample(t, cur, pc, sp, fp);
        }
      }
    } catch (WasmException e) {
      throw Traps.locate(e, cur, pc);
    }
  }
}
