package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Opcodes;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;

/**
 * Crossings between the regions of a split function that move only what they must ({@link
 * RegionFlow}): the interpreter loop of {@link DispatchCopyTest#MODULE}, without dispatch copies,
 * split at every size, against the interpreter (results, a trap, a fork in a case); its dispatch
 * leaves for the cases storing no local; its entries load fewer locals than the region-wide sets.
 */
class ExactCrossingsTest {

  private boolean previousExact;
  private int previousCopy;

  @BeforeEach
  void exactCrossings() {
    previousExact = RegionFlow.exact(true);
    previousCopy = DispatchCopies.maxInstructions(0);
  }

  @AfterEach
  void restore() {
    RegionFlow.exact(previousExact);
    DispatchCopies.maxInstructions(previousCopy);
  }

  static FunctionCode run() {
    return Wat.validated(DispatchCopyTest.MODULE).code().get(0);
  }

  @Test
  void exactCrossingsAgreeWithTheInterpreterWhereverTheCutsFall() {
    agreesWhereverTheCutsFall();
  }

  /** The interpreter loop's results and trap, split at every size, equal the interpreter's. */
  static void agreesWhereverTheCutsFall() {
    Instance interp = Wat.instantiate(Jit.Mode.OFF, DispatchCopyTest.MODULE, probe());
    int length = run().code().length;
    for (int slots = 2; slots <= length; slots++) {
      int previous = RegionPlanner.splitSlots(slots);
      try {
        Instance compiled = Wat.instantiate(Jit.Mode.EAGER, DispatchCopyTest.MODULE, probe());
        for (long x : new long[] {0, 1, -5, 1L << 40}) {
          agree(interp, compiled, "run", 0, x);
          assertEquals(Failure.INTEGER_DIVIDE_BY_ZERO, agree(interp, compiled, "run", 16, x));
        }
      } finally {
        RegionPlanner.splitSlots(previous);
      }
    }
  }

  /**
   * A fork in a case: the capture handler stores the locals written since its region was entered,
   * the frame array holds the others, and the child resumes in the interpreter as an interpreted
   * parent's would.
   */
  @Test
  void aForkInACaseCapturesTheWholeFrame() {
    forksAgreeWhereverTheCutsFall();
  }

  /**
   * A fork in a case of the forking loop, split at every size: the child sees what it would
   * interpreted.
   */
  static void forksAgreeWhereverTheCutsFall() {
    int length = Wat.validated(DispatchCopyTest.FORKING).code().get(0).code().length;
    for (long x : new long[] {3, -40}) {
      List<Long> want = DispatchCopyTest.forked(Jit.Mode.OFF, x);
      for (int slots = 2; slots <= length; slots++) {
        int previous = RegionPlanner.splitSlots(slots);
        try {
          assertEquals(want, DispatchCopyTest.forked(Jit.Mode.EAGER, x), "slots " + slots);
        } finally {
          RegionPlanner.splitSlots(previous);
        }
      }
    }
  }

