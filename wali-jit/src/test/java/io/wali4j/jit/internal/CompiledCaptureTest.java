package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.interp.NonLocalJumps;
import io.wali4j.core.interp.Snapshot;
import io.wali4j.core.interp.ThreadState;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Compiled frames on the stack when a call captures the thread's frames: fork (a snapshot of the
 * frames, resumed afterwards as the child) and setjmp/longjmp, through several compiled frames with
 * live locals and operands of every type beneath the calls, through direct and indirect calls, with
 * compiled code called by the interpreter, calling it, and called back from a host function. Every
 * outcome is compared with the same module interpreted, with the same host functions (fork here is
 * {@code ThreadState.capture} and {@code Snapshot.resume}, setjmp/longjmp the runtime's {@link
 * NonLocalJumps}), and the captured stack must hold the compiled functions' frames.
 */
class CompiledCaptureTest {

  private static final String HOST =
      " (import \"wali\" \"SYS_fork\" (func $fork (result i64)))"
          + " (import \"wali\" \"setjmp\" (func $setjmp (param i32) (result i32)))"
          + " (import \"wali\" \"longjmp\" (func $longjmp (param i32 i32)))"
          + " (import \"env\" \"callback\" (func $callback (param i32) (result i64)))"
          + " (memory 1)"
          + " (type $mid (func (param i32) (result i64)))"
          + " (table 2 funcref) (elem (i32.const 1) $mid)";

  /** funcidx of $leaf, $mid, $top in {@link #FORK} (after four imports). */
  private static final int LEAF = 4;

  private static final int MID = 5;
  private static final int TOP = 6;

  /**
   * $top (f32 and i32 operands beneath an indirect call) calls $mid (an f64 local, an i64 operand)
   * calls $leaf (an i64 local and operand) calls fork, whose result (1 in the parent, 0 in the
   * child) shows in the result; $handler calls $leaf from a host callback ($viaHost).
   */
  private static final String FORK =
      "(module"
          + HOST
          + " (func $leaf (param $a i32) (result i64) (local $x i64)"
          + "   (local.set $x (i64.extend_i32_s (local.get $a)))"
          + "   (i64.add (i64.mul (local.get $x) (i64.const 7))"
          + "     (i64.mul (call $fork) (i64.const 1000)))"
          + "   (local.get $x) (i64.add))"
          + " (func $mid (param $b i32) (result i64) (local $f f64)"
          + "   (local.set $f (f64.const 2.5))"
          + "   (i64.add (i64.extend_i32_u (i32.add (local.get $b) (i32.const 3)))"
          + "     (i64.add (call $leaf (i32.mul (local.get $b) (i32.const 2)))"
          + "       (i64.trunc_f64_s (f64.mul (local.get $f) (f64.const 4))))))"
          + " (func $top (export \"run\") (param $c i32) (result i64) (local $t i64)"
          + "   f32.const 1.25 local.get $c i32.const 11 i32.add"
          + "   local.get $c i32.const 1 call_indirect (type $mid)"
          + "   local.set $t i32.const 100000 i32.mul i64.extend_i32_s"
          + "   local.get $t i64.const 3 i64.mul i64.add"
          + "   local.set $t f32.const 1000000 f32.mul i64.trunc_f32_s local.get $t i64.add)"
          + " (func $handler (export \"handler\") (param $d i32) (result i64)"
          + "   (i64.add (i64.const 5000000) (call $leaf (local.get $d))))"
          + " (func $viaHost (export \"viaHost\") (param $e i32) (result i64)"
          + "   (i64.add (i64.extend_i32_s (local.get $e)) (call $callback (local.get $e)))))";

  /** The host side: fork and setjmp/longjmp as the runtime does them, and a callback into Wasm. */
  private static final class Host extends CaptureImports {
    Instance inst;

    @Override
    Extern other(String name) {
      switch (name) {
        case "callback":
          return new HostFunction(
              type(new ValType[] {ValType.I32}, ValType.I64),
              (caller, stack, base) -> stack[base] = inst.invoke("handler", stack[base])[0]);
        default:
          return null;
      }
    }

    private static FuncType type(ValType[] params, ValType result) {
      return new FuncType(params, new ValType[] {result});
    }
  }

  /**
   * An instance with a fresh {@link Host}, compiled eagerly, interpreted, or with some compiled.
   */
  private static Host instance(String wat, Jit.Mode mode, Set<Integer> compiled) {
    ValidatedModule v = Wat.validated(wat);
    Host host = new Host();
    Store store = new Store();
    store.jitMode(compiled == null ? mode : Jit.Mode.OFF);
    host.inst = Instance.instantiate(store, v, host);
    if (compiled != null) {
      CompiledModule code =
          separateBatches
              ? JitTier.compileEach(v.module(), v.code(), MemoryKind.of(host.inst))
              : JitTier.compile(v.module(), v.code(), MemoryKind.of(host.inst));
      code.install(host.inst, compiled::contains);
    }
    return host;
  }

