package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class CaptureAnalysisTest {

  private static final String IMPORTS =
      " (import \"wali\" \"setjmp\" (func $setjmp (param i32) (result i32)))"
          + " (import \"wali\" \"SYS_write\" (func $write (param i32 i32 i32) (result i64)))";

  private static final String FUNCS =
      " (type $v (func))"
          + " (table 1 funcref)"
          + " (func $marks (result i32) (call $setjmp (i32.const 0)))" // 2
          + " (func $callsMarks (result i32) (call $marks))" // 3
          + " (func $pure (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))" // 4
          + " (func $indirect (call_indirect (type $v) (i32.const 0)))" // 5
          + " (func $writes (drop (call $write (i32.const 1) (i32.const 0) (i32.const 0))))"; // 6

  private static BitSet capturing(String wat) {
    ValidatedModule v = Wat.validated(wat);
    return CaptureAnalysis.capturing(v.module(), v.code());
  }

  @Test
  void callersOfSetjmpAndIndirectCallsStayInterpretedWhenTheModuleCanCapture() {
    BitSet bad = capturing("(module" + IMPORTS + FUNCS + ")");
    // funcidx 0 is the setjmp import itself; 1 (SYS_write) does not capture.
    assertEquals("{0, 2, 3, 5}", bad.toString());
  }

  @Test
  void withoutCapturingImportsEveryFunctionMayBeCompiled() {
    String noSetjmp =
        "(module (import \"wali\" \"setjmp\" (func $unused (param i32) (result i32)))"
            + " (func (result i32) (i32.const 1)))";
    // An unused capturing import is still capturing itself, but nothing calls it.
    assertEquals("{0}", capturing(noSetjmp).toString());
    String plain =
        "(module (type $v (func)) (table 1 funcref)"
            + " (func (call_indirect (type $v) (i32.const 0))) (func))";
    assertEquals("{}", capturing(plain).toString());
  }

  @Test
  void anImportedTableMakesIndirectCallsCapturing() {
    String wat =
        "(module (type $v (func)) (import \"m\" \"t\" (table 1 funcref))"
            + " (func (call_indirect (type $v) (i32.const 0))) (func))";
    assertEquals("{0}", capturing(wat).toString());
  }
}
