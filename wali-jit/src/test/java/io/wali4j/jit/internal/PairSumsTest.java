package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static io.wali4j.jit.internal.TwoTiers.outcome;
import static io.wali4j.jit.internal.TwoTiers.pattern;
import static io.wali4j.jit.internal.TwoTiers.patterned;
import static io.wali4j.jit.internal.TwoTiers.sameMemory;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.wasm.Failure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

/**
 * In loops HotSpot may count, an access whose address is the i32 sum of two locals ({@link
 * LocalSums}: {@code base + i}, maybe plus a constant, directly or through a local set to it)
 * computes its offset as {@code (long) base + (long) i + C} when both locals and, with a constant,
 * their i32 sum are not negative. Compared with the interpreter after HotSpot compiled the loops
 * with the in-bounds profile: sums of two negative locals that wrap around 2^32 to a small address,
 * sums of two large ones that wrap to a negative i32 (a trap) and, with a constant added, back to a
 * small address, one negative local, a local written between the sum and the access, and a loop
 * running off the end of memory with the stores before the trap done.
 */
class PairSumsTest {

  private static final String COUNTED =
      "(br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 8))) (local.get $n)))";

  private static final String MODULE =
      "(module (memory 1)"
          // s += a[b + i]
          + " (func (export \"index\") (param $b i32) (param $i i32) (param $n i32) (result i64)"
          + "   (local $s i64)"
          + "   (loop $l"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.add (local.get $b) (local.get $i)))))"
          + COUNTED
          + "   )"
          + "   (local.get $s))"
          // s += a[(b + i) + 24] and a[b + i + 8] through a local, stored back at b + i.
          + " (func (export \"plus\") (param $b i32) (param $i i32) (param $n i32) (result i64)"
          + "   (local $s i64) (local $q i32)"
          + "   (loop $l"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.add (i32.add (local.get $b) (local.get $i)) (i32.const 24)))))"
          + "     (local.set $q (i32.add (local.get $b) (local.get $i)))"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.add (local.get $q) (i32.const 8)))))"
          + "     (i64.store (local.get $q) (local.get $s))"
          + COUNTED
          + "   )"
          + "   (local.get $s))"
          // q = b + i, then b moves before q is read: q is the old b + i.
          + " (func (export \"stale\") (param $b i32) (param $i i32) (param $n i32) (result i64)"
          + "   (local $s i64) (local $q i32)"
          + "   (loop $l"
          + "     (local.set $q (i32.add (local.get $b) (local.get $i)))"
          + "     (local.set $b (i32.add (local.get $b) (i32.const 16)))"
          + "     (local.set $s (i64.add (local.get $s) (i64.load (local.get $q))))"
          + COUNTED
          + "   )"
          + "   (local.get $s))"
          // a[b + i] = i
          + " (func (export \"fill\") (param $b i32) (param $i i32) (param $n i32)"
          + "   (loop $l"
          + "     (i32.store (i32.add (local.get $b) (local.get $i)) (local.get $i))"
          + COUNTED
          + "   ))"
          // s += a[b]: the same loop with one local as the address.
          + " (func (export \"one\") (param $b i32) (param $i i32) (param $n i32) (result i64)"
          + "   (local $s i64)"
          + "   (loop $l"
          + "     (local.set $s (i64.add (local.get $s) (i64.load (local.get $b))))"
          + COUNTED
          + "   )"
          + "   (local.get $s)))";

  private static final List<String> NAMES = List.of("index", "plus", "stale", "fill", "one");

  private static final long MIN = Integer.MIN_VALUE;

  @Test
  void aSumOfTwoLocalsIsWidenedLocalByLocal() {
    // The address of "index" is (long) b + (long) i, one more widening than (long) b in "one"
    // (each also has the u32 path for a negative address and the slow path's u32).
    Map<String, Integer> widenings = GeneratedCounts.insns(MODULE, NAMES, Opcodes.I2L);
    assertEquals(widenings.get("one") + 1, widenings.get("index"));
  }

  @Test
  void sumsOfTwoLocalsReadWhatTheInterpreterReads() {
    Instance interp = patterned(MODULE, Jit.Mode.OFF);
    Instance compiled = patterned(MODULE, Jit.Mode.EAGER);
    // Enough calls for HotSpot to compile the loops with the profile of the ordinary case.
    for (int r = 0; r < 3000; r++) {
      outcome(compiled, "index", 1024, 0, 800);
      outcome(compiled, "plus", 1024, 0, 800);
      outcome(compiled, "stale", 1024, 0, 800);
    }
    pattern(compiled);
    for (String f : List.of("index", "plus", "stale")) {
      agree(interp, compiled, f, 0, 0, 800);
      agree(interp, compiled, f, 4000, 8, 8000);
      // One negative local: no wrap, the sum is the address.
      agree(interp, compiled, f, -4096, 4096, 4096 + 800);
      agree(interp, compiled, f, 4096, -4096, 800);
      // Two negative locals whose i32 sum wraps around 2^32 to a small address.
      agree(interp, compiled, f, MIN + 16, MIN, MIN + 800);
    }
    // Two large locals whose sum wraps to a negative i32 (at or past 2 GiB): out of bounds.
    assertEquals(
        Failure.OUT_OF_BOUNDS_MEMORY,
        agree(interp, compiled, "index", 0x7ffffff0, 0x7ffffff0, 0x7ffffff0 + 80));
    // ... and back to a small address with the constant added after: (b + i) + 24 = 8.
    agree(interp, compiled, "plus", 0x7ffffff8, 0x7ffffff8, 0x7ffffff8 + 8);
    sameMemory(interp, compiled);
  }

  @Test
  void aLoopOfSumsRunningOffTheEndTrapsAfterTheStoresBeforeIt() {
    Instance interp = patterned(MODULE, Jit.Mode.OFF);
    Instance compiled = patterned(MODULE, Jit.Mode.EAGER);
    for (int r = 0; r < 3000; r++) {
      outcome(compiled, "fill", 1024, 0, 800);
    }
    pattern(compiled);
    agree(interp, compiled, "fill", 1024, 0, 800);
    agree(interp, compiled, "fill", MIN + 64, MIN, MIN + 800);
    Object trap = agree(interp, compiled, "fill", 65536 - 800, 0, 1600);
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, trap);
    sameMemory(interp, compiled);
    assertEquals(792, compiled.memory().loadI32(65536 - 8));
  }
}