  /**
   * Whether {@link #instance} compiles each function in a batch of its own (as tiered mode does
   * with functions hot at different times): calls between compiled functions are then {@code
   * invokedynamic} sites of the module's {@link Links}, direct to compiled callees.
   */
  private static boolean separateBatches;

  @Test
  void captureSitesBetweenBatchesMoveTheFramesAsInsideOne() {
    separateBatches = true;
    try {
      Set<Integer> all = new java.util.HashSet<>();
      for (int f = LEAF; f <= TOP; f++) {
        all.add(f);
      }
      assertForksAlike("run", all, 0, 1, 7, -3);
      assertForksAlike("run", Set.of(TOP, LEAF), 0, 7);
      assertForksAlike("run", Set.of(MID, LEAF), 0, 7);
      assertJumpsAlike(Set.of(THROWER, WORK, INNER, RUN));
      assertJumpsAlike(Set.of(RUN, WORK));
      assertJumpsAlike(Set.of(RUN, THROWER));
    } finally {
      separateBatches = false;
    }
  }

  /** What a fork shows: the parent's and the child's results and the captured frames. */
  private record Forked(long parent, long child, int callers, String function) {}

  private static Forked fork(Host host, String export, long arg) {
    long parent = host.inst.invoke(export, arg)[0];
    Snapshot s = host.forked;
    assertNotNull(s, "fork was called");
    long child = s.resume(0L)[0];
    return new Forked(parent, child, s.callers().length, s.function().name());
  }

  private static void assertForksAlike(String export, Set<Integer> compiled, long... args) {
    for (long arg : args) {
      Forked want = fork(instance(FORK, Jit.Mode.OFF, null), export, arg);
      Host host = instance(FORK, Jit.Mode.EAGER, compiled);
      if (compiled == null) {
        for (int f = LEAF; f <= TOP; f++) {
          assertNotNull(((WasmFunction) host.inst.function(f)).compiled(), "func " + f);
        }
      }
      assertEquals(want, fork(host, export, arg), export + "(" + arg + ")");
    }
  }

  @Test
  void forkThroughCompiledFramesResumesParentAndChildWithTheirLocalsAndOperands() {
    assertForksAlike("run", null, 0, 1, 7, -3);
    Forked f = fork(instance(FORK, Jit.Mode.EAGER, null), "run", 7);
    // The snapshot holds $top and $mid as callers of $leaf: the compiled frames moved over.
    assertEquals(2, f.callers());
    assertEquals("leaf", f.function());
  }

  @Test
  void compiledCodeCalledByTheInterpreterUnwindsOntoItsRun() {
    // $top interpreted calls $mid and $leaf compiled; and only $leaf compiled.
    assertForksAlike("run", Set.of(MID, LEAF), 0, 7);
    assertForksAlike("run", Set.of(LEAF), 0, 7);
  }

  @Test
  void aForkInAnInterpretedFunctionCalledByCompiledCodeTakesTheCompiledFramesAlong() {
    // $top compiled calls $mid interpreted (a run of its own) through call_indirect; $mid calls
    // $leaf compiled, whose fork moves $leaf onto $mid's run, and that run with $top onto the
    // run below, where the fork is made with all three frames.
    assertForksAlike("run", Set.of(TOP, LEAF), 0, 7);
  }

  @Test
  void theUnwindStopsAtAHostCallbackAsTheInterpreterCaptureDoes() {
    // fork from a Wasm callback of a host function captures the callback's frames only.
    assertForksAlike("viaHost", null, 3);
    Forked f = fork(instance(FORK, Jit.Mode.EAGER, null), "viaHost", 3);
    assertEquals(1, f.callers());
  }

  /**
   * $run calls setjmp(16) with an operand beneath, then $work, which longjmps to it from $thrower
   * through compiled frames when n > 2; then $inner (a second, nested setjmp at 32) longjmps to its
   * own point once. Locals of every type live across the calls.
   */
  private static final String JUMPS =
      "(module"
          + HOST
          + " (func $mid (param i32) (result i64) (i64.const 0))"
          + " (func $thrower (param $v i32) (result i32)"
          + "   (if (i32.gt_s (local.get $v) (i32.const 0))"
          + "     (then (call $longjmp (i32.const 16) (local.get $v))))"
          + "   (i32.const 5))"
          + " (func $work (param $n i32) (result i32) (local $d f64)"
          + "   (local.set $d (f64.convert_i32_s (local.get $n)))"
          + "   (i32.add (i32.trunc_f64_s (f64.mul (local.get $d) (f64.const 1.5)))"
          + "     (call $thrower (i32.sub (local.get $n) (i32.const 2)))))"
          + " (func $inner (param $n i32) (result i32) (local $r i32) (local $g f32)"
          + "   (local.set $g (f32.const 0.5))"
          + "   (local.set $r (i32.add (i32.const 1000) (call $setjmp (i32.const 32))))"
          + "   (if (i32.eq (local.get $r) (i32.const 1000))"
          + "     (then (call $longjmp (i32.const 32) (i32.add (local.get $n) (i32.const 40)))))"
          + "   (i32.add (local.get $r) (i32.trunc_f32_s (f32.mul (local.get $g) (f32.const 8)))))"
          + " (func $run (export \"run\") (param $n i32) (result i64) (local $acc i64) (local $r i32)"
          + "   (local.set $acc (i64.const 7))"
          + "   (local.set $r (i32.add (i32.mul (local.get $n) (i32.const 3))"
          + "     (call $setjmp (i32.const 16))))"
          + "   (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_s (local.get $r))))"
          + "   (if (i32.eq (local.get $r) (i32.mul (local.get $n) (i32.const 3)))"
          + "     (then (local.set $acc (i64.add (local.get $acc)"
          + "       (i64.extend_i32_s (call $work (local.get $n)))))))"
          + "   (i64.add (i64.mul (local.get $acc) (i64.const 100000))"
          + "     (i64.extend_i32_s (call $inner (local.get $n))))))";

