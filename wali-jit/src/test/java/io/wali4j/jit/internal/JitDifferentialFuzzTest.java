package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Store;
import io.wali4j.core.fuzz.FuzzImports;
import io.wali4j.core.fuzz.FuzzThread;
import io.wali4j.core.testing.GuardedBacking;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.Export;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzz target, interpreter against compiler: a module that decodes and validates is
 * instantiated twice, interpreted ({@link Jit.Mode#OFF}) and with every function compiled first
 * ({@link Jit.Mode#EAGER}; the build's {@code wali4j.jit.strict} makes a function the compiler
 * fails on a finding), and every exported function is called on both with the same arguments. The
 * two must agree on each call's results (bit for bit but where the spec leaves a NaN's payload
 * open, see {@link TierComparison}), on the trap (its {@code Failure}: kind and the spec's
 * message), and afterwards on memory, globals and tables.
 *
 * <p>Runs are bounded as in {@code WasmRunFuzzTest}: metered code (the compiler spends fuel at the
 * same points as the interpreter, so running out is the same trap at the same place), a fuel budget
 * per call, small memory, table and stack limits. The compiled tier recurses on the Java stack, not
 * the interpreter's frame budget, so once either side runs out of stack the two may legitimately
 * part (one finished what the other could not): the module's comparison stops there.
 *
 * <p>The input's hash picks the compiled instance's memory (heap or a native reservation) and, for
 * half the inputs, a small split threshold, so that functions are compiled as regions ({@link
 * #SPLIT_SMALL}).
 */
class JitDifferentialFuzzTest {

  static final long FUEL_PER_CALL = 20_000;
  static final long MEMORY_PAGES = 64;
  static final int TABLE_ELEMENTS = 10_000;
  static final int STACK_SLOTS = 1 << 16;
  static final int FRAMES = 2_000;

  @FuzzTest(maxDuration = "60s")
  void differential(byte[] bytes) {
    ValidatedModule validated;
    try {
      validated = Validator.validate(ModuleParser.parse(bytes), true);
    } catch (WasmException e) {
      if (e.kind() != ErrorKind.MALFORMED && e.kind() != ErrorKind.INVALID) {
        throw new AssertionError("rejected as " + e.kind() + ": " + e.getMessage(), e);
      }
      return;
    }
    int hash = Arrays.hashCode(bytes);
    boolean nativeMemory = (hash & 1) != 0;
    int splitSlots = (hash & 2) == 0 ? 0 : (hash & 4) == 0 ? SPLIT_SMALL : SPLIT_LARGER;
    FuzzThread.run(STACK_SLOTS, FRAMES, () -> compare(validated, nativeMemory, splitSlots));
  }

  /**
   * Split sizes for half the inputs ({@link RegionPlanner#splitSlots}): every function of at least
   * that many pre-decoded slots is emitted as regions of half as many, so that regions cross at
   * every kind of place (inside loops and blocks, between a block's values, at a br_table's
   * targets) and the crossings, the frame array and the region entries are compared with the
   * interpreter too.
   */
  static final int SPLIT_SMALL = 8;

  static final int SPLIT_LARGER = 24;

  /**
   * {@link #compare(ValidatedModule, boolean)} with every function of at least {@code splitSlots}
   * slots split (0: the default threshold), set while the compiled instance is made and runs.
   */
  static void compare(ValidatedModule validated, boolean nativeMemory, int splitSlots) {
    if (splitSlots == 0) {
      compare(validated, nativeMemory);
      return;
    }
    int previous = RegionPlanner.splitSlots(splitSlots);
    try {
      compare(validated, nativeMemory);
    } finally {
      RegionPlanner.splitSlots(previous);
    }
  }

  /**
   * Runs {@code validated} on both tiers (the compiled one over native memory when {@code
   * nativeMemory}, a {@link GuardedBacking}: an access that escaped its bounds check changes a
   * canary) and fails on the first disagreement.
   */
  static void compare(ValidatedModule validated, boolean nativeMemory) {
    Run interp = new Run(validated, Jit.Mode.OFF, false);
    Run compiled = new Run(validated, Jit.Mode.EAGER, nativeMemory);
    try {
      compare(validated, interp, compiled);
      compiled.checkCanaries();
    } finally {
      compiled.release();
    }
  }

  private static void compare(ValidatedModule validated, Run interp, Run compiled) {
    if (!TierComparison.agree("instantiation", interp.failure, compiled.failure)) {
      return;
    }
    if (interp.instance == null) {
      return;
    }
    for (Export e : validated.module().exports()) {
      Extern x = interp.instance.export(e.name());
      if (!(x instanceof Function f)) {
        continue;
      }
      for (long[] args : TierComparison.arguments(f.type())) {
        Outcome want = interp.call(e.name(), args);
        Outcome got = compiled.call(e.name(), args);
        if (!TierComparison.agree(e.name(), f.type(), args, want, got)) {
          return;
        }
      }
    }
    TierComparison.sameState(interp.instance, compiled.instance);
  }

  /**
   * The split variant compiles the module as regions and compares it: a module of one loop over
   * memory with a {@code br_table} in it, over both memories, at both split sizes.
   */
  @Test
  void halfTheInputsAreComparedWithTheirFunctionsSplit() {
    for (int slots : new int[] {SPLIT_SMALL, SPLIT_LARGER}) {
      for (boolean nativeMemory : new boolean[] {false, true}) {
        // A module of its own each time: compiled code is kept per module and memory kind.
        int seed = slots * 2 + (nativeMemory ? 1 : 0);
        splitAndCompare(mix(seed), nativeMemory, slots);
      }
    }
  }

  private static void splitAndCompare(String wat, boolean nativeMemory, int slots) {
    ValidatedModule validated = Validator.validate(ModuleParser.parse(Wat.compile(wat)), true);
    int before = RegionEmitter.SPLIT.get();
    FuzzThread.run(STACK_SLOTS, FRAMES, () -> compare(validated, nativeMemory, slots));
    assertTrue(RegionEmitter.SPLIT.get() > before, "split at " + slots);
  }

  private static String mix(int seed) {
    return "(module (memory 1) (global $g (mut i32) (i32.const "
        + seed
        + "))"
        + " (func (export \"mix\") (result i32) (local $i i32) (local $s i32)"
        + "   (loop $l"
        + "     (block $b2 (block $b1 (block $b0"
        + "       (br_table $b0 $b1 $b2 (i32.rem_u (local.get $i) (i32.const 3))))"
        + "       (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $s))"
        + "       (br $b2))"
        + "       (global.set $g (i32.add (global.get $g) (local.get $i))))"
        + "     (local.set $s (i32.add (local.get $s)"
        + "       (i32.load (i32.shl (local.get $i) (i32.const 1)))))"
        + "     (i64.store offset=2000 (i32.shl (local.get $i) (i32.const 3))"
        + "       (i64.mul (i64.extend_i32_u (local.get $s)) (i64.const 0x9e3779b97f4a7c15)))"
        + "     (local.set $s (i32.xor (local.get $s)"
        + "       (i32.wrap_i64 (i64.rotl (i64.load offset=1996"
        + "         (i32.shl (local.get $i) (i32.const 3))) (i64.const 13)))))"
        + "     (if (i32.and (local.get $s) (i32.const 1))"
        + "       (then (i32.store16 offset=5000 (local.get $i) (local.get $s)))"
        + "       (else (local.set $s (i32.add (local.get $s)"
        + "         (i32.load8_u offset=5000 (local.get $i))))))"
        + "     (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
        + "       (i32.const 300))))"
        + "   (i32.add (local.get $s) (global.get $g))))";
  }

  /** One tier's instance, or the failure that stopped its instantiation. */
  private static final class Run {
    final Instance instance;
    final WasmException failure;
    private final List<GuardedBacking> backings = new ArrayList<>();

    Run(ValidatedModule validated, Jit.Mode mode, boolean nativeMemory) {
      FuzzThread.fuel(FUEL_PER_CALL);
      Store store =
          nativeMemory
              ? new Store(this::nativeMemory, TABLE_ELEMENTS)
              : Store.limited(MEMORY_PAGES, TABLE_ELEMENTS);
      store.jitMode(mode);
      Instance inst = null;
      WasmException fail = null;
      try {
        inst =
            Instance.instantiate(
                store,
                validated,
                new FuzzImports(validated.module(), MEMORY_PAGES, TABLE_ELEMENTS));
      } catch (WasmException e) {
        fail = e;
      }
      this.instance = inst;
      this.failure = fail;
    }

    private Memory nativeMemory(MemoryType type) {
      long max = type.limits().hasMax() ? type.limits().max() : MEMORY_PAGES;
      GuardedBacking b = new GuardedBacking(Math.min(max, MEMORY_PAGES) * Memory.PAGE_SIZE);
      backings.add(b);
      return new Memory(type, b, MEMORY_PAGES);
    }

    void checkCanaries() {
      for (GuardedBacking b : backings) {
        String damage = b.damagedCanary();
        if (damage != null) {
          throw new AssertionError("compiled code wrote outside memory: " + damage);
        }
      }
    }

    void release() {
      backings.forEach(GuardedBacking::release);
    }

    Outcome call(String name, long[] args) {
      FuzzThread.fuel(FUEL_PER_CALL);
      try {
        return new Outcome(instance.invoke(name, args.clone()), null);
      } catch (WasmException e) {
        return new Outcome(null, e);
      }
    }
  }

  /** A call's results, or its trap. */
  record Outcome(long[] results, WasmException trap) {}
}