  /**
   * A local written just before a fork, in the region of the call, and read after it: the capture
   * handler stores it (the frame array still holds its value from the region's entry).
   */
  static final String WRITES_BEFORE_FORK =
      "(module (import \"wali\" \"SYS_fork\" (func $fork (result i64)))"
          + " (func $run (export \"run\") (param $x i64) (result i64)"
          + "  (local $y i64) (local $i i32)"
          + "  (local.set $y (i64.const 5))"
          + "  (loop $L"
          + "   (local.set $y (i64.add (i64.mul (local.get $y) (i64.const 3)) (local.get $x)))"
          + "   (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "   (br_if $L (i32.lt_u (local.get $i) (i32.const 3))))"
          + "  (local.set $y (i64.mul (local.get $y) (i64.const 7)))"
          + "  (local.set $x (i64.mul (call $fork) (i64.const 1000)))"
          + "  (i64.add (local.get $x) (local.get $y))))";

  private static List<Long> forkedAfterWrite(Jit.Mode mode, long x) {
    CaptureImports host =
        new CaptureImports() {
          @Override
          io.wali4j.core.exec.Extern other(String name) {
            return null;
          }
        };
    io.wali4j.core.exec.Store store = new io.wali4j.core.exec.Store();
    store.jitMode(mode);
    Instance inst = Instance.instantiate(store, Wat.validated(WRITES_BEFORE_FORK), host);
    long parent = inst.invoke("run", x)[0];
    assertNotNull(host.forked, "fork was called");
    return List.of(parent, host.forked.resume(0L)[0]);
  }

  @Test
  void aLocalWrittenBeforeAForkIsInTheCapturedFrame() {
    int length = Wat.validated(WRITES_BEFORE_FORK).code().get(0).code().length;
    for (long x : new long[] {2, -9}) {
      List<Long> want = forkedAfterWrite(Jit.Mode.OFF, x);
      for (int slots = 2; slots <= length; slots++) {
        int previous = RegionPlanner.splitSlots(slots);
        try {
          assertEquals(want, forkedAfterWrite(Jit.Mode.EAGER, x), "slots " + slots);
        } finally {
          RegionPlanner.splitSlots(previous);
        }
      }
    }
  }

  /**
   * Where the loop head is named by another region (the shared fetch jumps back to it) and the
   * dispatch's {@code br_table} is in the head's region, the dispatch leaves for the cases in other
   * regions storing nothing: the function's start, which writes the locals before it falls into the
   * loop, stores them at the head instead. With the region-wide sets it stored them at every exit.
   */
  @Test
  void theDispatchLeavesForTheCasesStoringNoLocal() {
    FunctionCode fc = run();
    int[] code = fc.code();
    int table = -1;
    for (int pc = 0; pc < code.length; pc += Immediates.length(code, pc)) {
      if (code[pc] == Opcodes.BR_TABLE && code[pc + 1] > 4) {
        table = pc;
      }
    }
    int head = RegionPlanner.loopHeads(code).previousSetBit(table);
    int checked = 0;
    for (int max = 2; max <= code.length; max++) {
      RegionPlanner.Plan plan = RegionPlanner.plan(fc, max);
      int k = plan.regionOf(table);
      if (plan.regionOf(head) != k || !plan.named().get(head) || plan.regionOf(0) != k) {
        continue;
      }
      RegionFlow flow = RegionFlow.of(code, plan, k);
      assertNotNull(flow);
      assertTrue(flow.syncs(head));
      for (int i = 0; i <= code[table + 1]; i++) {
        int t = code[table + 2 + 3 * i];
        if (plan.regionOf(t) != k) {
          assertEquals(new BitSet(), flow.exitStores(table, t), "max " + max + ", case " + i);
          BitSet wide = (BitSet) plan.written()[k].clone();
          wide.and(plan.live()[plan.entryOf()[t]]);
          assertTrue(!wide.isEmpty(), "the region-wide set stores at " + t);
          checked++;
        }
      }
    }
    assertTrue(checked > 0, "no plan put the start, the loop head and the dispatch together");
  }

  /** Each entry loads at most the region-wide set, and some load fewer. */
  @Test
  void entriesLoadFewerLocals() {
    assertSomeSplitLoadsFewer(RegionFlow::exact);
  }

  /**
   * At every split size the region methods load at most as many longs with {@code exact} on as with
   * it off, and at some size fewer.
   */
  static void assertSomeSplitLoadsFewer(Consumer<Boolean> exact) {
    int length = run().code().length;
    boolean fewer = false;
    for (int slots = 2; slots <= length; slots++) {
      int previous = RegionPlanner.splitSlots(slots);
      try {
        int exactLoads = loads();
        exact.accept(false);
        int wide = loads();
        exact.accept(true);
        assertTrue(exactLoads <= wide, "slots " + slots + ": " + exactLoads + " > " + wide);
        fewer |= exactLoads < wide;
      } finally {
        RegionPlanner.splitSlots(previous);
      }
    }
    assertTrue(fewer, "no split loads fewer locals");
  }

  @Test
  void offMeansTheRegionWideSets() {
    RegionFlow.exact(false);
    FunctionCode fc = run();
    assertNull(RegionFlow.of(fc.code(), RegionPlanner.plan(fc, 8), 0));
  }

  /** The {@code laload}s of the run function's region methods (its locals and operands loaded). */
  static int loads() {
    ValidatedModule v = Wat.validated(DispatchCopyTest.MODULE);
    byte[] bytes = BatchCompiler.generate(v.module(), v.code(), MemoryKind.HEAP);
    int[] n = new int[1];
    String prefix = FunctionCompiler.methodName(1) + "_";
    new ClassReader(bytes)
        .accept(
            new ClassVisitor(org.objectweb.asm.Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String desc, String sig, String[] exceptions) {
                if (!name.startsWith(prefix)) {
                  return null;
                }
                return new MethodVisitor(org.objectweb.asm.Opcodes.ASM9) {
                  @Override
                  public void visitInsn(int op) {
                    if (op == org.objectweb.asm.Opcodes.LALOAD) {
                      n[0]++;
                    }
                  }
                };
              }
            },
            0);
    return n[0];
  }

  static io.wali4j.core.exec.Imports probe() {
    return (module, name) ->
        new io.wali4j.core.exec.HostFunction(
            new io.wali4j.core.wasm.FuncType(
                new io.wali4j.core.wasm.ValType[0],
                new io.wali4j.core.wasm.ValType[] {io.wali4j.core.wasm.ValType.I32}),
            (caller, stack, base) -> stack[base] = 7);
  }
}
