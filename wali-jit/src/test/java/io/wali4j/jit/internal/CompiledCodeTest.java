package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static io.wali4j.jit.internal.TwoTiers.outcome;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wali4j.core.Limits;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;
import org.junit.jupiter.api.Test;

/**
 * Compiled functions against the interpreter on the same module: every export is called with the
 * same arguments in a store that interprets and in one that compiles eagerly, and must agree (the
 * interpreter is the reference), including traps.
 */
class CompiledCodeTest {

  static final String KERNELS =
      "(module (memory 1)"
          + " (func $fib (export \"fib\") (param i32) (result i32)"
          + "   (if (result i32) (i32.lt_s (local.get 0) (i32.const 2)) (then (local.get 0))"
          + "     (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))"
          + "                    (call $fib (i32.sub (local.get 0) (i32.const 2)))))))"
          + " (func (export \"sum\") (param $n i32) (result i64) (local $i i32) (local $s i64)"
          + "   (block $done (loop $next"
          + "     (br_if $done (i32.ge_u (local.get $i) (local.get $n)))"
          + "     (i64.store (i32.mul (local.get $i) (i32.const 8)) (i64.extend_i32_u (local.get $i)))"
          + "     (local.set $s (i64.add (local.get $s)"
          + "       (i64.load (i32.mul (local.get $i) (i32.const 8)))))"
          + "     (local.set $i (i32.add (local.get $i) (i32.const 1)))"
          + "     (br $next)))"
          + "   (local.get $s))"
          + " (func (export \"switch\") (param i32) (result i32)"
          + "   (block $c (block $b (block $a"
          + "     (br_table $a $b $c (local.get 0)))"
          + "     (return (i32.const 10)))"
          + "    (return (i32.const 20)))"
          + "   (i32.const 30))"
          + " (func (export \"pick\") (param i32 f64 f64) (result f64)"
          + "   (select (local.get 1) (local.get 2) (local.get 0)))"
          + " (func (export \"fdiv\") (param f32 f32) (result f32)"
          + "   (f32.div (local.get 0) (local.get 1)))"
          + " (func (export \"minmax\") (param f64 f64) (result f64 f64)"
          + "   (f64.min (local.get 0) (local.get 1)) (f64.max (local.get 0) (local.get 1)))"
          + " (func (export \"swap\") (param i64 i32) (result i32 i64)"
          + "   (local.get 1) (local.get 0))"
          + " (func (export \"useswap\") (param i64 i32) (result i64)"
          + "   (call 6 (local.get 0) (local.get 1)) (drop) (drop) (i64.const 3)"
          + "   (block (param i64) (result i64) (i64.const 4) (i64.mul)))"
          + " (func (export \"div\") (param i32 i32) (result i32)"
          + "   (i32.div_s (local.get 0) (local.get 1)))"
          + " (func (export \"load\") (param i32) (result i32)"
          + "   (i32.load8_s offset=1 (local.get 0)))"
          + " (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))"
          + " (func (export \"trunc\") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))"
          + " (func (export \"sat\") (param f32) (result i64) (i64.trunc_sat_f32_s (local.get 0)))"
          + " (func (export \"bits\") (param i64) (result i64)"
          + "   (i64.add (i64.rotl (local.get 0) (i64.const 13)) (i64.clz (local.get 0))))"
          + " (func (export \"deep\") (param i32) (result i32)"
          + "   (call 14 (i32.add (local.get 0) (i32.const 1))))"
          // Constant addresses: inside the minimum (no check), past it, and a block whose
          // result is a constant on one path only (its check must stay).
          + " (func (export \"const_in\") (result i32)"
          + "   (i32.store offset=4 (i32.const 65528) (i32.const 7))"
          + "   (i32.load offset=4 (i32.const 65528)))"
          + " (func (export \"const_out\") (result i32) (i32.load offset=5 (i32.const 65528)))"
          + " (func (export \"const_merge\") (param i32) (result i32)"
          + "   (i32.load (block (result i32)"
          + "     (drop (br_if 0 (i32.const 70000) (local.get 0))) (i32.const 0))))"
          + " (func (export \"rot\") (param i32 i64 i32) (result i64)"
          + "   (i64.xor (i64.extend_i32_u (i32.rotl (local.get 0) (local.get 2)))"
          + "     (i64.rotr (local.get 1) (i64.extend_i32_s (local.get 2))))))";

  private static Instance instantiate(Jit.Mode mode, String wat) {
    return Wat.instantiate(mode, wat, Imports.NONE);
  }

