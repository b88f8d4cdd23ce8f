package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Wali;
import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.interp.NonLocalJumps;
import io.wali4j.core.interp.Snapshot;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.WasmException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A setjmp made by compiled code moves only the frame that calls it to the interpreter: that frame
 * runs in a nested interpreter run to its return, and the compiled frames below stay compiled (a
 * probe import walks the Java stack for the caller's compiled method). longjmp lands in that run
 * from compiled callees, interpreted callees and deep recursions of nested runs; a fork under it
 * still captures every frame, and the jump points of the frames a fork moves move with them. Every
 * result is compared with the same module interpreted.
 */
class SetjmpFrameTest {

  private static final String HOST =
      " (import \"wali\" \"SYS_fork\" (func $fork (result i64)))"
          + " (import \"wali\" \"setjmp\" (func $setjmp (param i32) (result i32)))"
          + " (import \"wali\" \"longjmp\" (func $longjmp (param i32 i32)))"
          + " (import \"env\" \"probe\" (func $probe (param i32)))"
          + " (memory 1)";

  /** fork, setjmp and longjmp as the runtime makes them; probe looks for compiled frames. */
  private static final class Host extends CaptureImports {
    Instance inst;

    /** funcidx of the function whose compiled method the probe looks for. */
    int watched = -1;

    int probes;
    int compiledProbes;

    @Override
    Extern other(String name) {
      switch (name) {
        case "probe":
          return new HostFunction(
              new FuncType(new ValType[] {ValType.I32}, new ValType[0]),
              (caller, stack, base) -> {
                probes++;
                if (onJavaStack(watched)) {
                  compiledProbes++;
                }
              });
        default:
          return null;
      }
    }
  }

  /** Whether the compiled method of function {@code funcidx} is running on this Java thread. */
  private static boolean onJavaStack(int funcidx) {
    String method = FunctionCompiler.methodName(funcidx);
    return StackWalker.getInstance(StackWalker.Option.SHOW_HIDDEN_FRAMES)
        .walk(
            frames ->
                frames.anyMatch(
                    f ->
                        f.getMethodName().equals(method)
                            && f.getClassName().startsWith("io.wali4j.jit.internal.WasmBatch")));
  }

  /** An instance: interpreted ({@code OFF}), compiled eagerly, or with only {@code compiled}. */
  private static Host instance(String wat, Jit.Mode mode, Set<Integer> compiled) {
    ValidatedModule v = Wat.validated(wat);
    Host host = new Host();
    Store store = new Store();
    store.jitMode(compiled == null ? mode : Jit.Mode.OFF);
    host.inst = Instance.instantiate(store, v, host);
    if (compiled != null) {
      JitTier.compile(v.module(), v.code(), MemoryKind.of(host.inst))
          .install(host.inst, compiled::contains);
    }
    return host;
  }

  /**
   * $run loops n times over $guarded(i % 3 - 1), folding the results, and calls the probe after
   * each. $guarded calls setjmp(16) with an f32 local live across it, then $a -> $b -> $c, which
   * longjmps back with v when v > 0; the second return of setjmp shows in the result.
   */
  private static final String LOOP =
      "(module"
          + HOST
          + " (func $c (param $v i32) (result i32)"
          + "   (if (i32.gt_s (local.get $v) (i32.const 0))"
          + "     (then (call $longjmp (i32.const 16) (local.get $v))))"
          + "   (i32.const 3))"
          + " (func $b (param $v i32) (result i32) (local $k i64)"
          + "   (local.set $k (i64.const 9))"
          + "   (i32.add (i32.wrap_i64 (local.get $k)) (call $c (local.get $v))))"
          + " (func $a (param $v i32) (result i32) (local $d f64)"
          + "   (local.set $d (f64.const 0.5))"
          + "   (i32.add (i32.trunc_f64_s (f64.mul (local.get $d) (f64.const 10)))"
          + "     (call $b (local.get $v))))"
          + " (func $guarded (param $v i32) (result i32) (local $r i32) (local $g f32)"
          + "   (local.set $g (f32.const 2.5))"
          + "   (local.set $r (i32.add (local.get $v) (call $setjmp (i32.const 16))))"
          + "   (if (result i32) (i32.eq (local.get $r) (local.get $v))"
          + "     (then (i32.add (i32.const 100) (call $a (local.get $v))))"
          + "     (else (i32.add (i32.mul (local.get $r) (i32.const 1000))"
          + "       (i32.trunc_f32_s (local.get $g))))))"
          + " (func $run (export \"run\") (param $n i32) (result i64) (local $i i32) (local $acc i64)"
          + "   (block $done (loop $l"
          + "     (br_if $done (i32.ge_s (local.get $i) (local.get $n)))"
          + "     (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))"
          + "       (i64.extend_i32_s (call $guarded"
          + "         (i32.sub (i32.rem_u (local.get $i) (i32.const 3)) (i32.const 1))))))"
          + "     (call $probe (local.get $i))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br $l)))"
          + "   (local.get $acc))"
          + " (func (export \"outer\") (param $n i32) (result i64)"
          + "   (i64.add (i64.const 1) (call $run (local.get $n)))))";

  private static final int C = 4;
  private static final int B = 5;
  private static final int A = 6;
  private static final int GUARDED = 7;
  private static final int RUN = 8;

  /** Runs {@code export(n)} of {@link #LOOP}; returns the result and how many probes saw $run. */
  private static long[] loop(Host host, String export, int n) {
    host.watched = RUN;
    long r = host.inst.invoke(export, n)[0];
    assertEquals(n, host.probes);
    return new long[] {r, host.compiledProbes};
  }

  @Test
  void aLoopCallingSetjmpStaysCompiledAndAgreesWithTheInterpreter() {
    for (int n : new int[] {1, 2, 3, 10, 1000}) {
      long want = loop(instance(LOOP, Jit.Mode.OFF, null), "run", n)[0];
      Host host = instance(LOOP, Jit.Mode.EAGER, null);
      for (int f = C; f <= RUN; f++) {
        assertNotNull(((WasmFunction) host.inst.function(f)).compiled(), "func " + f);
      }
      long[] got = loop(host, "run", n);
      assertEquals(want, got[0], "run(" + n + ")");
      // Every probe, made by $run after $guarded's setjmp returned (once or twice), found $run's
      // compiled method on the stack: the setjmp moved $guarded alone.
      assertEquals(n, got[1], "probes that found $run compiled, of " + n);
      // Entered from an interpreted caller, too.
      long wantOuter = loop(instance(LOOP, Jit.Mode.OFF, null), "outer", n)[0];
      long[] outer = loop(instance(LOOP, Jit.Mode.EAGER, null), "outer", n);
      assertEquals(wantOuter, outer[0], "outer(" + n + ")");
      assertEquals(n, outer[1]);
    }
  }

  @Test
  void longjmpFromAnInterpretedCalleeLandsInTheNestedRun() {
    long want = loop(instance(LOOP, Jit.Mode.OFF, null), "run", 30)[0];
    // $c interpreted: a run of its own above compiled $b and $a, below which the nested run holds
    // $guarded; and $b interpreted between compiled $a and $c.
    long[] got = loop(instance(LOOP, Jit.Mode.EAGER, Set.of(B, A, GUARDED, RUN)), "run", 30);
    assertEquals(want, got[0]);
    assertEquals(30, got[1]);
    got = loop(instance(LOOP, Jit.Mode.EAGER, Set.of(C, A, GUARDED, RUN)), "run", 30);
    assertEquals(want, got[0]);
    assertEquals(30, got[1]);
    // $guarded interpreted under compiled $run: setjmp in an interpreted function's own run.
    got = loop(instance(LOOP, Jit.Mode.EAGER, Set.of(C, B, A, RUN)), "run", 30);
    assertEquals(want, got[0]);
    assertEquals(30, got[1]);
  }

  /**
   * {@link #LOOP} with $guarded calling setjmp through {@code call_indirect}: such a call moves
   * every compiled frame to the interpreter (the frames finish there), as before; the results stay
   * the interpreter's.
   */
  private static final String INDIRECT =
      LOOP.replace(
              "(call $setjmp (i32.const 16))",
              "(call_indirect (type $sj) (i32.const 16) (i32.const 0))")
          .replace(
              " (memory 1)",
              " (memory 1) (type $sj (func (param i32) (result i32)))"
                  + " (table 1 funcref) (elem (i32.const 0) $setjmp)");

  @Test
  void setjmpThroughCallIndirectStillMovesEveryFrameAndAgrees() {
    for (int n : new int[] {1, 5, 40}) {
      long want = loop(instance(INDIRECT, Jit.Mode.OFF, null), "run", n)[0];
      Host host = instance(INDIRECT, Jit.Mode.EAGER, null);
      assertNotNull(((WasmFunction) host.inst.function(GUARDED)).compiled());
      assertEquals(want, loop(host, "run", n)[0], "run(" + n + ")");
    }
  }

  /**
   * $rec(n) calls setjmp on its own env (1024 + 8n), recurses to n - 1, then longjmps to its own
   * env once, after all deeper levels returned: compiled, each level is a nested run at the same
   * interpreter depth, and the marks of the deeper levels must not drop the outer levels' points (a
   * mark prunes the table past 64 points).
   */
  private static final String RECURSION =
      "(module"
          + HOST
          + " (func $rec (export \"rec\") (param $n i32) (result i32) (local $r i32) (local $sum i32)"
          + "   (local.set $r (call $setjmp (i32.add (i32.const 1024) (i32.shl (local.get $n)"
          + "     (i32.const 3)))))"
          + "   (if (i32.eqz (local.get $r))"
          + "     (then"
          + "       (if (i32.gt_s (local.get $n) (i32.const 0))"
          + "         (then (local.set $sum (call $rec (i32.sub (local.get $n) (i32.const 1))))))"
          + "       (i32.store (i32.const 512) (local.get $sum))"
          + "       (call $longjmp (i32.add (i32.const 1024) (i32.shl (local.get $n) (i32.const 3)))"
          + "         (i32.add (local.get $n) (i32.const 1)))))"
          + "   (i32.add (i32.load (i32.const 512)) (local.get $r))))";

  @Test
  void nestedRunsAtOneDepthKeepTheOuterJumpPointsPastThePruneThreshold() {
    for (int n : new int[] {0, 5, 200}) {
      long want = instance(RECURSION, Jit.Mode.OFF, null).inst.invoke("rec", n)[0];
      assertEquals((long) (n + 1) * (n + 2) / 2, want, "the interpreter's sum of 1..n+1");
      Host host = instance(RECURSION, Jit.Mode.EAGER, null);
      assertEquals(want, host.inst.invoke("rec", n)[0], "rec(" + n + ")");
    }
  }

  /**
   * $guarded calls setjmp(16) and returns; $stale then longjmps to that buffer (undefined in C):
   * the jump traps as invalid, compiled as interpreted.
   */
  private static final String STALE =
      "(module"
          + HOST
          + " (func $guarded (result i32) (call $setjmp (i32.const 16)))"
          + " (func (export \"stale\") (result i32)"
          + "   (drop (call $guarded))"
          + "   (call $longjmp (i32.const 16) (i32.const 1))"
          + "   (i32.const 0)))";

  private static Failure failure(Supplier<long[]> run) {
    WasmException e =
        assertThrows(
            WasmException.class,
            () -> {
              try {
                run.get();
              } catch (NonLocalJumps.Jump j) {
                // No run took it: the process trap (ProcessThreads does the same).
                throw j.asTrap();
              }
            });
    return e.failure();
  }

  @Test
  void longjmpToANestedFrameThatReturnedTraps() {
    assertEquals(
        Failure.INVALID_LONGJMP,
        failure(() -> instance(STALE, Jit.Mode.OFF, null).inst.invoke("stale")));
    assertEquals(
        Failure.INVALID_LONGJMP,
        failure(() -> instance(STALE, Jit.Mode.EAGER, null).inst.invoke("stale")));
  }

  /**
   * $top calls $mid calls $guarded, which calls setjmp(16) then $leaf, which forks; the parent
   * (fork returned 1) then longjmps to 16, whose point must have moved with $guarded's frame when
   * the fork took the nested run down to the run below; the child returns without jumping.
   */
  private static final String FORK =
      "(module"
          + HOST
          + " (func $leaf (param $a i32) (result i64) (local $x i64)"
          + "   (local.set $x (i64.extend_i32_s (local.get $a)))"
          + "   (i64.add (i64.mul (local.get $x) (i64.const 7)) (call $fork)))"
          + " (func $guarded (param $b i32) (result i64) (local $r i32) (local $y i64)"
          + "   (local.set $r (call $setjmp (i32.const 16)))"
          + "   (if (local.get $r) (then (return (i64.add (i64.const 900) (i64.extend_i32_s"
          + "     (local.get $r))))))"
          + "   (local.set $y (call $leaf (i32.add (local.get $b) (i32.const 1))))"
          + "   (if (i64.eq (i64.and (local.get $y) (i64.const 1))"
          + "         (i64.and (i64.add (i64.mul (i64.extend_i32_s (local.get $b)) (i64.const 7))"
          + "           (i64.const 8)) (i64.const 1)))"
          + "     (then (call $longjmp (i32.const 16) (i32.wrap_i64 (local.get $y)))))"
          + "   (local.get $y))"
          + " (func $mid (param $c i32) (result i64) (local $f f64)"
          + "   (local.set $f (f64.const 2.5))"
          + "   (i64.add (i64.trunc_f64_s (local.get $f)) (call $guarded (local.get $c))))"
          + " (func $top (export \"run\") (param $d i32) (result i64)"
          + "   (i64.add (i64.const 10000) (call $mid (i32.mul (local.get $d) (i32.const 2))))))";

  private static final int LEAF = 4;
  private static final int FORK_GUARDED = 5;
  private static final int MID = 6;
  private static final int TOP = 7;

  /** What a fork shows: the parent's and the child's results and the captured frames. */
  private record Forked(long parent, long child, int callers, String function) {}

  private static Forked fork(Host host, long arg) {
    long parent = host.inst.invoke("run", arg)[0];
    Snapshot s = host.forked;
    assertNotNull(s, "fork was called");
    long child = s.resume(0L)[0];
    return new Forked(parent, child, s.callers().length, s.function().name());
  }

  @Test
  void aForkUnderTheNestedRunCapturesEveryFrameAndItsJumpPointMovesAlong() {
    for (long arg : new long[] {0, 3, -2}) {
      Forked want = fork(instance(FORK, Jit.Mode.OFF, null), arg);
      // The parent jumped back to the setjmp with $leaf's result 14 arg + 8 (setjmp's second
      // return, 900 + it, goes up through $mid and $top); the child returned 14 arg + 7 plainly.
      assertEquals(10910 + 14 * arg, want.parent(), want.toString());
      assertEquals(10009 + 14 * arg, want.child(), want.toString());
      assertEquals(3, want.callers(), "$top, $mid, $guarded below $leaf");
      assertEquals(want, fork(instance(FORK, Jit.Mode.EAGER, null), arg), "run(" + arg + ")");
      assertEquals(
          want,
          fork(instance(FORK, Jit.Mode.EAGER, Set.of(LEAF, FORK_GUARDED, TOP)), arg),
          "$mid interpreted, run(" + arg + ")");
      assertEquals(
          want,
          fork(instance(FORK, Jit.Mode.EAGER, Set.of(LEAF, MID, TOP)), arg),
          "$guarded interpreted, run(" + arg + ")");
    }
  }

  /**
   * A WALI process: $guarded calls sigsetjmp(2048, 1) and counts its returns at 508; the first
   * three times it calls $raiseDeep, which recurses six compiled frames deep and sends itself
   * SIGUSR1, whose handler longjmps back with 7 (delivered at the return of kill); the next two
   * times $spin, which arms a 20 ms SIGALRM timer and loops forever, until the handler longjmps
   * back with 9 (delivered at a safe point of the compiled loop). Each handler ran with its signal
   * blocked; the saved mask comes back with each jump. Exit status: 10 * the last setjmp value +
   * the rounds + 100 if SIGUSR1 or SIGALRM stayed blocked.
   */
  private static final String SIGNALS =
      """
      (module
        (import "wali" "SYS_rt_sigaction" (func $sigaction (param i32 i32 i32 i32) (result i64)))
        (import "wali" "SYS_rt_sigprocmask"
          (func $sigprocmask (param i32 i32 i32 i32) (result i64)))
        (import "wali" "SYS_kill" (func $kill (param i32 i32) (result i64)))
        (import "wali" "SYS_getpid" (func $getpid (result i64)))
        (import "wali" "SYS_setitimer" (func $setitimer (param i32 i32 i32) (result i64)))
        (import "wali" "SYS_exit_group" (func $exit_group (param i32) (result i64)))
        (import "wali" "sigsetjmp" (func $sigsetjmp (param i32 i32) (result i32)))
        (import "wali" "longjmp" (func $longjmp (param i32 i32)))
        (memory (export "memory") 1)
        (table 4 funcref)
        (elem (i32.const 2) $on_usr1 $on_alarm)
        (func $exit (param i32) (drop (call $exit_group (local.get 0))))
        (func $on_usr1 (param $sig i32) (call $longjmp (i32.const 2048) (i32.const 7)))
        (func $on_alarm (param $sig i32) (call $longjmp (i32.const 2048) (i32.const 9)))
        (func $act (param $sig i32) (param $handler i32)
          (i32.store (i32.const 1000) (local.get $handler))
          (drop (call $sigaction (local.get $sig) (i32.const 1000) (i32.const 0) (i32.const 8))))
        (func $raiseDeep (param $n i32) (result i32)
          (if (result i32) (local.get $n)
            (then (i32.add (i32.const 1) (call $raiseDeep (i32.sub (local.get $n) (i32.const 1)))))
            (else
              (drop (call $kill (i32.wrap_i64 (call $getpid)) (i32.const 10)))
              (i32.const 0))))
        (func $spin (param $n i32) (result i32)
          (i64.store (i32.const 1224) (i64.const 20000))
          (drop (call $setitimer (i32.const 0) (i32.const 1200) (i32.const 0)))
          (loop $l
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $l))
          (local.get $n))
        (func $guarded (result i32) (local $r i32)
          (local.set $r (call $sigsetjmp (i32.const 2048) (i32.const 1)))
          (i32.store (i32.const 508) (i32.add (i32.load (i32.const 508)) (i32.const 1)))
          (if (i32.le_u (i32.load (i32.const 508)) (i32.const 3))
            (then (drop (call $raiseDeep (i32.const 6))) (call $exit (i32.const 90))))
          (if (i32.le_u (i32.load (i32.const 508)) (i32.const 5))
            (then (drop (call $spin (i32.const 0))) (call $exit (i32.const 91))))
          (local.get $r))
        (func $blocked (result i32)
          (drop (call $sigprocmask (i32.const 0) (i32.const 0) (i32.const 1300) (i32.const 8)))
          (i32.wrap_i64 (i64.and (i64.load (i32.const 1300)) (i64.const 0x2200))))
        (func (export "_start") (local $r i32)
          (call $act (i32.const 10) (i32.const 2))
          (call $act (i32.const 14) (i32.const 3))
          (local.set $r (call $guarded))
          (call $exit (i32.add (i32.mul (local.get $r) (i32.const 10))
            (i32.add (i32.load (i32.const 508))
              (i32.mul (i32.ne (call $blocked) (i32.const 0)) (i32.const 100))))))
      )
      """;

  @TempDir Path dir;

  private ExitStatus runProcess(Jit.Mode mode) {
    byte[] m = Wat.compile(SIGNALS);
    return assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> Wali.process(m).argv(List.of("signals")).env(Map.of()).cwd(dir).jit(mode).run());
  }

  @Test
  void siglongjmpFromSignalHandlersLandsInTheNestedRunAndRestoresTheMask() {
    ExitStatus want = runProcess(Jit.Mode.OFF);
    assertEquals(ExitStatus.exited(96), want, "9 * 10 + 6 rounds, nothing left blocked");
    int compiledBefore = Jit.tier().stats().compiledModules();
    assertEquals(want, runProcess(Jit.Mode.EAGER));
    assertEquals(compiledBefore + 1, Jit.tier().stats().compiledModules(), "compiled eagerly");
  }
}
