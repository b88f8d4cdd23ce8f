package io.wali4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void defaultsRunEveryKernelOnTheInterpreterAndTheCompilerWithFullSizes() {
    BenchOptions options = BenchOptions.parse();

    assertEquals(List.of(Kernel.values()), options.kernels());
    assertEquals(Set.of(Tier.INTERPRETER, Tier.JIT), options.tiers());
    assertEquals(3, options.reps());
    assertTrue(!options.quick());
  }

  @Test
  void quickUsesOneTimedRunPerTier() {
    BenchOptions options = BenchOptions.parse("--quick");

    assertTrue(options.quick());
    assertEquals(1, options.reps());
  }

  @Test
  void filtersSelectKernelsWhoseNameContainsThem() {
    BenchOptions options = BenchOptions.parse("SHA", "sort", "--reps", "7", "--kernels-dir", "/k");

    assertEquals(List.of(Kernel.SHA256, Kernel.QUICKSORT), options.kernels());
    assertEquals(7, options.reps());
    assertEquals(Path.of("/k"), options.kernelsDir());
  }

  @Test
  void clockDefaultsToWallAndCanBeCpu() {
    assertEquals(Clock.WALL, BenchOptions.parse().clock());
    assertEquals(Clock.CPU, BenchOptions.parse("--clock", "cpu").clock());
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--clock", "sun"));
  }

  @Test
  void eachKernelAndTierGetsAFreshJvmUnlessSharedIsAsked() {
    assertFalse(BenchOptions.parse().sharedJvm());
    assertTrue(BenchOptions.parse("--shared-jvm").sharedJvm());
  }

  @Test
  void tierIsChosenByLabel() {
    assertEquals(Set.of(Tier.INTERPRETER), BenchOptions.parse("--tier", "interp").tiers());
    assertEquals(
        Set.of(Tier.JIT, Tier.JIT_NATIVE),
        BenchOptions.parse("--tier", "jit", "--tier", "jitn").tiers());
  }

  @Test
  void badOptionsAreRejectedWithAMessage() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--frobnicate"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--reps", "0"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--reps"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("nosuchkernel"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--tier", "aot"));
  }
}
