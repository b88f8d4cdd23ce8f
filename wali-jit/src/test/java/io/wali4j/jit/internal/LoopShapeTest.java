package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static io.wali4j.jit.internal.TwoTiers.outcome;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import org.junit.jupiter.api.Test;

/**
 * Loops whose back edge is taken while {@code i != n} after a constant step, which the compiler
 * emits as {@code i < n} (or {@code i > n}) followed by {@code i != n}: the loop must run exactly
 * as often as the interpreter runs it, including when the induction variable starts past the limit
 * and wraps around, or steps down.
 */
class LoopShapeTest {

  /**
   * {@code up<k>(i, n)} counts the iterations of {@code do { i += k } while (i != n)}, {@code
   * down3} of {@code i -= 3}, {@code count<k>} of {@code do { i -= 1 } while (i)} (and {@code i +=
   * 1}, {@code i -= 2^30}); {@code sum} adds the i32s of memory from {@code p} while {@code p !=
   * end}, {@code fill} stores each address there.
   */
  private static final String LOOPS =
      "(module (memory 1)"
          + " (func (export \"up1\") (param $i i32) (param $n i32) (result i32) (local $c i32)"
          + "   (loop $l (local.set $c (i32.add (local.get $c) (i32.const 1)))"
          + "     (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))"
          + "       (local.get $n))))"
          + "   (local.get $c))"
          + " (func (export \"up2\") (param $i i32) (param $n i32) (result i32) (local $c i32)"
          + "   (loop $l (local.set $c (i32.add (local.get $c) (i32.const 1)))"
          + "     (br_if $l (i32.ne (local.get $n)"
          + "       (local.tee $i (i32.add (local.get $i) (i32.const 2))))))"
          + "   (local.get $c))"
          + " (func (export \"upBig\") (param $i i32) (param $n i32) (result i32) (local $c i32)"
          + "   (loop $l (local.set $c (i32.add (local.get $c) (i32.const 1)))"
          + "     (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 0x40000000)))"
          + "       (local.get $n))))"
          + "   (local.get $c))"
          + " (func (export \"downBig\") (param $i i32) (param $n i32) (result i32) (local $c i32)"
          + "   (loop $l (local.set $c (i32.add (local.get $c) (i32.const 1)))"
          + "     (br_if $l (i32.ne (local.tee $i (i32.sub (local.get $i) (i32.const 0x40000000)))"
          + "       (local.get $n))))"
          + "   (local.get $c))"
          + " (func (export \"down3\") (param $i i32) (param $n i32) (result i32) (local $c i32)"
          + "   (loop $l (local.set $c (i32.add (local.get $c) (i32.const 1)))"
          + "     (br_if $l (i32.ne (local.get $n)"
          + "       (local.tee $i (i32.sub (local.get $i) (i32.const 3))))))"
          + "   (local.get $c))"
          + " (func (export \"count\") (param $i i32) (result i32) (local $c i32)"
          + "   (loop $l (local.set $c (i32.add (local.get $c) (i32.const 1)))"
          + "     (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))"
          + "   (local.get $c))"
          + " (func (export \"countUp\") (param $i i32) (result i32) (local $c i32)"
          + "   (loop $l (local.set $c (i32.add (local.get $c) (i32.const 1)))"
          + "     (br_if $l (local.tee $i (i32.add (local.get $i) (i32.const 1)))))"
          + "   (local.get $c))"
          + " (func (export \"countBig\") (param $i i32) (result i32) (local $c i32)"
          + "   (loop $l (local.set $c (i32.add (local.get $c) (i32.const 1)))"
          + "     (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 0x40000000)))))"
          + "   (local.get $c))"
          + " (func (export \"sum\") (param $p i32) (param $end i32) (result i32) (local $s i32)"
          + "   (loop $l (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))"
          + "     (br_if $l (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 4)))"
          + "       (local.get $end))))"
          + "   (local.get $s))"
          + " (func (export \"fill\") (param $p i32) (param $end i32)"
          + "   (loop $l (i32.store (local.get $p) (local.get $p))"
          + "     (br_if $l (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 4)))"
          + "       (local.get $end))))))";

