package io.wali4j.jit.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Golden bytecode: the generated class of a few representative functions (recursion through a
 * direct call, a counted loop over memory, select, br_table with values, a trapping division, a
 * loop unrolled by two whose exit is {@code i != n}) as ASM prints it. A change to the compiler
 * shows up here as a readable diff; when it is intended, regenerate with {@code
 * -Dwali.jit.updateGolden=true} and review the diff.
 */
class BytecodeGoldenTest {

  private static final String MODULE =
      "(module (memory 1)"
          + " (func $fib (param i32) (result i32)"
          + "   (if (result i32) (i32.lt_s (local.get 0) (i32.const 2)) (then (local.get 0))"
          + "     (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))"
          + "                    (call $fib (i32.sub (local.get 0) (i32.const 2)))))))"
          + " (func $sum (param $p i32) (param $n i32) (result f64) (local $s f64)"
          + "   (block $done (loop $next"
          + "     (br_if $done (i32.eqz (local.get $n)))"
          + "     (local.set $s (f64.add (local.get $s) (f64.load offset=8 (local.get $p))))"
          + "     (local.set $p (i32.add (local.get $p) (i32.const 8)))"
          + "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
          + "     (br $next)))"
          + "   (local.get $s))"
          + " (func $pick (param i32 i64 i64) (result i64)"
          + "   (select (local.get 1) (local.get 2) (local.get 0)))"
          + " (func $table (param i32) (result i32)"
          + "   (block $b (result i32) (block $a (result i32)"
          + "     (br_table $a $b (i32.const 7) (local.get 0)))"
          + "     (i32.add (i32.const 1))))"
          + " (func $div (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))"
          + " (func $axpy (param $x i32) (param $y i32) (param $n i32) (param $a f64) (local $i i32)"
          + "   (loop $next"
          + "     (f64.store (local.get $y) (f64.add (f64.load (local.get $y))"
          + "       (f64.mul (local.get $a) (f64.load (local.get $x)))))"
          + "     (f64.store offset=8 (local.get $y) (f64.add (f64.load offset=8 (local.get $y))"
          + "       (f64.mul (local.get $a) (f64.load offset=8 (local.get $x)))))"
          + "     (local.set $x (i32.add (local.get $x) (i32.const 16)))"
          + "     (local.set $y (i32.add (local.get $y) (i32.const 16)))"
          + "     (br_if $next (i32.ne (local.get $n)"
          + "       (local.tee $i (i32.add (local.get $i) (i32.const 2))))))))";

  private static final Path GOLDEN = Path.of("src/test/resources/golden/representative.txt");

  @Test
  void generatedClassMatchesTheGoldenDump() throws IOException {
    GoldenDumps.assertMatches(MODULE, GOLDEN);
  }
}
