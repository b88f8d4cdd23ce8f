package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A compiled {@code call_indirect} whose callee is compiled Wasm code invokes the callee's method
 * exactly, with its typed arguments ({@code FunctionCompiler.typedIndirect}), and falls back to the
 * runtime's {@code long[]} call for anything else (a host function in the table). Pinned by the
 * generated code (one {@code invokeExact} per {@code call_indirect}, next to the runtime call it
 * falls back to), and checked against the interpreter on every value type and on several results,
 * NaN payloads, operands beneath the call, the lookup's traps (outside the table, an empty element,
 * a type mismatch, which the fast path must raise before calling anything), a trap in the callee, a
 * host callee and a deep recursion through the table.
 */
class TypedIndirectTest {

  private static final String MODULE =
      "(module"
          + " (type $mix (func (param i32 i64 f32 f64) (result f64)))"
          + " (type $pair (func (param i32) (result i32 i64)))"
          + " (type $neg (func (param f32) (result f32)))"
          + " (type $put (func (param i32)))"
          + " (type $down (func (param i32) (result i32)))"
          + " (import \"t\" \"host\" (func $host (type $down)))"
          + " (memory 1)"
          + " (table 8 funcref)"
          // 0 mix, 1 mix2, 2 pair, 3 neg, 4 put, 5 down, 6 host; 7 empty.
          + " (elem (i32.const 0) $mix $mix2 $pair $neg $put $down $host)"
          + " (func $mix (type $mix)"
          + "   (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))"
          + "     (f64.mul (f64.promote_f32 (local.get 2)) (local.get 3))))"
          + " (func $mix2 (type $mix)"
          + "   (f64.sub (local.get 3) (f64.convert_i32_u (i32.div_u (i32.const 100) (local.get 0)))))"
          + " (func $pair (type $pair)"
          + "   (i32.mul (local.get 0) (i32.const 3)) (i64.shl (i64.extend_i32_s (local.get 0))"
          + "     (i64.const 33)))"
          + " (func $neg (type $neg) (f32.neg (local.get 0)))"
          + " (func $put (type $put) (i32.store (i32.const 16) (local.get 0)))"
          // Recursion through the table: down(n) = n == 0 ? 0 : 1 + down(n - 1).
          + " (func $down (type $down)"
          + "   (if (result i32) (local.get 0)"
          + "     (then (i32.add (i32.const 1) (call_indirect (type $down)"
          + "       (i32.sub (local.get 0) (i32.const 1)) (i32.const 5))))"
          + "     (else (i32.const 0))))"
          + " (func (export \"mix\") (param i32 i32 i64 f32 f64) (result f64)"
          + "   (call_indirect (type $mix) (local.get 1) (local.get 2) (local.get 3) (local.get 4)"
          + "     (local.get 0)))"
          // Operands beneath the call: 1000 and the i64 below the f64 result survive it.
          + " (func (export \"beneath\") (param i32 i32) (result i64)"
          + "   (i64.add (i64.const 1000) (i64.add (i64.extend_i32_s (local.get 1))"
          + "     (i64.trunc_f64_s (call_indirect (type $mix) (local.get 1) (i64.const 7)"
          + "       (f32.const 1.5) (f64.const 2) (local.get 0))))))"
          + " (func (export \"pair\") (param i32 i32) (result i64)"
          + "   (local i64)"
          + "   (call_indirect (type $pair) (local.get 1) (local.get 0))"
          + "   (local.set 2) (i64.add (i64.extend_i32_u) (local.get 2)))"
          + " (func (export \"neg\") (param i32 f32) (result i32)"
          + "   (i32.reinterpret_f32 (call_indirect (type $neg) (local.get 1) (local.get 0))))"
          + " (func (export \"put\") (param i32 i32) (result i32)"
          + "   (call_indirect (type $put) (local.get 1) (local.get 0)) (i32.load (i32.const 16)))"
          + " (func (export \"down\") (param i32 i32) (result i32)"
          + "   (call_indirect (type $down) (local.get 1) (local.get 0)))"
          // A loop of calls through the table, so HotSpot compiles the typed path hot.
          + " (func (export \"loop\") (param i32) (result f64) (local $s f64)"
          + "   (loop $l"
          + "     (local.set $s (f64.add (local.get $s) (call_indirect (type $mix)"
          + "       (local.get 0) (i64.const 3) (f32.const 0.5) (f64.const 4)"
          + "       (i32.and (local.get 0) (i32.const 1)))))"
          + "     (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))"
          + "   (local.get $s)))";

