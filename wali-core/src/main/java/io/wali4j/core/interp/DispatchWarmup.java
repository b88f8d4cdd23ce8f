package io.wali4j.core.interp;

import static io.wali4j.core.exec.UnsafeAccess.U;

import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.InPlaceBacking;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.MemoryBacking;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.ConstExpr;
import io.wali4j.core.wasm.ElementSegment;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.GlobalDef;
import io.wali4j.core.wasm.GlobalType;
import io.wali4j.core.wasm.Import;
import io.wali4j.core.wasm.ImportDesc;
import io.wali4j.core.wasm.Limits;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.Opcodes;
import io.wali4j.core.wasm.TableType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs every dispatch id of {@link Interpreter#run} once (and both ways of the branches inside the
 * cases) on a scratch instance, once per JVM, so that HotSpot's profile of {@code run} counts each
 * case before C2 compiles it.
 *
 * <p>Why: C2 compiles a {@code tableswitch} case whose profile count is 0 as a trap (switch
 * profiling), and a branch way never taken likewise. A program reaches its later opcodes (f64
 * arithmetic, fused forms) seconds into its run, after {@code run} was compiled; the first run of
 * one then throws the compiled loop away and C2 compiles it again (up to a second of C2's CPU each,
 * on-stack and normal entry alike). With every count above 0 nothing is pruned and {@code run} is
 * compiled once per entry kind (benchmarks/RESULTS.md, "the interpreter's dispatch warm-up").
 *
 * <p>When: the counts must land in {@code run}'s profile, which HotSpot's interpreter creates only
 * once the method is warm (at twice the tier-3 thresholds, {@code Tier0ProfilingStartPercentage}:
 * 400 invocations, seen at its notification every 128) and only while C2's compile queue is short
 * ({@code Tier0Delay}); otherwise C1's profiling compile creates it later. So the snippets run
 * after {@link #PRIMING_RUNS} runs of a function that only returns, and as early as possible: the
 * launcher starts the warm-up on a thread of its own before it loads the module ({@link #start},
 * from {@code Wali.warmUp}), while the queues are empty; without that, the first interpreter run
 * does it ({@link #once}), when a loaded queue may still leave the counts out of the profile.
 *
 * <p>The scratch instance has its own store (the compiler tier off), memory (native, as a WALI
 * process's: the {@code Unsafe} sites' null-base profile stays as the program makes it), table,
 * global and thread state; nothing of the program is read or written and nothing is printed (but
 * one line at {@code -v=3}).
 */
final class DispatchWarmup {

  /** Whether the warm-up runs ({@code -Dwali4j.interp.warmDispatch}, default true). */
  static final boolean ENABLED =
      Boolean.parseBoolean(System.getProperty("wali4j.interp.warmDispatch", "true"));

  /**
   * Runs of {@code run} (of a function that only returns) before the snippets run: HotSpot's
   * interpreter creates the profile at its notification after 400 (every 128 runs), and each later
   * notification is another chance when a full compile queue put it off.
   */
  static final int PRIMING_RUNS = 1024;

  private static final int LG = Opcodes.LOCAL_GET;
  private static final int LS = Opcodes.LOCAL_SET;
  private static final int LT = Opcodes.LOCAL_TEE;
  private static final int I32C = Opcodes.I32_CONST;
  private static final int I64C = Opcodes.I64_CONST;
  private static final int F64C = Opcodes.F64_CONST;

  // Locals of every snippet (all zero at entry): 0 and 1 i32 (0 is the address of the accesses),
  // 2 i64, 3 f64.
  private static final int LOCALS = 4;
  private static final int MAX_STACK = 24;
  private static final long ONE_F64 = Double.doubleToRawLongBits(1.0);
  private static final int[] F64_ONE = {F64C, (int) ONE_F64, (int) (ONE_F64 >>> 32)};

  // The function index space: the host function, the Wasm callee, then the snippets.
  private static final int HOST = 0;
  private static final int CALLEE = 1;
  private static final int FIRST_SNIPPET = 2;

  private static final Set<String> COMPARISONS = Set.of("eq", "ne", "lt", "gt", "le", "ge");

  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final CountDownLatch DONE = new CountDownLatch(1);

  /** Whether nothing is left to do or wait for: the warm-up is done, or off. */
  private static volatile boolean settled = !ENABLED;

  /** Who started the warm-up: before the first run ({@link #start}) or at it ({@link #once}). */
  private static volatile String origin = "";

  private DispatchWarmup() {}

  /**
   * Called by every interpreter run: the first one runs the warm-up on its own thread, or waits for
   * the one in progress on another thread (started by {@link #start} while the module loaded, and
   * normally done by now), so the counts are in before the program runs.
   */
  static void once() {
    if (!settled) {
      settle();
    }
  }

  private static void settle() {
    if (STARTED.compareAndSet(false, true)) {
      origin = "started at the first run";
      warm("at the first run");
      return;
    }
    try {
      DONE.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the warm-up ran or runs. */
  static boolean started() {
    return STARTED.get();
  }

  /**
   * The warm-up's state in words: {@code off}, {@code not started}, or {@code running} / {@code
   * done} with who started it ({@code started before the first run} when a launcher or a shell
   * called {@link #start}, {@code started at the first run} otherwise).
   */
  static String state() {
    if (!ENABLED) {
      return "off";
    }
    if (!STARTED.get()) {
      return "not started";
    }
    return (settled ? "done, " : "running, ") + origin;
  }

  /** Starts the warm-up on a daemon thread unless it ran or runs already. */
  static void start() {
    if (ENABLED && STARTED.compareAndSet(false, true)) {
      origin = "started before the first run";
      Thread t = new Thread(() -> warm("on a thread of its own"), "wali4j-dispatch-warmup");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void warm(String where) {
    try {
      long t0 = System.nanoTime();
      int n = run(snippets());
      if (Boolean.getBoolean("wali4j.jit.log")) {
        System.err.printf(
            "wali4j: interpreter: dispatch warm-up %s, %d runs in %.1f ms%n",
            where, n, (System.nanoTime() - t0) / 1e6);
      }
    } catch (RuntimeException | Error e) {
      // Only a profile is lost: the program runs the same without it.
    } finally {
      settled = true;
      DONE.countDown();
    }
  }

  /**
   * One snippet: pre-decoded code whose instruction at {@code at} dispatches as {@code id} once
   * fused; everything before {@code at} is straight-line code ending in a {@code drop}, which
   * starts no fused sequence and ends none, so that the dispatch at {@code at} always runs.
   */
  record Snippet(int id, int[] code, int at) {}

  /** Builds one snippet: {@code setup} (pushes, at least one value), a drop, then {@code body}. */
  private static final class Builder {
    private final List<Snippet> out = new ArrayList<>();

    void add(int id, int[] setup, int... body) {
      int[] code = new int[setup.length + 1 + body.length + 1];
      System.arraycopy(setup, 0, code, 0, setup.length);
      int at = setup.length + 1;
      code[at - 1] = Opcodes.DROP;
      for (int i = 0; i < body.length; i++) {
        // A target written as -1 is the instruction after the body: both ways go on there.
        code[at + i] = body[i] == -1 ? at + body.length : body[i];
      }
      code[code.length - 1] = Opcodes.RETURN;
      out.add(new Snippet(id, code, at));
    }
  }

  /** Pushes of i32 values, then one more for the drop. */
  private static int[] i32s(int... values) {
    int[] code = new int[2 * values.length + 2];
    for (int i = 0; i < values.length; i++) {
      code[2 * i] = I32C;
      code[2 * i + 1] = values[i];
    }
    code[code.length - 2] = I32C;
    return code;
  }

  private static int[] i64s(long a, long b) {
    return new int[] {I64C, (int) a, (int) (a >>> 32), I64C, (int) b, (int) (b >>> 32), I32C, 0};
  }

  private static int[] concat(int[]... parts) {
    int n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    int[] all = new int[n];
    int i = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, all, i, p.length);
      i += p.length;
    }
    return all;
  }

  /** Pushes of one value of each type letter of {@code params}, the i-th being {@code v[i]}. */
  private static int[] operands(String params, int... v) {
    int[] code = new int[0];
    for (int i = 0; i < params.length(); i++) {
      int x = v[i];
      long d = Double.doubleToRawLongBits(x);
      int[] one =
          switch (params.charAt(i)) {
            case 'i' -> new int[] {I32C, x};
            case 'l' -> new int[] {I64C, x, 0};
            case 'f' -> new int[] {Opcodes.F32_CONST, Float.floatToRawIntBits(x)};
            default -> new int[] {F64C, (int) d, (int) (d >>> 32)};
          };
      code = concat(code, one);
    }
    return concat(code, new int[] {I32C, 0});
  }

  /**
   * The operand values a simple instruction runs with: a comparison three ways (less, greater,
   * equal) and a test for zero both ways, so that C2 finds both ways of its branch in the profile
   * (a way never seen is compiled as a trap, as a case is); the others once, with ones.
   */
  private static int[][] operandValues(int op, String params) {
    String name = Opcodes.name(op);
    String kind = name.substring(name.indexOf('.') + 1);
    if (kind.endsWith("_s") || kind.endsWith("_u")) {
      kind = kind.substring(0, kind.length() - 2);
    }
    if (COMPARISONS.contains(kind)) {
      return new int[][] {{1, 2}, {2, 1}, {1, 1}};
    }
    if (kind.equals("eqz")) {
      return new int[][] {{0}, {1}};
    }
    return new int[][] {{1, 1, 1}};
  }

  /** Every snippet of the warm-up, each dispatch id (and each way of a branch) at least once. */
  static List<Snippet> snippets() {
    Builder b = new Builder();
    int[] none = i32s();
    // Every simple instruction, unfused, with operands of its signature; results dropped.
    for (int op = 0; op < 0x200; op++) {
      String sig = Opcodes.signature(op);
      if (!Opcodes.isKnown(op) || sig == null) {
        continue;
      }
      Opcodes.Imm imm = Opcodes.imm(op);
      boolean plain =
          imm == Opcodes.Imm.NONE
              || imm == Opcodes.Imm.MEMARG
              || imm == Opcodes.Imm.MEMORY
              || imm == Opcodes.Imm.MEMORY_COPY
              || imm == Opcodes.Imm.MEMORY_FILL;
      if (!plain) {
        continue;
      }
      String[] parts = sig.split(":", -1);
      int[] body = new int[(imm == Opcodes.Imm.MEMARG ? 2 : 1) + parts[1].length()];
      body[0] = op;
      Arrays.fill(body, imm == Opcodes.Imm.MEMARG ? 2 : 1, body.length, Opcodes.DROP);
      // memory.grow by 1 page fails (the scratch memory's maximum is its size) and changes nothing.
      for (int[] v : operandValues(op, parts[0])) {
        b.add(op, operands(parts[0], v), body);
      }
    }
    // The constants, drop and return (which every snippet runs too).
    b.add(Opcodes.I32_CONST, none, I32C, 1, Opcodes.DROP);
    b.add(Opcodes.I64_CONST, none, I64C, 1, 0, Opcodes.DROP);
    b.add(Opcodes.F32_CONST, none, Opcodes.F32_CONST, 1, Opcodes.DROP);
    b.add(Opcodes.F64_CONST, none, F64C, 1, 0, Opcodes.DROP);
    b.add(Opcodes.DROP, i32s(1), Opcodes.DROP);
    b.add(Opcodes.RETURN, none, Opcodes.RETURN);
    // Locals, globals, select, calls, references and the metering op.
    b.add(LG, none, LG, 0, Opcodes.DROP);
    b.add(LS, i32s(5), LS, 1);
    b.add(LT, i32s(5), LT, 1, Opcodes.DROP);
    b.add(Opcodes.GLOBAL_GET, none, Opcodes.GLOBAL_GET, 0, Opcodes.DROP);
    b.add(Opcodes.GLOBAL_SET, i64s(0, 0), Opcodes.GLOBAL_SET, 0, Opcodes.DROP);
    b.add(Opcodes.SELECT, i32s(1, 2, 0), Opcodes.SELECT, Opcodes.DROP);
    b.add(Opcodes.SELECT, i32s(1, 2, 1), Opcodes.SELECT, Opcodes.DROP);
    b.add(Opcodes.CALL, none, Opcodes.CALL, CALLEE);
    b.add(Opcodes.CALL, none, Opcodes.CALL, HOST);
    b.add(Opcodes.CALL_INDIRECT, i32s(0), Opcodes.CALL_INDIRECT, 0, 0);
    b.add(Opcodes.REF_FUNC, none, Opcodes.REF_FUNC, CALLEE, Opcodes.DROP);
    b.add(
        Opcodes.REF_IS_NULL,
        new int[] {Opcodes.REF_FUNC, CALLEE, I32C, 0},
        Opcodes.REF_IS_NULL,
        Opcodes.DROP);
    b.add(Fusion.METER, none, Opcodes.METER);
    // The branches of the pre-decoded form, each way; the target is the next instruction.
    b.add(Fusion.JUMP, none, Opcodes.JUMP, -1);
    for (int c = 0; c < 2; c++) {
      b.add(Fusion.JUMP_IF, i32s(c), Opcodes.JUMP_IF, -1);
      b.add(Fusion.JUMP_IF_ZERO, i32s(c), Opcodes.JUMP_IF_ZERO, -1);
      b.add(Fusion.BR_IF_DROP, i32s(7, c), Opcodes.BR_IF_DROP, -1, 1, LOCALS, Opcodes.DROP);
      // br_table with two targets: index 0, then an index past the end (the default).
      b.add(
          Opcodes.BR_TABLE,
          i32s(7, 5 * c),
          Opcodes.BR_TABLE,
          1,
          -1,
          1,
          LOCALS,
          -1,
          1,
          LOCALS,
          Opcodes.DROP);
    }
    b.add(Fusion.BR_DROP, i32s(7), Opcodes.BR_DROP, -1, 1, LOCALS, Opcodes.DROP);
    fused(b);
    return b.out;
  }

  /** The fused sequences of {@link Fusion}, as its patterns spell them. */
  private static void fused(Builder b) {
    int[] none = i32s();
    int[] one = i32s(0);
    int[] two = i32s(0, 3);
    int[] addr = i32s(0);
    int d = Opcodes.DROP;
    b.add(Fusion.LOCAL_GET_LOCAL_GET, none, LG, 0, LG, 1, d, d);
    b.add(Fusion.LOCAL_GET_I32_CONST, none, LG, 0, I32C, 5, d, d);
    b.add(Fusion.LOCAL_GET_I64_CONST, none, LG, 2, I64C, 5, 0, d, d);
    b.add(Fusion.LOCAL_GET_LOCAL_SET, none, LG, 0, LS, 1);
    b.add(Fusion.LOCAL_GET_I32_LOAD, none, LG, 0, Opcodes.I32_LOAD, 4, d);
    b.add(Fusion.LOCAL_GET_I32_LOAD8_U, none, LG, 0, Opcodes.I32_LOAD8_U, 4, d);
    b.add(Fusion.I32_CONST_LOCAL_SET, none, I32C, 5, LS, 1);
    b.add(Fusion.LOCAL_GET_I32_ADD, one, LG, 1, Opcodes.I32_ADD, d);
    b.add(Fusion.I32_CONST_I32_AND, one, I32C, 3, Opcodes.I32_AND, d);
    b.add(Fusion.I32_CONST_I32_SHL, one, I32C, 3, Opcodes.I32_SHL, d);
    b.add(Fusion.I32_CONST_I32_SHR_U, one, I32C, 3, Opcodes.I32_SHR_U, d);
    b.add(Fusion.I32_CONST_I32_ADD, one, I32C, 3, Opcodes.I32_ADD, d);
    b.add(Fusion.LOCAL_GET_I64_LOAD, none, LG, 0, Opcodes.I64_LOAD, 8, d);
    b.add(Fusion.LOCAL_GET_I64_LOAD, none, LG, 0, Opcodes.F64_LOAD, 8, d);
    b.add(Fusion.LOCAL_GET_F64_MUL, concat(F64_ONE, none), LG, 3, Opcodes.F64_MUL, d);
    b.add(Fusion.LOCAL_GET_F64_ADD, concat(F64_ONE, none), LG, 3, Opcodes.F64_ADD, d);
    b.add(Fusion.I32_ADD_LOCAL_SET, two, Opcodes.I32_ADD, LS, 1);
    b.add(Fusion.I64_ADD_LOCAL_SET, i64s(1, 2), Opcodes.I64_ADD, LS, 2);
    b.add(Fusion.I32_ADD_LOCAL_TEE, two, Opcodes.I32_ADD, LT, 1, d);
    b.add(Fusion.LOCAL_TEE_LOCAL_GET, one, LT, 1, LG, 0, d);
    b.add(Fusion.I32_LOAD_LOCAL_TEE, addr, Opcodes.I32_LOAD, 4, LT, 1, d);
    b.add(Fusion.LOCAL_GET_I32_AND, one, LG, 1, Opcodes.I32_AND, d);
    b.add(Fusion.LOCAL_GET_I32_XOR, one, LG, 1, Opcodes.I32_XOR, d);
    b.add(Fusion.LOCAL_GET_I32_OR, one, LG, 1, Opcodes.I32_OR, d);
    int[] addrF64s = concat(new int[] {I32C, 0}, F64_ONE, F64_ONE, none);
    b.add(Fusion.F64_ADD_F64_STORE, addrF64s, Opcodes.F64_ADD, Opcodes.F64_STORE, 8);
    b.add(Fusion.F64_SUB_F64_STORE, addrF64s, Opcodes.F64_SUB, Opcodes.F64_STORE, 8);
    int[] f64s = concat(F64_ONE, F64_ONE, none);
    b.add(Fusion.F64_SUB_LOCAL_TEE, f64s, Opcodes.F64_SUB, LT, 3, d);
    // Compare-and-jump pairs, each way (operands 0, 3 then 3, 0; equal ones for eq and ne).
    int[][] cmps = {
      {Opcodes.I32_LT_S, Fusion.I32_LT_S_JUMP_IF},
      {Opcodes.I32_GT_S, Fusion.I32_GT_S_JUMP_IF},
      {Opcodes.I32_LE_S, Fusion.I32_LE_S_JUMP_IF},
      {Opcodes.I32_GE_S, Fusion.I32_GE_S_JUMP_IF},
      {Opcodes.I32_GT_U, Fusion.I32_GT_U_JUMP_IF},
      {Opcodes.I32_GE_U, Fusion.I32_GE_U_JUMP_IF},
      {Opcodes.I32_LT_U, Fusion.I32_LT_U_JUMP_IF},
      {Opcodes.I32_NE, Fusion.I32_NE_JUMP_IF},
      {Opcodes.I32_EQ, Fusion.I32_EQ_JUMP_IF},
    };
    int[][] pairs = {i32s(0, 3), i32s(3, 0), i32s(3, 3)};
    for (int[] c : cmps) {
      for (int[] p : pairs) {
        b.add(c[1], p, c[0], Opcodes.JUMP_IF, -1);
      }
    }
    for (int[] p : pairs) {
      b.add(Fusion.I32_LT_S_JUMP_IF_ZERO, p, Opcodes.I32_LT_S, Opcodes.JUMP_IF_ZERO, -1);
    }
    for (int v = 0; v < 2; v++) {
      b.add(Fusion.I32_EQZ_JUMP_IF, i32s(v), Opcodes.I32_EQZ, Opcodes.JUMP_IF, -1);
      b.add(Fusion.I64_LT_U_JUMP_IF, i64s(v, 1 - v), Opcodes.I64_LT_U, Opcodes.JUMP_IF, -1);
      b.add(Fusion.I64_NE_JUMP_IF, i64s(v, 1), Opcodes.I64_NE, Opcodes.JUMP_IF, -1);
      b.add(Fusion.I32C_I32_NE_JUMP_IF, i32s(1), I32C, v, Opcodes.I32_NE, Opcodes.JUMP_IF, -1);
      b.add(
          Fusion.I64C_I64_NE_JUMP_IF,
          i64s(0, 1),
          I64C,
          v,
          0,
          Opcodes.I64_NE,
          Opcodes.JUMP_IF,
          -1,
          d);
      // Locals are 0: local.get 0 + v, teed to local 1, is v.
      b.add(
          Fusion.LG_I32C_ADD_TEE_JUMP_IF,
          none,
          LG,
          0,
          I32C,
          v,
          Opcodes.I32_ADD,
          LT,
          1,
          Opcodes.JUMP_IF,
          -1);
      b.add(
          Fusion.LG_I32C_ADD_TEE_I32C_NE_JUMP_IF,
          none,
          LG,
          0,
          I32C,
          v,
          Opcodes.I32_ADD,
          LT,
          1,
          I32C,
          1,
          Opcodes.I32_NE,
          Opcodes.JUMP_IF,
          -1);
      b.add(
          Fusion.LG_LG_I32C_ADD_TEE_NE_JUMP_IF,
          none,
          LG,
          0,
          LG,
          1,
          I32C,
          v,
          Opcodes.I32_ADD,
          LT,
          1,
          Opcodes.I32_NE,
          Opcodes.JUMP_IF,
          -1);
    }
    // Local-plus-constant sequences.
    b.add(Fusion.LG_I32C_ADD_SET, none, LG, 0, I32C, 5, Opcodes.I32_ADD, LS, 1);
    b.add(Fusion.LG_I32C_ADD_TEE, none, LG, 0, I32C, 5, Opcodes.I32_ADD, LT, 1, d);
    b.add(Fusion.LG_I32C_ADD, none, LG, 0, I32C, 5, Opcodes.I32_ADD, d);
    b.add(
        Fusion.LG_I32C_ADD_I64_LOAD, none, LG, 0, I32C, 8, Opcodes.I32_ADD, Opcodes.I64_LOAD, 0, d);
    b.add(
        Fusion.LG_I32C_ADD_I64_LOAD, none, LG, 0, I32C, 8, Opcodes.I32_ADD, Opcodes.F64_LOAD, 0, d);
    b.add(
        Fusion.LG_I32C_ADD_I32_LOAD, none, LG, 0, I32C, 8, Opcodes.I32_ADD, Opcodes.I32_LOAD, 0, d);
    b.add(
        Fusion.LG_I32C_ADD_I32_LOAD8_U,
        none,
        LG,
        0,
        I32C,
        8,
        Opcodes.I32_ADD,
        Opcodes.I32_LOAD8_U,
        0,
        d);
    b.add(Fusion.LG_I32C_SHR_U, none, LG, 1, I32C, 3, Opcodes.I32_SHR_U, d);
    b.add(Fusion.LG_I32C_SHR_U_XOR, one, LG, 1, I32C, 3, Opcodes.I32_SHR_U, Opcodes.I32_XOR, d);
    b.add(Fusion.LG_I32C_ROTL_XOR, one, LG, 1, I32C, 3, Opcodes.I32_ROTL, Opcodes.I32_XOR, d);
    b.add(Fusion.LG_I32C_AND, none, LG, 1, I32C, 3, Opcodes.I32_AND, d);
    b.add(Fusion.LG_I32C_SHL, none, LG, 1, I32C, 3, Opcodes.I32_SHL, d);
    b.add(Fusion.LG_I32C_STORE8, none, LG, 0, I32C, 5, Opcodes.I32_STORE8, 4);
    b.add(Fusion.LG_I32C_STORE, none, LG, 0, I32C, 5, Opcodes.I32_STORE, 4);
    b.add(Fusion.LG_I64C_I64_ADD_SET, none, LG, 2, I64C, 5, 0, Opcodes.I64_ADD, LS, 2);
    b.add(Fusion.LG_I64C_I64_ADD_TEE, none, LG, 2, I64C, 5, 0, Opcodes.I64_ADD, LT, 2, d);
    b.add(Fusion.LG_I32_LOAD_SET, none, LG, 0, Opcodes.I32_LOAD, 4, LS, 1);
    b.add(Fusion.LG_I32_LOAD_TEE, none, LG, 0, Opcodes.I32_LOAD, 4, LT, 1, d);
    b.add(Fusion.I32C_ADD_I32_LOAD, one, I32C, 4, Opcodes.I32_ADD, Opcodes.I32_LOAD, 0, d);
    b.add(Fusion.I32C_ADD_I32_LOAD8_U, one, I32C, 4, Opcodes.I32_ADD, Opcodes.I32_LOAD8_U, 0, d);
    b.add(Fusion.LT_I32C_ROTL, one, LT, 1, I32C, 3, Opcodes.I32_ROTL, d);
    // Local-and-local sequences.
    b.add(Fusion.LG_LG_ADD_SET, none, LG, 0, LG, 1, Opcodes.I32_ADD, LS, 1);
    b.add(Fusion.LG_LG_ADD, none, LG, 0, LG, 1, Opcodes.I32_ADD, d);
    b.add(Fusion.LG_LG_I64_ADD, none, LG, 2, LG, 2, Opcodes.I64_ADD, d);
    b.add(Fusion.LG_LG_XOR, none, LG, 0, LG, 1, Opcodes.I32_XOR, d);
    b.add(Fusion.LG_LG_AND, none, LG, 0, LG, 1, Opcodes.I32_AND, d);
    b.add(Fusion.LG_LG_F64_MUL, none, LG, 3, LG, 3, Opcodes.F64_MUL, d);
    // The f64 statements (addresses: local 0, which is 0, plus the offsets).
    b.add(
        Fusion.LG_F64_LOAD_F64_ADD_STORE,
        concat(new int[] {I32C, 0}, F64_ONE, none),
        LG,
        0,
        Opcodes.F64_LOAD,
        8,
        Opcodes.F64_ADD,
        Opcodes.F64_STORE,
        16);
    int[] addStore = {LG, 0, Opcodes.F64_LOAD, 8, Opcodes.F64_ADD, Opcodes.F64_STORE, 16};
    b.add(
        Fusion.LG_LG_I32C_ADD_F64_LOAD_MUL,
        none,
        concat(
            new int[] {LG, 3, LG, 0, I32C, 8, Opcodes.I32_ADD, Opcodes.F64_LOAD, 0},
            new int[] {Opcodes.F64_MUL, d}));
    b.add(
        Fusion.MADD_CONST_STORE,
        addr,
        concat(
            new int[] {
              LG, 3, LG, 0, I32C, 8, Opcodes.I32_ADD, Opcodes.F64_LOAD, 0, Opcodes.F64_MUL
            },
            addStore));
    b.add(
        Fusion.LG_LG_LG_F64_LOAD_MUL,
        none,
        LG,
        0,
        LG,
        3,
        LG,
        0,
        Opcodes.F64_LOAD,
        8,
        Opcodes.F64_MUL,
        d,
        d);
    b.add(
        Fusion.MADD_STORE,
        none,
        concat(new int[] {LG, 0, LG, 3, LG, 0, Opcodes.F64_LOAD, 8, Opcodes.F64_MUL}, addStore));
    b.add(
        Fusion.SUB_PRODUCT_STORE,
        none,
        LG,
        0,
        LG,
        0,
        Opcodes.F64_LOAD,
        8,
        LG,
        3,
        LG,
        3,
        Opcodes.F64_MUL,
        LG,
        3,
        Opcodes.F64_MUL,
        Opcodes.F64_SUB,
        Opcodes.F64_STORE,
        16);
    b.add(
        Fusion.ADD_PRODUCT_STORE,
        addr,
        LG,
        3,
        LG,
        3,
        Opcodes.F64_MUL,
        LG,
        3,
        Opcodes.F64_MUL,
        LG,
        0,
        Opcodes.F64_LOAD,
        8,
        Opcodes.F64_ADD,
        Opcodes.F64_STORE,
        16);
    // SHA-2's sigma functions.
    for (int last : new int[] {Opcodes.I32_ROTL, Opcodes.I32_SHR_U}) {
      b.add(
          last == Opcodes.I32_ROTL ? Fusion.SIGMA_ROTL : Fusion.SIGMA_SHR_U,
          one,
          LT,
          1,
          I32C,
          7,
          Opcodes.I32_ROTL,
          LG,
          1,
          I32C,
          18,
          Opcodes.I32_ROTL,
          Opcodes.I32_XOR,
          LG,
          1,
          I32C,
          3,
          last,
          Opcodes.I32_XOR,
          d);
    }
  }

  /**
   * Runs the snippets on a scratch instance, one run each, after {@link #PRIMING_RUNS} runs of a
   * function that only returns. Returns the number of runs.
   */
  static int run(List<Snippet> snippets) {
    long bytes = Memory.PAGE_SIZE;
    long address = U.allocateMemory(bytes);
    try {
      U.setMemory(address, bytes, (byte) 0);
      Instance inst = instantiate(snippets, address, bytes);
      ThreadState t = new ThreadState(1 << 16, 64);
      int count = 0;
      for (int i = 0; i < PRIMING_RUNS; i++) {
        runOnce(t, (WasmFunction) inst.function(CALLEE));
        count++;
      }
      for (int i = 0; i < snippets.size(); i++) {
        runOnce(t, (WasmFunction) inst.function(FIRST_SNIPPET + i));
        count++;
      }
      return count;
    } finally {
      U.freeMemory(address);
    }
  }

  private static void runOnce(ThreadState t, WasmFunction f) {
    Arrays.fill(t.stack, 0, f.frameSize(), 0L);
    t.cur = f;
    t.pc = 0;
    t.fp = 0;
    t.sp = f.numLocals();
    t.depth = 0;
    t.entryDepth = 0;
    t.untilSample = Integer.MAX_VALUE;
    Interpreter.run(t);
  }

  /** The scratch instance: the snippets as its functions, over {@code bytes} at {@code address}. */
  static Instance instantiate(List<Snippet> snippets, long address, long bytes) {
    FuncType unit = new FuncType(new ValType[0], new ValType[0]);
    int[] typeIndices = new int[1 + snippets.size()];
    List<FunctionCode> code = new ArrayList<>();
    code.add(new FunctionCode(new int[] {Opcodes.RETURN}, new int[1], 0, 0, 0, 0, CALLEE));
    for (int i = 0; i < snippets.size(); i++) {
      int[] c = snippets.get(i).code();
      code.add(new FunctionCode(c, new int[c.length], 0, LOCALS, 0, MAX_STACK, FIRST_SNIPPET + i));
    }
    byte[] refFunc = {(byte) 0xD2, CALLEE, 0x0B};
    Module m =
        new Module(
            new byte[0],
            List.of(unit),
            List.of(new Import("warm", "host", new ImportDesc.Func(0))),
            typeIndices,
            List.of(new TableType(ValType.FUNCREF, new Limits(1, 1, false))),
            List.of(new MemoryType(new Limits(1, 1, false))),
            List.of(
                new GlobalDef(
                    new GlobalType(ValType.I64, true),
                    new ConstExpr(new byte[] {0x42, 0, 0x0B}, 0))),
            List.of(),
            -1,
            List.of(
                new ElementSegment(
                    ElementSegment.Mode.ACTIVE,
                    0,
                    new ConstExpr(new byte[] {0x41, 0, 0x0B}, 0),
                    ValType.FUNCREF,
                    List.of(new ConstExpr(refFunc, 0)))),
            0,
            List.of(),
            List.of(),
            List.of(),
            null);
    MemoryBacking backing = new InPlaceBacking.Fixed(address, bytes);
    Store store = new Store(type -> new Memory(type, backing));
    store.jitMode(Jit.Mode.OFF);
    HostFunction host = new HostFunction(unit, (caller, stack, base) -> {});
    return Instance.instantiate(
        store, new ValidatedModule(m, code), (module, name) -> name.equals("host") ? host : null);
  }
}
