package io.wali4j.jit.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Golden bytecode of capture sites: a direct call of setjmp with an f64 operand beneath it, a call
 * of a compiled function that reaches it, an indirect call, and a call that needs no handler (to a
 * function that reaches nothing). The table is exported, so the indirect call may reach setjmp.
 * Each capture site's call instruction is covered by its own handler, which stores the site's
 * operands and jumps to the one block that stores the locals and rethrows. Regenerate with {@code
 * -Dwali.jit.updateGolden=true} and review the diff.
 */
class CaptureSiteGoldenTest {

  private static final String MODULE =
      "(module (import \"wali\" \"setjmp\" (func $setjmp (param i32) (result i32)))"
          + " (type $v (func (result i32)))"
          + " (table (export \"t\") 1 funcref)"
          + " (func $marks (param $p i32) (result i32) (local $d f64)"
          + "   (local.set $d (f64.const 1.5))"
          + "   (f64.add (local.get $d) (f64.convert_i32_s (call $setjmp (local.get $p))))"
          + "   (i32.trunc_f64_s))"
          + " (func $caller (param $q i64) (result i32)"
          + "   (i32.add (i32.wrap_i64 (local.get $q)) (call $marks (i32.const 16)))"
          + "   (call_indirect (type $v) (i32.const 0))"
          + "   (i32.add)"
          + "   (call $leaf)"
          + "   (i32.add))"
          + " (func $leaf (result i32) (i32.const 7)))";

  private static final Path GOLDEN = Path.of("src/test/resources/golden/capture-sites.txt");

  @Test
  void captureSitesMatchTheGoldenDump() throws IOException {
    GoldenDumps.assertMatches(MODULE, GOLDEN);
  }
}
