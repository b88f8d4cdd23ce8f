package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.Limits;
import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.SafePoint;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On-stack entry: an invocation that started interpreted goes on in its function's compiled code,
 * split into regions, at a loop head once the code is installed ({@code interp.OnStackEntries}).
 * Each function here loops {@code n} times and calls the {@code gate} import at iteration {@code
 * g}, which compiles the module and installs some of its functions while the loop runs in the
 * interpreter; the interpreter's next loop sample finds the installed code and enters it (a probe
 * import near the end sees a region method on the Java stack). Results, traps, memory, forks,
 * longjmps and signal actions are compared with the same module interpreted throughout, with the
 * function's frame as the run's entry frame (called by the host) and under an interpreted caller.
 * Every function of 6 pre-decoded slots or more is split, into regions of 3 slots (every loop
 * crosses regions), and the function entered alone also into two regions, the first holding its
 * loops.
 */
class OnStackEntryTest {

  private static int previousSplit;

  @BeforeAll
  static void splitEveryFunction() {
    previousSplit = RegionPlanner.splitSlots(6);
  }

  @AfterAll
  static void restore() {
    RegionPlanner.splitSlots(previousSplit);
  }

  private static final String HOST =
      " (import \"env\" \"gate\" (func $gate))"
          + " (import \"env\" \"probe\" (func $probe))"
          + " (import \"wali\" \"SYS_fork\" (func $fork (result i64)))"
          + " (import \"wali\" \"setjmp\" (func $setjmp (param i32) (result i32)))"
          + " (import \"wali\" \"longjmp\" (func $longjmp (param i32 i32)))"
          + " (import \"env\" \"raise\" (func $raise))"
          + " (memory 1)";

