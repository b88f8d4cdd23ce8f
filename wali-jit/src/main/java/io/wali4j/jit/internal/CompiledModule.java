package io.wali4j.jit.internal;

import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The compiled code of one module, shared by all its instances (a process's threads and forks run
 * fresh instances of the same module): for each compiled funcidx, its batch and index there.
 */
final class CompiledModule {

  record Slot(CompiledBatch batch, int k) {}

  private final Map<Integer, Slot> slots;

  CompiledModule(Map<Integer, Slot> slots) {
    this.slots = Map.copyOf(slots);
  }

  int size() {
    return slots.size();
  }

  /** Makes every compiled function of {@code inst} run its compiled code from now on. */
  void install(Instance inst) {
    install(inst, funcidx -> true);
  }

  /** Makes the compiled functions of {@code inst} that {@code which} accepts run compiled. */
  void install(Instance inst, IntPredicate which) {
    for (Map.Entry<Integer, Slot> e : slots.entrySet()) {
      if (!which.test(e.getKey())) {
        continue;
      }
      Function f = inst.function(e.getKey());
      if (f instanceof WasmFunction && ((WasmFunction) f).compiled() == null) {
        WasmFunction w = (WasmFunction) f;
        Slot s = e.getValue();
        w.install(new Entry(s.batch(), s.k(), w.instance()));
      }
    }
  }

  /**
   * Compiled code called as a host function. Called from the interpreter or the host, it gets the
   * thread's stack budget ({@link Jit#stackLeft}); from compiled code of another batch, the
   * caller's. Compiled Wasm calls recurse on the Java stack, so running out of it before the budget
   * is Wasm stack exhaustion too: the same trap as the interpreter's, and the StackOverflowError
   * never escapes.
   */
  static final class Entry implements io.wali4j.core.exec.HostCode {
    private final CompiledBatch batch;
    private final int k;
    private final Instance inst;

    Entry(CompiledBatch batch, int k, Instance inst) {
      this.batch = batch;
      this.k = k;
      this.inst = inst;
    }

    @Override
    public void call(Instance caller, long[] stack, int base) {
      call(stack, base, Jit.stackLeft());
    }

    /** Runs the function with {@code budget} slots of stack left (see {@link CompiledBatch}). */
    void call(long[] stack, int base, int budget) {
      try {
        batch.call(k, inst, stack, base, budget);
      } catch (StackOverflowError e) {
        throw new WasmException(Failure.CALL_STACK_EXHAUSTED, "Java stack of compiled code");
      }
    }
  }
}