  @Test
  void notEqualLoopsRunAsOftenAsInTheInterpreter() {
    Instance interp = Wat.instantiate(Jit.Mode.OFF, LOOPS, Imports.NONE);
    Instance compiled = Wat.instantiate(Jit.Mode.EAGER, LOOPS, Imports.NONE);
    // Enough calls for HotSpot to compile the loops with the profile of the ordinary case.
    for (int r = 0; r < 3000; r++) {
      assertEquals(100L, outcome(compiled, "up1", 0, 100));
      assertEquals(50L, outcome(compiled, "up2", 0, 100));
      assertEquals(100L, outcome(compiled, "down3", 300, 0));
      assertEquals(100L, outcome(compiled, "count", 100));
      assertEquals(100L, outcome(compiled, "countUp", -100));
    }
    // br_if on a counter stepped towards 0: 2^30, 0 (exit); and 0, -2^30 (not above 0, on),
    // -2^31, 2^30 (wrapped), 0.
    assertEquals(100L, agree(interp, compiled, "count", 100));
    assertEquals(1L, agree(interp, compiled, "count", 1));
    assertEquals(100L, agree(interp, compiled, "countUp", -100));
    assertEquals(1L, agree(interp, compiled, "countBig", 0x40000000));
    assertEquals(4L, agree(interp, compiled, "countBig", 0));
    assertEquals(2L, agree(interp, compiled, "countBig", Integer.MIN_VALUE));
    assertEquals(100L, agree(interp, compiled, "up1", 0, 100));
    assertEquals(1L, agree(interp, compiled, "up1", 99, 100));
    assertEquals(50L, agree(interp, compiled, "up2", -100, 0));
    assertEquals(100L, agree(interp, compiled, "down3", 300, 0));
    // Starting at or past the limit, the loop wraps around through the other sign: 10 + 2^30
    // (above n, not equal: on), 10 + 2^31 (wrapped to negative), 10 + 3 * 2^30 == n.
    int n = 10 + 3 * 0x40000000;
    assertEquals(3L, agree(interp, compiled, "upBig", 10, n));
    assertEquals(4L, agree(interp, compiled, "upBig", n, n));
    assertEquals(1L, agree(interp, compiled, "upBig", n - 0x40000000, n));
    assertEquals(3L, agree(interp, compiled, "downBig", n, 10));
    assertEquals(4L, agree(interp, compiled, "downBig", 10, 10));
    assertEquals(2L, agree(interp, compiled, "downBig", 0x7FFFFFFF, -1));
  }

  @Test
  void aNotEqualLoopOverMemoryTrapsWhereTheInterpreterDoes() {
    Instance interp = Wat.instantiate(Jit.Mode.OFF, LOOPS, Imports.NONE);
    Instance compiled = Wat.instantiate(Jit.Mode.EAGER, LOOPS, Imports.NONE);
    for (int r = 0; r < 2000; r++) {
      compiled.invoke("fill", 0, 4096);
      assertEquals(4096L * 1023 / 2, outcome(compiled, "sum", 0, 4096));
    }
    agree(interp, compiled, "fill", 0, 4096);
    agree(interp, compiled, "sum", 0, 4096);
    // Runs off the end of the 64 KiB memory: the stores before the trap are done in both.
    Object trap = agree(interp, compiled, "fill", 65536 - 64, 8);
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, trap);
    byte[] want = new byte[64];
    byte[] got = new byte[64];
    interp.memory().read(65536 - 64, want, 0, 64);
    compiled.memory().read(65536 - 64, got, 0, 64);
    assertArrayEquals(want, got);
    assertEquals(65536L - 4, Integer.toUnsignedLong(compiled.memory().loadI32(65536 - 4)));
  }
}