  @Test
  void eagerModeCompilesEveryFunctionAndAgreesWithTheInterpreter() {
    Instance interp = instantiate(Jit.Mode.OFF, KERNELS);
    Instance compiled = instantiate(Jit.Mode.EAGER, KERNELS);
    for (int i = 0; i < compiled.module().functionCount(); i++) {
      assertNotNull(((WasmFunction) compiled.function(i)).compiled(), "func " + i);
      assertNull(((WasmFunction) interp.function(i)).compiled(), "func " + i);
    }
    assertArrayEquals(new long[] {6765}, compiled.invoke("fib", 20));
    for (long n : new long[] {0, 1, 7, 100, 1000}) {
      agree(interp, compiled, "sum", n);
    }
    for (long i : new long[] {0, 1, 2, 3, -1, 1000}) {
      agree(interp, compiled, "switch", i);
    }
    long a = Double.doubleToRawLongBits(1.5);
    long b = Double.doubleToRawLongBits(-0.0);
    long nan = 0x7FF4000000000001L;
    agree(interp, compiled, "pick", 0, a, b);
    agree(interp, compiled, "pick", 1, a, b);
    agree(interp, compiled, "minmax", a, b);
    agree(interp, compiled, "minmax", b, Double.doubleToRawLongBits(0.0));
    agree(interp, compiled, "minmax", nan, a);
    agree(interp, compiled, "fdiv", Float.floatToRawIntBits(1f), Float.floatToRawIntBits(0f));
    agree(interp, compiled, "fdiv", 0x7FA00001, Float.floatToRawIntBits(3f));
    agree(interp, compiled, "swap", 1L << 40, -5);
    agree(interp, compiled, "useswap", 7, 9);
    agree(interp, compiled, "div", 7, -2);
    agree(interp, compiled, "div", 1, 0);
    agree(interp, compiled, "div", Integer.MIN_VALUE, -1);
    agree(interp, compiled, "load", 65535);
    agree(interp, compiled, "load", 65534);
    agree(interp, compiled, "load", -1);
    agree(interp, compiled, "trunc", Double.doubleToRawLongBits(4e9));
    agree(interp, compiled, "trunc", Double.doubleToRawLongBits(-1.0));
    agree(interp, compiled, "trunc", nan);
    agree(interp, compiled, "sat", Float.floatToRawIntBits(-1e30f));
    agree(interp, compiled, "bits", 0x0123456789ABCDEFL);
    agree(interp, compiled, "const_in");
    agree(interp, compiled, "const_out");
    agree(interp, compiled, "const_merge", 0);
    agree(interp, compiled, "const_merge", 1);
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, outcome(compiled, "const_merge", 1));
    for (long d : new long[] {0, 1, 31, 32, 33, 63, 64, -1, -33}) {
      agree(interp, compiled, "rot", 0x80000001L, 0x8000000000000003L, d);
    }
    agree(interp, compiled, "grow", 1);
    agree(interp, compiled, "grow", 70000);
  }

  @Test
  void unboundedRecursionInCompiledCodeIsTheStackExhaustionTrap() {
    Instance compiled = instantiate(Jit.Mode.EAGER, KERNELS);
    WasmException e = assertThrows(WasmException.class, () -> compiled.invoke("deep", 0));
    assertEquals(Failure.CALL_STACK_EXHAUSTED, e.failure());
    // The thread is usable afterwards.
    assertArrayEquals(new long[] {55}, compiled.invoke("fib", 10));
  }

  static final String COUNT =
      "(module (func $count (export \"count\") (param i32) (result i32)"
          + "   (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))"
          + "     (else (i32.add (i32.const 1)"
          + "       (call $count (i32.sub (local.get 0) (i32.const 1))))))))";

  /** Runs {@code count(depth)} on a fresh thread whose Wasm stack is {@code stackBytes}. */
  private static Object countOnStack(Jit.Mode mode, long stackBytes, int depth) throws Exception {
    Instance inst = instantiate(mode, COUNT);
    Object[] out = new Object[1];
    Thread t =
        new Thread(
            () -> {
              Limits.DEFAULT.withStackBytes(stackBytes).applyToCurrentThread();
              out[0] = outcome(inst, "count", depth);
            });
    t.start();
    t.join();
    return out[0];
  }

  @Test
  void compiledRecursionSpendsTheThreadsStackBudgetAsTheInterpreterDoes() throws Exception {
    // 64 KiB: 8192 value-stack slots and 1024 frames for the interpreter.
    for (int depth : new int[] {10, 900, 1100, 20000}) {
      Object interp = countOnStack(Jit.Mode.OFF, 64 << 10, depth);
      Object compiled = countOnStack(Jit.Mode.EAGER, 64 << 10, depth);
      assertEquals(interp, compiled, "depth " + depth);
    }
    assertEquals(900L, countOnStack(Jit.Mode.EAGER, 64 << 10, 900));
    assertEquals(Failure.CALL_STACK_EXHAUSTED, countOnStack(Jit.Mode.EAGER, 64 << 10, 1100));
    // A larger stack lets the same recursion finish.
    assertEquals(20000L, countOnStack(Jit.Mode.EAGER, 8 << 20, 20000));
  }
}
