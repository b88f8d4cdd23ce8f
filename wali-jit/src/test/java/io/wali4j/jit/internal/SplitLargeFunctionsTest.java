package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.ValidatedModule;
import org.junit.jupiter.api.Test;

/**
 * By default a function of 7000 pre-decoded slots or more is split into regions of at most 1024
 * slots even though it would fit in one method (C2 spends tens of seconds on such a method whole),
 * and a shorter one is not (lua's printf_core, of 5826, was slower split); the split function
 * computes what the interpreter does.
 */
class SplitLargeFunctionsTest {

  /** A straight-line function of {@code n} statements on two locals, returning their mix. */
  private static String function(String name, int n) {
    StringBuilder b = new StringBuilder();
    b.append(" (func (export \"")
        .append(name)
        .append("\") (param $x i32) (result i32)")
        .append(" (local $a i32) (local $b i32)")
        .append(" (local.set $a (local.get $x))");
    for (int k = 0; k < n; k++) {
      b.append(" (local.set $a (i32.xor (i32.add (local.get $a) (i32.const ")
          .append(k * 2654435761L % 1000003)
          .append(")) (local.get $b)))")
          .append(" (local.set $b (i32.rotl (local.get $a) (i32.const ")
          .append(k % 31 + 1)
          .append(")))");
    }
    return b.append(" (i32.add (local.get $a) (local.get $b)))").toString();
  }

  private static final String MODULE =
      "(module" + function("large", 450) + function("medium", 300) + ")";

  @Test
  void onlyFunctionsOfTheThresholdOrMoreAreSplitAndInRegionsOfAtMost1024Slots() {
    ValidatedModule v = Wat.validated(MODULE);
    FunctionCode large = v.code().get(0);
    FunctionCode medium = v.code().get(1);
    assertTrue(large.code().length >= 7000, "large has " + large.code().length + " slots");
    assertTrue(
        medium.code().length >= 4096 && medium.code().length < 7000,
        "medium has " + medium.code().length + " slots");
    assertTrue(RegionPlanner.splits(large));
    assertFalse(RegionPlanner.splits(medium));
    assertEquals(1024, RegionPlanner.regionSlots(large));
    RegionPlanner.Plan plan = RegionPlanner.plan(large);
    assertTrue(plan.regions() >= 4, plan.regions() + " regions");
    for (int k = 0; k < plan.regions(); k++) {
      assertTrue(plan.to(k, large.code().length) - plan.from(k) <= 1024, "region " + k);
    }
  }

  @Test
  void theSplitFunctionAgreesWithTheInterpreter() {
    int before = RegionEmitter.SPLIT.get();
    Instance interp = Wat.instantiate(Jit.Mode.OFF, MODULE, Imports.NONE);
    Instance compiled = Wat.instantiate(Jit.Mode.EAGER, MODULE, Imports.NONE);
    assertTrue(RegionEmitter.SPLIT.get() > before, "nothing was split");
    for (long x : new long[] {0, 1, -7, 123456789, Integer.MIN_VALUE}) {
      agree(interp, compiled, "large", x);
      agree(interp, compiled, "medium", x);
    }
  }
}
