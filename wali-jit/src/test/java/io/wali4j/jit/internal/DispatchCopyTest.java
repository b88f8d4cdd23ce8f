package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.SafePoint;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Opcodes;
import io.wali4j.core.wasm.ValType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regions of a split function that copy the dispatch they branch to ({@link DispatchCopies}): an
 * interpreter loop in Wasm, shaped as clang emits {@code luaV_execute} (cases that end with a
 * branch to a shared fetch of the next opcode, which jumps back to the loop head and its {@code
 * br_table}, and a case with its own fetch), split at every size, against the interpreter; traps
 * and safe points inside copies.
 */
class DispatchCopyTest {

  /**
   * {@code run(p, x)} interprets the bytes at {@code p}, an accumulator starting at {@code x}: 0
   * add imm, 1 mul 3 (its own fetch), 2 mix with an f64, 3 set n to imm, 4 while --n > 0 jump back
   * imm bytes, 5 add the probe's answer, 6 divide by imm (traps at 0), 7 jump back imm bytes
   * always, 8 and above halt.
   */
  static final String MODULE =
      "(module (import \"env\" \"probe\" (func $probe (result i32))) (memory 1)"
          // 0: setn 50; add 3; mul; mix; back 6 (to add); call; halt
          + " (data (i32.const 0) \"\\03\\32\\00\\03\\01\\02\\04\\06\\05\\09\")"
          // 16: add 5; div 2; div 0 (traps); halt
          + " (data (i32.const 16) \"\\00\\05\\06\\02\\06\\00\\08\")"
          // 32: add 1; jump back 4 (to add), forever
          + " (data (i32.const 32) \"\\00\\01\\07\\04\")"
          + " (func $run (export \"run\") (param $p i32) (param $x i64) (result i64)"
          + "  (local $op i32) (local $acc i64) (local $n i32) (local $f f64)"
          + "  (local.set $acc (local.get $x))"
          + "  (local.set $f (f64.const 0.5))"
          + "  (local.set $op (i32.load8_u (local.get $p)))"
          + "  (loop $L"
          + "   (block $tail"
          + "    (block $halt (block $goto (block $div (block $call (block $back (block $setn"
          + "     (block $mix (block $mul (block $add"
          + "      (br_table $add $mul $mix $setn $back $call $div $goto $halt (local.get $op)))"
          + "      (local.set $p (i32.add (local.get $p) (i32.const 1)))"
          + "      (local.set $acc (i64.add (local.get $acc) (i64.load8_u (local.get $p))))"
          + "      (br $tail))"
          + "     (local.set $acc (i64.mul (local.get $acc) (i64.const 3)))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 1)))"
          + "     (local.set $op (i32.load8_u (local.get $p)))"
          + "     (br $L))"
          + "    (local.set $f (f64.add (local.get $f) (f64.convert_i64_s (local.get $acc))))"
          + "    (local.set $acc (i64.xor (local.get $acc) (i64.reinterpret_f64 (local.get $f))))"
          + "    (br $tail))"
          + "   (local.set $p (i32.add (local.get $p) (i32.const 1)))"
          + "   (local.set $n (i32.load8_u (local.get $p)))"
          + "   (br $tail))"
          + "  (local.set $p (i32.add (local.get $p) (i32.const 1)))"
          + "  (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
          + "  (if (i32.gt_s (local.get $n) (i32.const 0))"
          + "   (then (local.set $p (i32.sub (local.get $p) (i32.load8_u (local.get $p))))))"
          + "  (br $tail))"
          + " (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_s (call $probe))))"
          + " (br $tail))"
          + " (local.set $p (i32.add (local.get $p) (i32.const 1)))"
          + " (local.set $acc (i64.div_s (local.get $acc) (i64.load8_u (local.get $p))))"
          + " (br $tail))"
          + " (local.set $p (i32.add (local.get $p) (i32.const 1)))"
          + " (local.set $p (i32.sub (local.get $p) (i32.load8_u (local.get $p))))"
          + " (br $tail))"
          + " (return (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n)))))"
          // The shared fetch: the next opcode, back to the loop head.
          + " (local.set $p (i32.add (local.get $p) (i32.const 1)))"
          + " (local.set $op (i32.load8_u (local.get $p)))"
          + " (br $L))"
          + " (unreachable)))";

  private static final Imports PROBE =
      (module, name) ->
          new HostFunction(
              new FuncType(new ValType[0], new ValType[] {ValType.I32}),
              (caller, stack, base) -> stack[base] = 7);

  private int previousCopy;

  @BeforeEach
  void copyDispatches() {
    previousCopy = DispatchCopies.maxInstructions(32);
  }

  @AfterEach
  void restoreCopying() {
    DispatchCopies.maxInstructions(previousCopy);
  }

  private static FunctionCode run() {
    return Wat.validated(MODULE).code().get(0);
  }

  @Test
  void regionsThatCopyTheDispatchAgreeWithTheInterpreterWhereverTheCutsFall() {
    Instance interp = Wat.instantiate(Jit.Mode.OFF, MODULE, PROBE);
    int length = run().code().length;
    int copied = 0;
    for (int slots = 4; slots <= length; slots += 2) {
      int previous = RegionPlanner.splitSlots(slots);
      int before = RegionEmitter.COPIED.get();
      try {
        Instance compiled = Wat.instantiate(Jit.Mode.EAGER, MODULE, PROBE);
        for (long x : new long[] {0, 1, -5, 1L << 40}) {
          agree(interp, compiled, "run", 0, x);
          assertEquals(Failure.INTEGER_DIVIDE_BY_ZERO, agree(interp, compiled, "run", 16, x));
        }
      } finally {
        RegionPlanner.splitSlots(previous);
      }
      int here = RegionEmitter.COPIED.get() - before;
      // The plan may name exits the emitted code never takes (a branch in dead code).
      assertTrue(here <= RegionPlanner.plan(run(), Math.max(1, slots / 2)).copies(), "copies");
      copied += here;
    }
    assertTrue(copied > 0, "no region copied the dispatch");
  }