  private static final FuncType DOWN =
      new FuncType(new ValType[] {ValType.I32}, new ValType[] {ValType.I32});

  /** The host callee: its argument times 7, or a trap for 13. */
  private static final Imports IMPORTS =
      (module, name) ->
          new HostFunction(
              DOWN,
              (caller, s, b) -> {
                if ((int) s[b] == 13) {
                  throw io.wali4j.core.exec.Ops.trap(Failure.INTEGER_DIVIDE_BY_ZERO);
                }
                s[b] = (int) s[b] * 7;
              });

  private static final List<String> FUNCTIONS =
      List.of(
          "host", "mix0", "mix2", "pair0", "neg0", "put0", "down0", "mix", "beneath", "pair", "neg",
          "put", "down", "loop");

  @Test
  void eachCallIndirectInvokesExactlyBeforeItsRuntimeCall() {
    // The inline form: with the inline caches on, the same lookup and calls are their fallback.
    assumeFalse(IndirectSite.emitted());
    Map<String, Integer> exact = GeneratedCounts.calls(MODULE, FUNCTIONS, "invokeExact");
    Map<String, Integer> slow = GeneratedCounts.calls(MODULE, FUNCTIONS, "callIndirect");
    for (String name : List.of("down0", "mix", "beneath", "pair", "neg", "put", "down", "loop")) {
      assertEquals(1, exact.get(name), name);
      assertEquals(1, slow.get(name), name);
    }
    assertEquals(0, exact.get("mix0"));
  }

  @Test
  void typedCallsComputeAsTheInterpreter() {
    Instance interp = Wat.instantiate(Jit.Mode.OFF, MODULE, IMPORTS);
    Instance compiled = Wat.instantiate(Jit.Mode.EAGER, MODULE, IMPORTS);
    for (int round = 0; round < 3; round++) {
      for (int i = -1; i <= 9; i++) {
        agree(
            interp,
            compiled,
            "mix",
            i,
            5,
            -9L,
            Float.floatToRawIntBits(0.25f),
            Double.doubleToRawLongBits(-3.5));
        agree(
            interp,
            compiled,
            "mix",
            i,
            0,
            1L << 40,
            Float.floatToRawIntBits(-2f),
            Double.doubleToRawLongBits(8));
        agree(interp, compiled, "beneath", i, 11);
        agree(interp, compiled, "pair", i, -5);
        agree(interp, compiled, "neg", i, 0x7fa01234);
        agree(interp, compiled, "neg", i, 0xffc00001);
        agree(interp, compiled, "put", i, 0x12345678);
        agree(interp, compiled, "down", i, 4);
        agree(interp, compiled, "down", i, 13);
      }
      assertEquals(
          TwoTiers.outcome(interp, "loop", 100_000), TwoTiers.outcome(compiled, "loop", 100_000));
    }
    // The lookup's traps, from the typed path's lookup.
    assertEquals(Failure.UNDEFINED_ELEMENT, TwoTiers.outcome(compiled, "mix", 8, 1, 1, 0, 0));
    assertEquals(Failure.UNINITIALIZED_ELEMENT, TwoTiers.outcome(compiled, "mix", 7, 1, 1, 0, 0));
    assertEquals(
        Failure.INDIRECT_CALL_TYPE_MISMATCH, TwoTiers.outcome(compiled, "mix", 2, 1, 1, 0, 0));
    // A trap in a typed callee (mix2 divides by its first argument), and in the host callee.
    assertEquals(Failure.INTEGER_DIVIDE_BY_ZERO, TwoTiers.outcome(compiled, "mix", 1, 0, 1, 0, 0));
    assertEquals(Failure.INTEGER_DIVIDE_BY_ZERO, TwoTiers.outcome(compiled, "down", 6, 13));
    // Recursion through the table: 2000 typed calls deep, as the interpreter.
    assertEquals(2000L, agree(interp, compiled, "down", 5, 2000));
  }
}
