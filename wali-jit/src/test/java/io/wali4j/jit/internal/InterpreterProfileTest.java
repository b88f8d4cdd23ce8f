package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TierWaits.function;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.Wat;
import org.junit.jupiter.api.Test;

/** The report of {@code -Dwali4j.jit.profile}: functions by the interpreter's samples in them. */
class InterpreterProfileTest {

  private static final String MODULE =
      "(module"
          + " (func $busy (export \"busy\") (param $n i32) (result i32) (local $x i32)" // 0
          + "   (block $done (loop $next"
          + "     (br_if $done (i32.eqz (local.get $n)))"
          + "     (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 31)) (local.get $n)))"
          + "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
          + "     (br $next)))"
          + "   (local.get $x))"
          + " (func $idle (export \"idle\") (result i32) (i32.const 7)))"; // 1

  @Test
  void listsTheFunctionsTheInterpreterRanMostFirstWithTheirShareAndTheTotal() {
    Store store = new Store();
    store.jitMode(Jit.Mode.OFF);
    Instance inst = Instance.instantiate(store, Wat.validated(MODULE), Imports.NONE);
    inst.invoke("busy", 2_000_000);
    inst.invoke("idle");
    int busy = function(inst, 0).samplesCounted();
    assertTrue(busy > 100, "samples: " + busy);

    String[] lines = InterpreterProfile.lines(inst, 10).split("\\R");
    assertEquals(
        "wali4j: jit: interpreter samples: "
            + busy
            + " in 1 functions (samples, share, calls, slots, compiled at exit)",
        lines[0]);
    assertEquals(2, lines.length, "the function never sampled is left out");
    assertTrue(
        lines[1].matches("wali4j: jit: +" + busy + " +100\\.0% +1 +\\d+ no +busy"), lines[1]);

    assertEquals(1, InterpreterProfile.lines(inst, 0).split("\\R").length, "the total only");
    assertFalse(InterpreterProfile.lines(inst, 5).contains("idle"));
  }
}
