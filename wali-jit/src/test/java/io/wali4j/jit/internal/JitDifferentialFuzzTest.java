package io.wali4j.jit.internal;

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
    boolean nativeMemory = (Arrays.hashCode(bytes) & 1) != 0;
    FuzzThread.run(STACK_SLOTS, FRAMES, () -> compare(validated, nativeMemory));
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