  @Test
  void aCopyEndsAtTheDispatchAndLeavesForCasesElsewhere() {
    FunctionCode fc = run();
    int[] code = fc.code();
    boolean direct = false;
    boolean leaves = false;
    for (int max = 2; max <= code.length; max++) {
      RegionPlanner.Plan plan = RegionPlanner.plan(fc, max);
      for (int k = 0; k < plan.regions(); k++) {
        int from = plan.from(k);
        int to = plan.to(k, code.length);
        for (int x = plan.copied()[k].nextSetBit(0);
            x >= 0;
            x = plan.copied()[k].nextSetBit(x + 1)) {
          int[] trace = DispatchCopies.trace(code, x, from, to);
          int last = trace[trace.length - 1];
          assertTrue(
              code[last] == Opcodes.BR_TABLE
                  || (code[last] == Opcodes.JUMP && plan.regionOf(code[last + 1]) == k));
          if (code[last] == Opcodes.BR_TABLE) {
            for (int i = 0; i <= code[last + 1]; i++) {
              int t = code[last + 2 + 3 * i];
              if (plan.regionOf(t) == k) {
                direct = true;
              } else {
                leaves = true;
                assertTrue(plan.entryOf()[t] >= 0, "a case the copy leaves for is an entry");
              }
            }
          }
        }
      }
    }
    assertTrue(direct, "no copy jumps straight to a case of its own region");
    assertTrue(leaves, "no copy leaves for a case of another region");
  }

  @Test
  void withCopyingOffNoRegionCopies() {
    DispatchCopies.maxInstructions(0);
    for (int max = 2; max <= 64; max++) {
      assertEquals(0, RegionPlanner.plan(run(), max).copies());
    }
  }

  /** {@link #MODULE} with a fork (ThreadState.capture) where the probe is called. */
  static final String FORKING =
      MODULE
          .replace(
              "(import \"env\" \"probe\" (func $probe (result i32)))",
              "(import \"wali\" \"SYS_fork\" (func $probe (result i64)))")
          .replace("(i64.extend_i32_s (call $probe))", "(i64.mul (call $probe) (i64.const 1000))");

  /** The parent's and the child's results of {@code run(0, x)} forking in its call case. */
  static List<Long> forked(Jit.Mode mode, long x) {
    CaptureImports host =
        new CaptureImports() {
          @Override
          Extern other(String name) {
            return null;
          }
        };
    Store store = new Store();
    store.jitMode(mode);
    Instance inst = Instance.instantiate(store, Wat.validated(FORKING), host);
    long parent = inst.invoke("run", 0, x)[0];
    assertNotNull(host.forked, "fork was called");
    return List.of(parent, host.forked.resume(0L)[0]);
  }

  /**
   * A fork in a case of the split loop, whose region copies the dispatch: the captured frame (one
   * for the function, the locals the region holds, copies' writes among them) resumes the child in
   * the interpreter as it resumes an interpreted parent's.
   */
  @Test
  void aForkInACaseCapturesTheFrameOfARegionThatCopiesTheDispatch() {
    int length = Wat.validated(FORKING).code().get(0).code().length;
    for (long x : new long[] {3, -40}) {
      List<Long> want = forked(Jit.Mode.OFF, x);
      for (int slots = 4; slots <= length; slots += 4) {
        int previous = RegionPlanner.splitSlots(slots);
        try {
          assertEquals(want, forked(Jit.Mode.EAGER, x), "slots " + slots);
        } finally {
          RegionPlanner.splitSlots(previous);
        }
      }
    }
  }

  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /**
   * An endless bytecode loop whose only Wasm loop head is the dispatch's, which the case's region
   * copies: a stop requested from another thread ends it at the copy's safe point.
   */
  @Test
  void anEndlessBytecodeLoopStopsAtTheCopiedLoopHead() throws Exception {
    int length = run().code().length;
    for (int slots = 4; slots <= length; slots += 2) {
      int previous = RegionPlanner.splitSlots(slots);
      Instance compiled;
      try {
        compiled = Wat.instantiate(Jit.Mode.EAGER, MODULE, PROBE);
      } finally {
        RegionPlanner.splitSlots(previous);
      }
      CompletableFuture<SafePoint> point = new CompletableFuture<>();
      CompletableFuture<Object> result = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                SafePoint.current()
                    .action(
                        i -> {
                          throw new Stop();
                        });
                point.complete(SafePoint.current());
                try {
                  result.complete(compiled.invoke("run", 32, 0)[0]);
                } catch (RuntimeException e) {
                  result.complete(e);
                }
              });
      t.setDaemon(true);
      t.start();
      SafePoint p = point.get(10, TimeUnit.SECONDS);
      Thread.sleep(20);
      p.request();
      assertInstanceOf(Stop.class, result.get(10, TimeUnit.SECONDS), "slots " + slots);
    }
  }
}
