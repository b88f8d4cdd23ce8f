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
  void callersOfSetjmpStayInterpretedAndAnIndirectCallIntoAnEmptyTableDoesNot() {
    BitSet bad = capturing("(module" + IMPORTS + FUNCS + ")");
    // funcidx 0 is the setjmp import itself; 1 (SYS_write) does not capture; 5's table holds
    // nothing, and nothing outside can fill it.
    assertEquals("{0, 2, 3}", bad.toString());
  }

  private static final String FORK =
      "(module (import \"wali\" \"SYS_fork\" (func $fork (result i64)))"
          + " (type $v (func)) (type $i (func (result i32))) (type $v2 (func))"
          + " (table 4 funcref)"
          + " (func $forks (drop (call $fork)))" // 1, type $v
          + " (func $harmless (result i32) (i32.const 7))" // 2, type $i
          + " (func $viaV (call_indirect (type $v) (i32.const 0)))" // 3
          + " (func $viaI (result i32) (call_indirect (type $i) (i32.const 1)))" // 4
          + " (func $viaV2 (call_indirect (type $v2) (i32.const 0)))" // 5: $v2 equals $v
          + " (func $callsViaI (result i32) (call $viaI))"; // 6

  @Test
  void anIndirectCallCapturesOnlyWhenItsTypeMatchesAFunctionInATableThatReachesACapture() {
    BitSet bad = capturing(FORK + " (elem (i32.const 0) $forks $harmless))");
    // 3 and 5 may call $forks (structurally equal types); 4 and 6 only reach $harmless.
    assertEquals("{0, 1, 3, 5}", bad.toString());
    BitSet none = capturing(FORK + " (elem (i32.const 0) $harmless))");
    // $forks is in no table: no call_indirect can reach it.
    assertEquals("{0, 1}", none.toString());
  }

  @Test
  void aCandidateThatItselfCallsIndirectlyIsFollowedToTheFixedPoint() {
    String wat =
        FORK
            + " (type $w (func (param i32)))"
            + " (func $chain (param i32) (call $viaV))" // 7, type $w, calls 3 (call_indirect $v)
            + " (func $viaW (call_indirect (type $w) (i32.const 0) (i32.const 2)))" // 8
            + " (elem (i32.const 0) $forks $harmless $chain))";
    assertEquals("{0, 1, 3, 5, 7, 8}", capturing(wat).toString());
  }

  @Test
  void aFunctionNamedByRefFuncCountsAsATableCandidate() {
    String wat =
        FORK + " (elem declare func $forks)" + " (func $names (drop (ref.func $forks))))"; // 7
    // Only $names's ref.func names $forks; such a reference may reach a table (table.set,
    // table.grow, table.fill), so 3 and 5 capture. (wat2wasm types ref.func too narrowly for a
    // funcref local, so the text drops it.)
    assertEquals("{0, 1, 3, 5}", capturing(wat).toString());
    // A passive segment's functions reach the table through table.init.
    String passive =
        FORK
            + " (elem $later func $forks)"
            + " (func $init (table.init 0 $later (i32.const 2) (i32.const 0) (i32.const 1))))";
    assertEquals("{0, 1, 3, 5}", capturing(passive).toString());
  }

  @Test
  void anExportedTableOrAFuncrefFromOutsideKeepsTheCoarseRule() {
    String exported = FORK + " (export \"t\" (table 0)) (elem (i32.const 0) $harmless))";
    assertEquals("{0, 1, 3, 4, 5, 6}", capturing(exported).toString());
    String param =
        FORK
            + " (func (export \"put\") (param funcref) (table.set 0 (i32.const 0) (local.get 0)))"
            + " (elem (i32.const 0) $harmless))";
    assertEquals("{0, 1, 3, 4, 5, 6}", capturing(param).toString());
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
