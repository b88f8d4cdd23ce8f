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
import org.junit.jupiter.api.Test;

/**
 * In loops HotSpot may count, an access whose address is a local plus a constant ({@link
 * LocalSums}: {@code i32.add} of a constant, or a local set to such a sum) computes its offset as
 * {@code (long) local + C}, and a plain address as {@code (long) address}, when the address is not
 * negative as an i32. Each loop is compared with the interpreter after HotSpot compiled it with the
 * in-bounds profile: sums whose i32 add wraps around 2^32 (to a small address, or to one at or past
 * 2 GiB, which traps here), a local written between the sum and the access, a sum on one arm of an
 * {@code if}, chains of constants, negative and too large ones, and a loop running off the end of
 * memory, with the stores before the trap done.
 */
class LocalSumsTest {

  private static final String COUNTED =
      "(br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))";

  private static final String MODULE =
      "(module (memory 1)"
          // p + 8 as an operand and q = p + 16 through a local, read and written back, p += 24.
          + " (func (export \"pairs\") (param $p i32) (param $n i32) (result i64)"
          + "   (local $i i32) (local $q i32) (local $s i64)"
          + "   (loop $l"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.add (local.get $p) (i32.const 8)))))"
          + "     (local.set $q (i32.add (local.get $p) (i32.const 16)))"
          + "     (local.set $s (i64.add (local.get $s) (i64.load (local.get $q))))"
          + "     (i64.store (local.get $q) (local.get $s))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 24)))"
          + COUNTED
          + "   )"
          + "   (local.get $s))"
          // q = p + 8, then p moves before q is read: q is the old p + 8.
          + " (func (export \"stale\") (param $p i32) (param $n i32) (result i64)"
          + "   (local $i i32) (local $q i32) (local $s i64)"
          + "   (loop $l"
          + "     (local.set $q (i32.add (local.get $p) (i32.const 8)))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 16)))"
          + "     (local.set $s (i64.add (local.get $s) (i64.load (local.get $q))))"
          + COUNTED
          + "   )"
          + "   (local.get $s))"
          // q = p, or p + 8 on odd iterations only.
          + " (func (export \"join\") (param $p i32) (param $n i32) (result i64)"
          + "   (local $i i32) (local $q i32) (local $s i64)"
          + "   (loop $l"
          + "     (local.set $q (local.get $p))"
          + "     (if (i32.and (local.get $i) (i32.const 1))"
          + "       (then (local.set $q (i32.add (local.get $p) (i32.const 8)))))"
          + "     (local.set $s (i64.add (local.get $s) (i64.load (local.get $q))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 16)))"
          + COUNTED
          + "   )"
          + "   (local.get $s))"
          // (p + 8) + 8, p - (-24), p + (-8), and p + 0x7ffffff0 + 0x7ffffff0 (past 2^31: no
          // sum; p - 32 modulo 2^32).
          + " (func (export \"chains\") (param $p i32) (param $n i32) (result i64)"
          + "   (local $i i32) (local $s i64)"
          + "   (loop $l"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.add (i32.add (local.get $p) (i32.const 8)) (i32.const 8)))))"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.sub (local.get $p) (i32.const -24)))))"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.add (local.get $p) (i32.const -8)))))"
          + "     (local.set $s (i64.add (local.get $s) (i64.load (i32.add"
          + "       (i32.add (local.get $p) (i32.const 0x7ffffff0)) (i32.const 0x7ffffff0)))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 8)))"
          + COUNTED
          + "   )"
          + "   (local.get $s))"
          // p + 0x7ffffff0: the largest addend, whose add wraps for any p >= 16.
          + " (func (export \"far\") (param $p i32) (param $n i32) (result i64)"
          + "   (local $i i32) (local $s i64)"
          + "   (loop $l"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.add (local.get $p) (i32.const 0x7ffffff0)))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 8)))"
          + COUNTED
          + "   )"
          + "   (local.get $s))"
          // Stores p at p + 8, p += 8.
          + " (func (export \"fill\") (param $p i32) (param $n i32)"
          + "   (local $i i32)"
          + "   (loop $l"
          + "     (i32.store (i32.add (local.get $p) (i32.const 8)) (local.get $p))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 8)))"
          + COUNTED
          + "   )))";

  private static Instance instance(Jit.Mode mode) {
    return patterned(MODULE, mode);
  }

  @Test
  void sumsOfALocalAndAConstantReadWhatTheInterpreterReads() {
    Instance interp = instance(Jit.Mode.OFF);
    Instance compiled = instance(Jit.Mode.EAGER);
    // Enough calls for HotSpot to compile the loops with the profile of the ordinary case.
    for (int r = 0; r < 3000; r++) {
      outcome(compiled, "pairs", 0, 100);
      outcome(compiled, "stale", 0, 100);
      outcome(compiled, "join", 0, 100);
      outcome(compiled, "chains", 32, 100);
      outcome(compiled, "far", 16 - 0x7ffffff0, 100);
    }
    pattern(compiled);
    agree(interp, compiled, "pairs", 0, 100);
    agree(interp, compiled, "pairs", 4000, 1000);
    agree(interp, compiled, "stale", 8, 1000);
    agree(interp, compiled, "join", 16, 1000);
    agree(interp, compiled, "chains", 32, 1000);
    agree(interp, compiled, "far", 16 - 0x7ffffff0, 1000);
    // p starts negative: the adds wrap around 2^32 to small addresses, which the access reads.
    agree(interp, compiled, "pairs", -24, 100);
    agree(interp, compiled, "stale", -8, 100);
    agree(interp, compiled, "join", -8, 100);
    agree(interp, compiled, "chains", -16, 100);
    agree(interp, compiled, "far", -0x7ffffff0, 100);
    agree(interp, compiled, "far", Integer.MIN_VALUE + 0x10, 100);
    // p + 8 wraps to 2^31 and above (negative as an i32): out of bounds, as in the interpreter.
    assertEquals(
        Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, "pairs", Integer.MAX_VALUE - 7, 1));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, "far", 0x10, 1));
    assertEquals(
        Failure.OUT_OF_BOUNDS_MEMORY, agree(interp, compiled, "stale", Integer.MIN_VALUE, 1));
    sameMemory(interp, compiled, 0, 65536);
  }

  @Test
  void aLoopOfSumsRunningOffTheEndTrapsAfterTheStoresBeforeIt() {
    Instance interp = instance(Jit.Mode.OFF);
    Instance compiled = instance(Jit.Mode.EAGER);
    for (int r = 0; r < 3000; r++) {
      outcome(compiled, "fill", 0, 1000);
    }
    pattern(compiled);
    agree(interp, compiled, "fill", 0, 1000);
    // From -8 the first store's add wraps to address 0.
    agree(interp, compiled, "fill", -8, 100);
    Object trap = agree(interp, compiled, "fill", 65536 - 800, 1000);
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, trap);
    sameMemory(interp, compiled, 0, 65536);
    assertEquals(65536L - 16, Integer.toUnsignedLong(compiled.memory().loadI32(65536 - 8)));
  }
}
