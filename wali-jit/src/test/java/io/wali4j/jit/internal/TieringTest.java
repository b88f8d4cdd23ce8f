package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.testing.Wat;
import org.junit.jupiter.api.Test;

class TieringTest {

  /** $step (the module's first function): one step of a 64-bit LCG. */
  static final String STEP =
      " (func $step (param i64) (result i64)"
          + "   (i64.add (i64.mul (local.get 0) (i64.const 6364136223846793005)) (i64.const 1)))";

  /** The export "run": a loop calling $step n times, then {@code result} of its value $x. */
  static String run(String result) {
    return " (func (export \"run\") (param $n i32) (result i64) (local $x i64)"
        + "   (block $done (loop $next"
        + "     (br_if $done (i32.eqz (local.get $n)))"
        + "     (local.set $x (call $step (local.get $x)))"
        + "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
        + "     (br $next)))"
        + "   "
        + result
        + ")";
  }

  /** A loop calling $step n times: both get hot. */
  static final String MODULE = "(module" + STEP + run("(local.get $x)") + ")";

  @Test
  void aHotFunctionIsCompiledInTheBackgroundAndResultsDoNotChange() throws InterruptedException {
    Instance reference = Wat.instantiate(Jit.Mode.OFF, MODULE, Imports.NONE);
    Instance tiered = Wat.instantiate(Jit.Mode.TIERED, MODULE, Imports.NONE);
    WasmFunction step = (WasmFunction) tiered.function(0);
    assertNull(step.compiled(), "interpreted first");
    long[] want = reference.invoke("run", 5000);
    assertArrayEquals(want, tiered.invoke("run", 5000));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (step.compiled() == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertNotNull(step.compiled(), "compiled after " + Jit.HOT_CALLS + " calls");
    assertArrayEquals(want, tiered.invoke("run", 5000));
    assertArrayEquals(reference.invoke("run", 77), tiered.invoke("run", 77));
  }

  @Test
  void offNeverCompiles() {
    Instance off = Wat.instantiate(Jit.Mode.OFF, MODULE, Imports.NONE);
    off.invoke("run", 5000);
    assertNull(((WasmFunction) off.function(0)).compiled());
  }
}
