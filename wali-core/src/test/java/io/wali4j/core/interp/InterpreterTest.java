package io.wali4j.core.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ErrorKind;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.WasmException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InterpreterTest {

  private static final FuncType I32_TO_I32 =
      new FuncType(new ValType[] {ValType.I32}, new ValType[] {ValType.I32});

  @Test
  void deepRecursionEndsInCallStackExhaustedNotStackOverflowError() {
    Instance i =
        Wat.instantiate(
            "(module (func $down (export \"down\") (param i64) (result i64)"
                + " (local i64 i64 i64)"
                + " (i64.add (i64.const 1) (call $down (i64.add (local.get 0) (i64.const 1))))))");
    WasmException e = assertThrows(WasmException.class, () -> i.invoke("down", 0));
    assertEquals(Failure.CALL_STACK_EXHAUSTED, e.failure());
    assertEquals(ErrorKind.EXHAUSTION, e.kind());
    // The thread stays usable afterwards.
    Instance fib = Wat.instantiate(FibBenchmark.FIB);
    assertEquals(55, fib.invoke("fib", 10)[0]);
  }

  @Test
  void recursionDepthOfHundredThousandFitsTheDefaults() {
    Instance i =
        Wat.instantiate(
            "(module (func $sum (export \"sum\") (param i32) (result i32) (if (result i32) (i32.eqz"
                + " (local.get 0)) (then (i32.const 0)) (else (i32.add (local.get 0) (call $sum"
                + " (i32.sub (local.get 0) (i32.const 1))))))))");
    // i32 arithmetic wraps: the sum modulo 2^32, sign-extended.
    assertEquals((long) (int) (100_000L * 100_001 / 2), i.invoke("sum", 100_000)[0]);
  }

  @Test
  void limitsAreConfigurablePerThread() throws InterruptedException {
    Instance i =
        Wat.instantiate(
            "(module (func $r (export \"r\") (param i32) (result i32)"
                + " (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 7))"
                + " (else (call $r (i32.sub (local.get 0) (i32.const 1)))))))");
    AtomicReference<Object> out = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              ThreadState.bind(new ThreadState(1 << 20, 100));
              try {
                out.set(i.invoke("r", 98)[0]);
                i.invoke("r", 200);
                out.set("no exhaustion");
              } catch (WasmException e) {
                out.set(e.failure());
              }
            });
    t.start();
    t.join();
    assertEquals(Failure.CALL_STACK_EXHAUSTED, out.get());
  }

  @Test
  void hostFunctionsReceiveArgumentsWriteResultsAndMayCallBackIntoWasm() {
    AtomicReference<Instance> self = new AtomicReference<>();
    HostFunction twice =
        new HostFunction(
            I32_TO_I32,
            (caller, stack, base) -> {
              // Re-enter Wasm from the host, then answer.
              long inner = ((Function) caller.export("inc")).call(stack[base])[0];
              stack[base] = inner * 2;
            });
    Imports env = (m, n) -> n.equals("twice") ? twice : null;
    Instance i =
        Wat.instantiate(
            "(module (import \"env\" \"twice\" (func $twice (param i32) (result i32)))"
                + " (func (export \"inc\") (param i32) (result i32)"
                + "   (i32.add (local.get 0) (i32.const 1)))"
                + " (func (export \"run\") (param i32) (result i32)"
                + "   (i32.add (i32.const 1000) (call $twice (local.get 0)))))",
            env);
    self.set(i);
    assertEquals(1000 + 2 * 6, i.invoke("run", 5)[0]);
  }

  @Test
  void valuesKeepTheirEncodingAcrossTheBoundary() {
    Instance i =
        Wat.instantiate(
            "(module (func (export \"neg\") (param f32) (result f32) (f32.neg (local.get 0))) (func"
                + " (export \"wrap\") (param i64) (result i32) (i32.wrap_i64 (local.get 0))) (func"
                + " (export \"ext\") (param i32) (result i64) (i64.extend_i32_u (local.get 0))))");
    // A signaling NaN's payload survives f32.neg; i32 arguments may come zero-extended.
    assertEquals((long) (int) 0xffa00001, i.invoke("neg", 0x7fa00001L)[0]);
    assertEquals(-1L, i.invoke("wrap", 0xFFFFFFFFL)[0]);
    assertEquals(0xFFFFFFFFL, i.invoke("ext", 0xFFFFFFFFL)[0]);
  }

  @Test
  void memoryInstructionsRunThroughTheInterpreter() {
    Instance i =
        Wat.instantiate(
            "(module (memory 1 2 shared) (func (export \"grow\") (param i32) (result i32)"
                + " (memory.grow (local.get 0))) (func (export \"size\") (result i32)"
                + " (memory.size)) (func (export \"load\") (param i32) (result i64) (i64.load32_u"
                + " offset=4 (local.get 0))) (func (export \"store\") (param i32 i32) (i32.store16"
                + " (local.get 0) (local.get 1))) (func (export \"cas\") (param i32 i32 i32)"
                + " (result i32)   (i32.atomic.rmw8.cmpxchg_u (local.get 0) (local.get 1)"
                + " (local.get 2))) (func (export \"wait\") (param i32 i32) (result i32)  "
                + " (memory.atomic.wait32 (local.get 0) (local.get 1) (i64.const 0))))");
    i.invoke("store", 4, 0xFFFF);
    assertEquals(0xFFFFL, i.invoke("load", 0)[0]);
    assertEquals(0xFF, i.invoke("cas", 4, 0xFF, 0x01)[0]);
    assertEquals(0xFF01L, i.invoke("load", 0)[0]);
    assertEquals(1, i.invoke("size")[0]);
    assertEquals(1, i.invoke("grow", 1)[0]);
    assertEquals(-1, i.invoke("grow", 1)[0]);
    assertEquals(2, i.invoke("wait", 8, 0)[0]);
    assertEquals(1, i.invoke("wait", 8, 1)[0]);
    WasmException e = assertThrows(WasmException.class, () -> i.invoke("load", 2 * 65536 - 7));
    assertEquals(Failure.OUT_OF_BOUNDS_MEMORY, e.failure());
    WasmException u = assertThrows(WasmException.class, () -> i.invoke("wait", 2, 0));
    assertEquals(Failure.UNALIGNED_ATOMIC, u.failure());
  }

  @Test
  void wrongArgumentCountIsRejected() {
    Instance fib = Wat.instantiate(FibBenchmark.FIB);
    assertThrows(IllegalArgumentException.class, () -> fib.invoke("fib"));
    assertArrayEquals(new long[] {832040}, fib.invoke("fib", 30));
  }
}