  private static final String MODULE =
      "(module"
          + HOST
          // Locals of every type written before the loop, an i64 beneath it.
          + " (func $sum (export \"sum\") (param $n i32) (param $g i32) (result i64)"
          + "   (local $i i32) (local $acc i64) (local $d f64) (local $f f32)"
          + "   (local.set $acc (i64.const 7))"
          + "   (local.set $d (f64.const 1.5))"
          + "   (local.set $f (f32.const 0.25))"
          + "   (i64.const 1000000)"
          + "   (loop $next (result i64)"
          + "     (if (i32.eq (local.get $i) (local.get $g)) (then (call $gate)))"
          + "     (local.set $acc (i64.add (i64.mul (local.get $acc) (i64.const 31))"
          + "       (i64.extend_i32_s (local.get $i))))"
          + "     (local.set $d (f64.add (local.get $d)"
          + "       (f64.convert_i32_s (i32.and (local.get $i) (i32.const 7)))))"
          + "     (local.set $f (f32.mul (local.get $f) (f32.const 1.0001)))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br_if $next (i32.lt_s (local.get $i) (local.get $n)))"
          + "     (call $probe)"
          + "     (i64.add (local.get $acc) (i64.trunc_f64_s (local.get $d))))"
          + "   (i64.add)"
          + "   (i64.add (i64.extend_i32_u (i32.reinterpret_f32 (local.get $f)))))"
          // A loop with parameters (an i64 and an i32 on the operand stack at its head) above an
          // i32, and two results.
          + " (func $mv (export \"mv\") (param $n i32) (param $g i32) (result i64 i32)"
          + "   (local $i i32) (local $acc i64)"
          + "   (i32.const 11)"
          + "   (i64.const 3) (i32.const 0)"
          + "   (loop $l (param i64 i32) (result i64 i32)"
          + "     (local.set $i) (local.set $acc)"
          + "     (if (i32.eq (local.get $i) (local.get $g)) (then (call $gate)))"
          + "     (i64.add (i64.mul (local.get $acc) (i64.const 1000003))"
          + "       (i64.extend_i32_u (local.get $i)))"
          + "     (i32.add (local.get $i) (i32.const 1))"
          + "     (br_if $l (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $n))))"
          + "   (local.set $i) (local.set $acc)"
          + "   (i32.add (local.get $i))"
          + "   (local.set $i)"
          + "   (call $probe)"
          + "   (local.get $acc) (local.get $i))"
          // Nested loops: n outer iterations of 100 inner ones; the gate at inner iteration g.
          + " (func $nest (export \"nest\") (param $n i32) (param $g i32) (result i64)"
          + "   (local $i i32) (local $j i32) (local $acc i64)"
          + "   (loop $outer"
          + "     (local.set $i (i32.const 0))"
          + "     (loop $inner"
          + "       (if (i32.eq (i32.add (i32.mul (local.get $j) (i32.const 100)) (local.get $i))"
          + "         (local.get $g)) (then (call $gate)))"
          + "       (local.set $acc (i64.add (i64.rotl (local.get $acc) (i64.const 5))"
          + "         (i64.extend_i32_u (i32.xor (local.get $i) (local.get $j)))))"
          + "       (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "       (br_if $inner (i32.lt_u (local.get $i) (i32.const 100))))"
          + "     (local.set $j (i32.add (local.get $j) (i32.const 1)))"
          + "     (br_if $outer (i32.lt_u (i32.mul (local.get $j) (i32.const 100)) (local.get $n))))"
          + "   (call $probe)"
          + "   (local.get $acc))"
          // A return from inside the loop, which never ends otherwise.
          + " (func $early (export \"early\") (param $n i32) (param $g i32) (result i64)"
          + "   (local $i i32) (local $acc i64)"
          + "   (loop $l"
          + "     (if (i32.eq (local.get $i) (local.get $g)) (then (call $gate)))"
          + "     (local.set $acc (i64.add (local.get $acc)"
          + "       (i64.mul (i64.extend_i32_u (local.get $i)) (i64.const 3))))"
          + "     (if (i32.eq (local.get $i) (i32.sub (local.get $n) (i32.const 7)))"
          + "       (then (call $probe) (return (i64.xor (local.get $acc) (i64.const 0x5a5a)))))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br $l))"
          + "   (unreachable))"
          // A trap near the end, after stores.
          + " (func $trapper (export \"trapper\") (param $n i32) (param $g i32) (result i64)"
          + "   (local $i i32)"
          + "   (loop $l"
          + "     (if (i32.eq (local.get $i) (local.get $g)) (then (call $gate)))"
          + "     (i64.store (i32.const 8) (i64.extend_i32_u (local.get $i)))"
          + "     (if (i32.eq (local.get $i) (i32.sub (local.get $n) (i32.const 3)))"
          + "       (then (call $probe) (drop (i32.load (i32.const 70000)))))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br_if $l (i32.lt_u (local.get $i) (local.get $n))))"
          + "   (i64.load (i32.const 8)))"
          // A fork 5000 iterations before the end.
          + " (func $forker (export \"forker\") (param $n i32) (param $g i32) (result i64)"
          + "   (local $i i32) (local $acc i64)"
          + "   (loop $l"
          + "     (if (i32.eq (local.get $i) (local.get $g)) (then (call $gate)))"
          + "     (if (i32.eq (local.get $i) (i32.sub (local.get $n) (i32.const 5000)))"
          + "       (then (local.set $acc (i64.add (local.get $acc)"
          + "         (i64.mul (call $fork) (i64.const 1000000))))))"
          + "     (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $i))))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br_if $l (i32.lt_u (local.get $i) (local.get $n))))"
          + "   (call $probe)"
          + "   (local.get $acc))"
          // A longjmp near the end to a setjmp of the caller.
          + " (func $jumper (param $n i32) (param $g i32) (result i64)"
          + "   (local $i i32) (local $acc i64)"
          + "   (loop $l"
          + "     (if (i32.eq (local.get $i) (local.get $g)) (then (call $gate)))"
          + "     (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $i))))"
          + "     (if (i32.eq (local.get $i) (i32.sub (local.get $n) (i32.const 3)))"
          + "       (then (call $probe) (call $longjmp (i32.const 16)"
          + "         (i32.wrap_i64 (i64.and (local.get $acc) (i64.const 0xffff))))))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br_if $l (i32.lt_u (local.get $i) (local.get $n))))"
          + "   (local.get $acc))"
          + " (func $jumps (export \"jumps\") (param $n i32) (param $g i32) (result i64)"
          + "   (local $r i32)"
          + "   (local.set $r (call $setjmp (i32.const 16)))"
          + "   (if (result i64) (local.get $r)"
          + "     (then (i64.add (i64.const 77000000) (i64.extend_i32_u (local.get $r))))"
          + "     (else (call $jumper (local.get $n) (local.get $g)))))"
          // A frame that called setjmp itself: it stays interpreted; its longjmp lands.
          + " (func $selfjump (export \"selfjump\") (param $n i32) (param $g i32) (result i64)"
          + "   (local $i i32) (local $acc i64) (local $r i32)"
          + "   (local.set $r (call $setjmp (i32.const 32)))"
          + "   (loop $l"
          + "     (if (i32.eq (local.get $i) (local.get $g)) (then (call $gate)))"
          + "     (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $i))))"
          + "     (if (i32.and (i32.eqz (local.get $r))"
          + "       (i32.eq (local.get $i) (i32.sub (local.get $n) (i32.const 3))))"
          + "       (then (call $longjmp (i32.const 32) (i32.const 9))))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br_if $l (i32.lt_u (local.get $i) (local.get $n))))"
          + "   (call $probe)"
          + "   (i64.add (local.get $acc) (i64.extend_i32_u (local.get $r))))"
          // A signal (the thread's safe-point action) requested 100 iterations before the end;
          // the action runs the handler, which the loop sees in memory.
          + " (func $signalled (export \"signalled\") (param $n i32) (param $g i32) (result i64)"
          + "   (local $i i32) (local $acc i64)"
          + "   (loop $l"
          + "     (local.set $acc (i64.add (local.get $acc)"
          + "       (i64.extend_i32_u (i32.load (i32.const 64)))))"
          + "     (if (i32.eq (local.get $i) (local.get $g)) (then (call $gate)))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (if (i32.eq (local.get $i) (i32.sub (local.get $n) (i32.const 100)))"
          + "       (then (call $raise)))"
          + "     (br_if $l (i32.lt_u (local.get $i) (local.get $n))))"
          + "   (call $probe)"
          + "   (local.get $acc))"
          + " (func (export \"handler\")"
          + "   (i32.store (i32.const 64) (i32.add (i32.load (i32.const 64)) (i32.const 1000))))"
          + " (func $sigjumps (export \"sigjumps\") (param $n i32) (param $g i32) (result i64)"
          + "   (local $r i32)"
          + "   (local.set $r (call $setjmp (i32.const 16)))"
          + "   (if (result i64) (local.get $r)"
          + "     (then (i64.add (i64.const 88000000) (i64.extend_i32_u (local.get $r))))"
          + "     (else (call $signalled (local.get $n) (local.get $g)))))"
          // A recursion of depth d after the loop.
          + " (func $count (param i32) (result i32)"
          + "   (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))"
          + "     (else (i32.add (i32.const 1)"
          + "       (call $count (i32.sub (local.get 0) (i32.const 1)))))))"
          + " (func $deep (export \"deep\") (param $n i32) (param $g i32) (param $d i32) (result i64)"
          + "   (local $i i32)"
          + "   (loop $l"
          + "     (if (i32.eq (local.get $i) (local.get $g)) (then (call $gate)))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br_if $l (i32.lt_u (local.get $i) (local.get $n))))"
          + "   (call $probe)"
          + "   (i64.extend_i32_u (call $count (local.get $d))))"
          // An interpreted caller: the entered frame is not the run's entry frame.
          + " (func (export \"outer\") (param $which i32) (param $n i32) (param $g i32) (result i64)"
          + "   (local $x i64)"
          + "   (local.set $x (i64.const 5))"
          + "   (i64.add (i64.mul (local.get $x) (i64.const 1000000007))"
          + "     (block $b (result i64)"
          + "       (block $sum (block $nest (block $early (block $trapper (block $forker"
          + "         (br_table $sum $nest $early $trapper $forker (local.get $which)))"
          + "         (br $b (call $forker (local.get $n) (local.get $g))))"
          + "         (br $b (call $trapper (local.get $n) (local.get $g))))"
          + "         (br $b (call $early (local.get $n) (local.get $g))))"
          + "         (br $b (call $nest (local.get $n) (local.get $g))))"
          + "       (call $sum (local.get $n) (local.get $g)))))"
          + " (func (export \"outerMv\") (param $n i32) (param $g i32) (result i64)"
          + "   (local $i i32)"
          + "   (call $mv (local.get $n) (local.get $g))"
          + "   (local.set $i)"
          + "   (i64.add (i64.extend_i32_u (local.get $i)))))";

  private static final int FIRST = 6;
  private static final int SUM = FIRST;
  private static final int MV = FIRST + 1;
  private static final int NEST = FIRST + 2;
  private static final int EARLY = FIRST + 3;
  private static final int TRAPPER = FIRST + 4;
  private static final int FORKER = FIRST + 5;
  private static final int JUMPER = FIRST + 6;
  private static final int SELFJUMP = FIRST + 8;
  private static final int SIGNALLED = FIRST + 9;
  private static final int COUNT = FIRST + 12;
  private static final int DEEP = FIRST + 13;

  private static final ValidatedModule VALIDATED = Wat.validated(MODULE);

  private static final Pattern REGION = Pattern.compile("f\\d+_(osr|\\d+)");

  /**
   * The imports: {@code gate} compiles the module and installs {@link #install} (once; nothing when
   * null: the reference run), {@code probe} notes whether a region method is on the Java stack,
   * {@code raise} requests a stop at the thread's next safe point.
   */
  private static final class Host extends CaptureImports {
    Instance inst;
    Set<Integer> install;
    boolean installed;
    final List<Boolean> probes = new ArrayList<>();

    @Override
    Extern other(String name) {
      FuncType none = new FuncType(new ValType[0], new ValType[0]);
      switch (name) {
        case "gate":
          return new HostFunction(none, (caller, stack, base) -> gate());
        case "probe":
          return new HostFunction(none, (caller, stack, base) -> probes.add(onRegion()));
        case "raise":
          return new HostFunction(none, (caller, stack, base) -> SafePoint.current().request());
        default:
          return null;
      }
    }

    /** Tiered mode: the function whose background compilation the gate waits for, else -1. */
    int awaitCompiled = -1;

    private void gate() {
      if (awaitCompiled >= 0) {
        WasmFunction f = (WasmFunction) inst.function(awaitCompiled);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (f.compiled() == null && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        return;
      }
      if (install == null || installed) {
        return;
      }
      installed = true;
      CompiledModule code =
          JitTier.compile(VALIDATED.module(), VALIDATED.code(), MemoryKind.of(inst));
      code.install(inst, install::contains);
      for (int f : install) {
        assertNotNull(((WasmFunction) inst.function(f)).compiled(), "installed " + f);
      }
    }
  }

  private static boolean onRegion() {
    return StackWalker.getInstance(StackWalker.Option.SHOW_HIDDEN_FRAMES)
        .walk(frames -> frames.anyMatch(f -> REGION.matcher(f.getMethodName()).matches()));
  }

  /**
   * A tiered instance of {@code module} whose gate waits for the background compilation of function
   * {@code awaitCompiled}.
   */
  private static Host tiered(ValidatedModule module, int awaitCompiled) {
    Host h = instance(module, Jit.Mode.TIERED);
    h.awaitCompiled = awaitCompiled;
    return h;
  }

  /** An interpreted instance whose gate installs {@code install} (null: never). */
  private static Host host(Set<Integer> install) {
    Host h = instance(VALIDATED, Jit.Mode.OFF);
    h.install = install;
    return h;
  }

  /** An instance of {@code module} in a store of its own, in {@code mode}. */
  private static Host instance(ValidatedModule module, Jit.Mode mode) {
    Host h = new Host();
    Store store = new Store();
    store.jitMode(mode);
    h.inst = Instance.instantiate(store, module, h);
    return h;
  }

  /** A call's outcome: its results, or its trap's failure. */
  private static Object outcome(Host h, String export, long... args) {
    try {
      return toList(h.inst.invoke(export, args));
    } catch (WasmException e) {
      return e.failure();
    }
  }

  private static List<Long> toList(long[] a) {
    List<Long> out = new ArrayList<>();
    for (long v : a) {
      out.add(v);
    }
    return out;
  }

  /**
   * Runs {@code export(args)} interpreted throughout and entering the compiled code of {@code
   * install} at the gate, under both region sizes and emitted whole with an entry-only copy ({@link
   * RegionPlanner#enterable}); asserts the same outcome and that the compiled code was entered and
   * ran to the probe.
   */
  private static void assertEnteredAlike(Set<Integer> install, String export, long... args) {
    io.wali4j.core.wasm.FunctionCode fc = VALIDATED.code().get(install.iterator().next() - FIRST);
    for (int split : new int[] {6, Integer.MAX_VALUE, WHOLE_WITH_COPY}) {
      int previous = RegionPlanner.splitSlots(split == WHOLE_WITH_COPY ? Integer.MAX_VALUE : split);
      if (split == Integer.MAX_VALUE) {
        // Only this function split, in two regions: its loops lie in the first.
        RegionPlanner.tooLarge(fc, fc.code().length - 1);
      } else if (split == WHOLE_WITH_COPY) {
        // Not split: emitted whole, with an entry-only copy.
        RegionPlanner.enterable(fc);
        assertTrue(RegionPlanner.entryCopy(fc));
      }
      try {
        Object want = outcome(host(null), export, args);
        long before = CompiledModule.ENTRIES.get();
        Host h = host(install);
        Object got = outcome(h, export, args);
        assertEquals(want, got, export + " split at " + split);
        assertTrue(h.installed, "the gate ran");
        assertTrue(CompiledModule.ENTRIES.get() > before, "entered compiled code, split " + split);
        assertEquals(List.of(true), h.probes, "the probe ran in compiled code, split " + split);
      } finally {
        RegionPlanner.splitSlots(previous);
        RegionPlanner.forget(fc);
        RegionPlanner.notEnterable(fc);
      }
    }
  }

  /** {@link #assertEnteredAlike}'s third way: the function whole, with an entry-only copy. */
  private static final int WHOLE_WITH_COPY = -1;

  @Test
  void everyLoopHeadIsAnEntryAlsoWhenItsLoopLiesInsideOneRegion() {
    int inside = 0;
    for (int f : new int[] {SUM, MV, NEST, EARLY}) {
      io.wali4j.core.wasm.FunctionCode fc = VALIDATED.code().get(f - FIRST);
      int[] code = fc.code();
      RegionPlanner.Plan plan = RegionPlanner.plan(fc, code.length - 1);
      java.util.BitSet heads = RegionPlanner.loopHeads(code);
      assertFalse(heads.isEmpty());
      for (int h = heads.nextSetBit(0); h >= 0; h = heads.nextSetBit(h + 1)) {
        assertTrue(plan.entryOf()[h] >= 0, "loop head " + h + " of func " + f);
        boolean crosses = false;
        for (int pc = 0; pc < code.length; pc += Immediates.length(code, pc)) {
          boolean branch =
              code[pc] == io.wali4j.core.wasm.Opcodes.JUMP
                  || code[pc] == io.wali4j.core.wasm.Opcodes.JUMP_IF
                  || code[pc] == io.wali4j.core.wasm.Opcodes.BR_IF_DROP
                  || code[pc] == io.wali4j.core.wasm.Opcodes.BR_DROP;
          if (branch && code[pc + 1] == h && plan.regionOf(pc) != plan.regionOf(h)) {
            crosses = true;
          }
        }
        inside += crosses ? 0 : 1;
      }
    }
    assertTrue(inside > 0, "some loop lies inside one region");
  }

  @Test
  void aLoopWithLocalsOfEveryTypeAndAValueBeneathGoesOnCompiled() {
    assertEnteredAlike(Set.of(SUM), "sum", 20000, 100);
    assertEnteredAlike(Set.of(SUM), "sum", 20000, 6000);
    assertEnteredAlike(Set.of(SUM), "outer", 0, 20000, 100);
  }

  @Test
  void aLoopWithParametersAndTwoResultsGoesOnCompiled() {
    assertEnteredAlike(Set.of(MV), "mv", 20000, 100);
    assertEnteredAlike(Set.of(MV), "outerMv", 20000, 100);
  }

  @Test
  void nestedLoopsGoOnCompiled() {
    assertEnteredAlike(Set.of(NEST), "nest", 30000, 150);
    assertEnteredAlike(Set.of(NEST), "outer", 1, 30000, 150);
  }

  @Test
  void aReturnFromInsideTheLoopReachesTheCaller() {
    assertEnteredAlike(Set.of(EARLY), "early", 20000, 100);
    assertEnteredAlike(Set.of(EARLY), "outer", 2, 20000, 100);
  }

  @Test
  void aTrapAfterTheEntryIsTheSameTrapNamingTheFunctionWithTheStoresBeforeItDone() {
    assertEnteredAlike(Set.of(TRAPPER), "trapper", 20000, 100);
    assertEnteredAlike(Set.of(TRAPPER), "outer", 3, 20000, 100);
    Host h = host(Set.of(TRAPPER));
    WasmException e =
        assertThrows(WasmException.class, () -> h.inst.invoke("outer", 3, 20000, 100));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, e.failure());
    assertTrue(e.getMessage().contains("in trapper at 0x"), e.getMessage());
    assertEquals(20000 - 3, h.inst.memory().loadI64(8), "the store before the trap");
  }

  /** What a fork shows: the parent's and the child's results and the captured frames. */
  private record Forked(long parent, long child, int callers, String function) {}

  private static Forked fork(Host h, String export, long... args) {
    long parent = h.inst.invoke(export, args)[0];
    Snapshot s = h.forked;
    assertNotNull(s, "fork was called");
    long child = s.resume(0L)[0];
    return new Forked(parent, child, s.callers().length, s.function().name());
  }

  @Test
  void aForkAfterTheEntryCapturesOneFrameForTheFunctionAndBothSidesFinish() {
    for (String export : new String[] {"forker", "outer"}) {
      long[] args = export.equals("forker") ? new long[] {20000, 100} : new long[] {4, 20000, 100};
      Forked want = fork(host(null), export, args);
      long before = CompiledModule.ENTRIES.get();
      Host h = host(Set.of(FORKER));
      Forked got = fork(h, export, args);
      assertEquals(want, got, export);
      assertEquals("forker", got.function());
      assertEquals(export.equals("forker") ? 0 : 1, got.callers(), "frames beneath the fork");
      // Entered before the fork, then again in the parent and in the child after it.
      assertTrue(CompiledModule.ENTRIES.get() >= before + 3, "entries " + export);
      assertEquals(List.of(true, true), h.probes, "parent and child ended compiled");
    }
  }

  @Test
  void aLongjmpAfterTheEntryLandsInTheCallersSetjmp() {
    long before = CompiledModule.ENTRIES.get();
    Host want = host(null);
    Host h = host(Set.of(JUMPER));
    assertEquals(outcome(want, "jumps", 20000, 100), outcome(h, "jumps", 20000, 100));
    assertTrue(CompiledModule.ENTRIES.get() > before);
    assertEquals(List.of(true), h.probes);
  }

  @Test
  void aFrameThatCalledSetjmpStaysInterpretedAndItsLongjmpLands() {
    long before = CompiledModule.ENTRIES.get();
    Host h = host(Set.of(SELFJUMP));
    assertEquals(outcome(host(null), "selfjump", 20000, 100), outcome(h, "selfjump", 20000, 100));
    assertEquals(before, CompiledModule.ENTRIES.get(), "not entered");
    assertEquals(List.of(false), h.probes);
  }

  @Test
  void aSignalAfterTheEntryRunsItsHandlerAtTheCompiledLoopHead() {
    SafePoint.Action previous = SafePoint.current().action(i -> i.invoke("handler"));
    try {
      assertEnteredAlike(Set.of(SIGNALLED), "signalled", 20000, 100);
    } finally {
      SafePoint.current().action(previous);
    }
  }

  @Test
  void aSignalHandlerThatLongjmpsLeavesTheCompiledCode() {
    SafePoint.Action previous =
        SafePoint.current()
            .action(
                i -> {
                  throw NonLocalJumps.jump(16, i.memory().loadI64(16), 5);
                });
    try {
      long before = CompiledModule.ENTRIES.get();
      Host h = host(Set.of(SIGNALLED));
      Object got = outcome(h, "sigjumps", 20000, 100);
      assertEquals(outcome(host(null), "sigjumps", 20000, 100), got);
      assertEquals(List.of(88000005L), got);
      assertTrue(CompiledModule.ENTRIES.get() > before);
    } finally {
      SafePoint.current().action(previous);
    }
  }

  /** Runs {@code deep} on a fresh thread whose Wasm stack is 64 KiB. */
  private static Object deepOnSmallStack(Set<Integer> install, int depth) throws Exception {
    Object[] out = new Object[1];
    Host h = host(install);
    Thread t =
        new Thread(
            () -> {
              Limits.DEFAULT.withStackBytes(64 << 10).applyToCurrentThread();
              out[0] = outcome(h, "deep", 20000, 100, depth);
            });
    t.start();
    t.join();
    if (install != null) {
      assertEquals(List.of(true), h.probes);
    }
    return out[0];
  }

  @Test
  void theStackBudgetAfterTheEntryEndsADeepRecursionWhereTheInterpreterDoes() throws Exception {
    // 64 KiB: 8192 value-stack slots and 1024 frames for the interpreter.
    for (Set<Integer> install : List.of(Set.of(DEEP), Set.of(DEEP, COUNT))) {
      assertEquals(List.of(900L), deepOnSmallStack(install, 900));
      assertEquals(Failure.CALL_STACK_EXHAUSTED, deepOnSmallStack(install, 1100));
      assertEquals(deepOnSmallStack(null, 900), deepOnSmallStack(install, 900));
      assertEquals(deepOnSmallStack(null, 1100), deepOnSmallStack(install, 1100));
    }
  }

  @Test
  void inTieredModeALongLoopOfAFunctionEmittedWholeGoesOnInItsEntryOnlyCopy() {
    io.wali4j.core.wasm.FunctionCode fc = VALIDATED.code().get(SUM - FIRST);
    int previous = RegionPlanner.splitSlots(Integer.MAX_VALUE);
    try {
      Object want = outcome(host(null), "sum", 400_000, 150_000);
      Host h = tiered(VALIDATED, SUM);
      long before = CompiledModule.ENTRIES.get();
      int copies = RegionEmitter.COPIES.get();
      assertEquals(want, outcome(h, "sum", 400_000, 150_000));
      assertFalse(RegionPlanner.splits(fc), "emitted whole");
      assertTrue(RegionPlanner.entryCopy(fc), "hot by its loop, one call: given a copy");
      assertTrue(RegionEmitter.COPIES.get() > copies, "the copy was emitted");
      assertTrue(CompiledModule.ENTRIES.get() > before, "entered");
      assertEquals(List.of(true), h.probes);
      // A later call runs the whole method, not the copy's region.
      h.probes.clear();
      assertEquals(want, outcome(h, "sum", 400_000, 150_000));
      assertEquals(List.of(false), h.probes, "no region method on the stack");
    } finally {
      RegionPlanner.splitSlots(previous);
      RegionPlanner.notEnterable(fc);
    }
  }

  @Test
  void inTieredModeALoopWhoseCodeWasCompiledWithoutACopyIsCompiledAgainWithOne() {
    // The module's code exists already, from an eager instance (as from the ahead-of-time cache,
    // which eager compilation fills): none of it has a copy.
    ValidatedModule fresh = Wat.validated(MODULE);
    io.wali4j.core.wasm.FunctionCode fc = fresh.code().get(SUM - FIRST);
    int previous = RegionPlanner.splitSlots(Integer.MAX_VALUE);
    try {
      Host eager = instance(fresh, Jit.Mode.EAGER);
      assertNotNull(((WasmFunction) eager.inst.function(SUM)).compiled(), "compiled eagerly");
      assertFalse(RegionPlanner.entryCopy(fc), "no copy");
      Object want = outcome(host(null), "sum", 400_000, 150_000);
      Host h = tiered(fresh, SUM);
      long before = CompiledModule.ENTRIES.get();
      assertEquals(want, outcome(h, "sum", 400_000, 150_000));
      assertTrue(RegionPlanner.entryCopy(fc), "compiled again with a copy");
      assertTrue(CompiledModule.ENTRIES.get() > before, "entered");
      assertEquals(List.of(true), h.probes);
      // The eager instance keeps its code, and runs it.
      assertEquals(want, outcome(eager, "sum", 400_000, 150_000));
      assertEquals(List.of(false), eager.probes);
    } finally {
      RegionPlanner.splitSlots(previous);
      RegionPlanner.notEnterable(fc);
    }
  }

  @Test
  void inTieredModeAFunctionLongerThanARegionGetsACopyCutIntoRegions() {
    // A loop whose body is longer than REGION_SLOTS slots (2 branches per iteration: hot, at 25
    // samples of 4096, by the gate at iteration 80000): its copy has two regions or more.
    StringBuilder body = new StringBuilder();
    for (int k = 0; k < RegionPlanner.REGION_SLOTS / 4; k++) {
      body.append(" (local.set $acc (i64.add (local.get $acc) (i64.const ").append(k).append(")))");
    }
    ValidatedModule long_ =
        Wat.validated(
            "(module"
                + HOST
                + " (func $long (export \"long\") (param $n i32) (param $g i32) (result i64)"
                + "   (local $i i32) (local $acc i64)"
                + "   (loop $l"
                + "     (if (i32.eq (local.get $i) (local.get $g)) (then (call $gate)))"
                + body
                + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                + "     (br_if $l (i32.lt_u (local.get $i) (local.get $n))))"
                + "   (call $probe)"
                + "   (local.get $acc)))");
    io.wali4j.core.wasm.FunctionCode fc = long_.code().get(0);
    assertTrue(fc.code().length > RegionPlanner.REGION_SLOTS, "longer than a region");
    int previous = RegionPlanner.splitSlots(Integer.MAX_VALUE);
    try {
      Host h = tiered(long_, FIRST);
      long before = CompiledModule.ENTRIES.get();
      long n = 100_000;
      long want = 0;
      for (long k = 0; k < RegionPlanner.REGION_SLOTS / 4; k++) {
        want += k * n;
      }
      assertEquals(List.of(want), outcome(h, "long", n, 80_000));
      assertNotNull(((WasmFunction) h.inst.function(FIRST)).compiled(), "compiled once hot");
      assertFalse(RegionPlanner.splits(fc), "emitted whole");
      assertTrue(RegionPlanner.entryCopy(fc), "with a copy");
      assertTrue(RegionPlanner.entryPlan(fc).regions() >= 2, "cut into regions");
      assertTrue(CompiledModule.ENTRIES.get() > before, "entered");
      assertEquals(List.of(true), h.probes, "ended in the copy");
    } finally {
      RegionPlanner.splitSlots(previous);
      RegionPlanner.notEnterable(fc);
    }
  }

  @Test
  void inTieredModeALongLoopGoesOnInTheCodeCompiledForIt() {
    assertTrue(JitTier.HOT_ONLY, "run with -Dwali4j.jit.capture=unwind or -Dwali4j.jit.hotOnly");
    Object want = outcome(host(null), "sum", 400_000, 150_000);
    // The loop's samples make sum hot; the gate waits for the background compilation.
    Host h = tiered(VALIDATED, SUM);
    long before = CompiledModule.ENTRIES.get();
    assertEquals(want, outcome(h, "sum", 400_000, 150_000));
    assertNotNull(((WasmFunction) h.inst.function(SUM)).compiled(), "compiled once hot");
    assertTrue(CompiledModule.ENTRIES.get() > before, "entered");
    assertEquals(List.of(true), h.probes);
  }
}