  private static final int THROWER = 5;
  private static final int WORK = 6;
  private static final int INNER = 7;
  private static final int RUN = 8;

  private static void assertJumpsAlike(Set<Integer> compiled) {
    for (long n : new long[] {0, 1, 2, 3, 5, 9}) {
      long want = instance(JUMPS, Jit.Mode.OFF, null).inst.invoke("run", n)[0];
      Host host = instance(JUMPS, Jit.Mode.EAGER, compiled);
      assertEquals(want, host.inst.invoke("run", n)[0], "run(" + n + ")");
    }
  }

  @Test
  void setjmpAndLongjmpThroughCompiledFramesAgreeWithTheInterpreter() {
    assertJumpsAlike(null);
    Host host = instance(JUMPS, Jit.Mode.EAGER, null);
    for (int f = THROWER; f <= RUN; f++) {
      assertNotNull(((WasmFunction) host.inst.function(f)).compiled(), "func " + f);
    }
    assertJumpsAlike(Set.of(THROWER, WORK, INNER));
    assertJumpsAlike(Set.of(RUN, WORK));
  }

  @Test
  void interpretedStoresStayInterpreted() {
    Host host = instance(JUMPS, Jit.Mode.OFF, null);
    assertNull(((WasmFunction) host.inst.function(RUN)).compiled());
  }

  /** Runs {@code run(n)} of a metered {@link #JUMPS}; returns the result and the fuel left. */
  private static List<Long> metered(Jit.Mode mode, long n) {
    ValidatedModule v =
        Validator.validate(ModuleParser.parse(Wat.validated(JUMPS).module().bytes()), true);
    Host host = new Host();
    Store store = new Store();
    store.jitMode(mode);
    host.inst = Instance.instantiate(store, v, host);
    ThreadState t = ThreadState.current();
    t.fuel(1_000_000);
    try {
      long r = host.inst.invoke("run", n)[0];
      return List.of(r, t.fuel());
    } finally {
      t.fuel(Long.MAX_VALUE);
    }
  }

  @Test
  void fuelIsSpentOnceAcrossTheMoveToTheInterpreter() {
    for (long n : new long[] {1, 5}) {
      List<Long> want = metered(Jit.Mode.OFF, n);
      assertTrue(want.get(1) < 1_000_000, "metered code spent fuel");
      assertEquals(want, metered(Jit.Mode.EAGER, n), "run(" + n + ")");
    }
  }

  /**
   * $down recurses n deep, keeping its depth in a local and an operand beneath each call, and at
   * the bottom calls setjmp and longjmps to it once: n compiled frames move to the interpreter.
   */
  private static final String DEEP =
      "(module"
          + HOST
          + " (func $mid (param i32) (result i64) (i64.const 0))"
          + " (func $down (export \"down\") (param $n i32) (result i64) (local $r i32)"
          + "   (if (result i64) (i32.eqz (local.get $n))"
          + "     (then"
          + "       (local.set $r (call $setjmp (i32.const 16)))"
          + "       (if (i32.eqz (local.get $r)) (then (call $longjmp (i32.const 16) (i32.const 9))))"
          + "       (i64.extend_i32_s (local.get $r)))"
          + "     (else (i64.add (i64.extend_i32_s (i32.mul (local.get $n) (local.get $n)))"
          + "       (call $down (i32.sub (local.get $n) (i32.const 1))))))))";

  @Test
  void deepCompiledStacksMoveToTheInterpreterWhole() {
    for (long n : new long[] {0, 1, 2000}) {
      long want = instance(DEEP, Jit.Mode.OFF, null).inst.invoke("down", n)[0];
      assertEquals(want, instance(DEEP, Jit.Mode.EAGER, null).inst.invoke("down", n)[0]);
    }
  }
}
