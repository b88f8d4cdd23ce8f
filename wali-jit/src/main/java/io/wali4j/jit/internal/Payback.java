package io.wali4j.jit.internal;

import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.wasm.FunctionCode;

/**
 * When tiered mode compiles a hot function that can reach a capture, under {@code unwind}: once the
 * interpreter has done as much work in it as compiling it would cost, not at its thousandth call.
 * Compiling costs HotSpot roughly in proportion to the function's size (C1 and C2 compile the
 * generated method, with a handler per capture site); what it saves is the interpreter's time in
 * it, which the interpreter's samples measure ({@link WasmFunction#samplesCounted}: its own code,
 * not its callees', every {@link Jit#LOOP_SAMPLE} branches and entries of its thread), plus the
 * slow path of calls from compiled code ({@link WasmFunction#countSlowCall}). Paying for the
 * compilation once the work done equals it is the ski-rental rule: never more than twice the cost
 * of the better choice made knowing the future. A function with a hot loop (a benchmark's loop
 * calling libc's {@code syscall()}, lua's {@code luaV_execute}) gets there; sqlite3's functions run
 * a few times per SQL statement (the parser, the code generator, most of the b-tree's entry points:
 * they reach fork through the VFS's function pointers) do not in a short run, and do in a long one.
 * Under {@code interpret} such functions stay interpreted, so a short run compiled, and HotSpot
 * compiled, twice as much bytecode under {@code unwind} for no gain (benchmarks/RESULTS.md,
 * 2026-12-06, "a compilation rule that measures work").
 */
final class Payback {

  /**
   * Samples of interpreter work per 1000 pre-decoded slots after which a deferred function is
   * compiled ({@code -Dwali4j.jit.unwindPaybackSamples}); 0 compiles it when hot, as the functions
   * the size rule takes.
   */
  static final int SAMPLES_PER_1000_SLOTS =
      Integer.getInteger("wali4j.jit.unwindPaybackSamples", 1000);

  private Payback() {}

  /** The samples after which compiling {@code fc} has paid. */
  static int samples(FunctionCode fc) {
    long n = (long) fc.code().length * SAMPLES_PER_1000_SLOTS / 1000;
    return (int) Math.min(Integer.MAX_VALUE - 1, n);
  }

  /**
   * Whether {@code w} has paid for its compilation; if not, asks to hear of it again ({@link
   * Jit#hot}) when it has.
   */
  static boolean paid(WasmFunction w) {
    int need = samples(w.code());
    int have = w.samplesCounted();
    if (have >= need) {
      return true;
    }
    w.hotAgainAtSamples(need);
    JitTier.log(
        () ->
            w.name()
                + " waits until it has paid: "
                + have
                + " of "
                + need
                + " samples, "
                + w.callsCounted()
                + " calls");
    return false;
  }
}
