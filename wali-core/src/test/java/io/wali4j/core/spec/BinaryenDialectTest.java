package io.wali4j.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BinaryenDialectTest {

  @Test
  void untypedNanAssertionsTakeTheTypeFromTheExportName() {
    assertEquals(
        "(assert_return (invoke \"f64.promote_f32\" (f32.const nan)) (f64.const nan:canonical))",
        BinaryenDialect.normalize(
            "(assert_return_canonical_nan (invoke \"f64.promote_f32\" (f32.const nan)))"));
  }

  @Test
  void untypedNanAssertionsElseTakeTheTypeOfTheFirstArgument() {
    assertEquals(
        "(assert_return (invoke \"add\" (f64.const 0) (f64.const nan)) (f64.const nan:arithmetic))",
        BinaryenDialect.normalize(
            "(assert_return_arithmetic_nan (invoke \"add\" (f64.const 0) (f64.const nan)))"));
  }

  @Test
  void assertTrapWithoutMessageGetsTheEmptyMessageAndKeepsItsLines() {
    String in =
        "(assert_trap (invoke \"f\" ;; c )\n (i32.const 1)))\n(assert_trap (invoke \"g\") \"x\")";
    String out = BinaryenDialect.normalize(in);
    assertEquals(
        "(assert_trap (invoke \"f\" ;; c )\n (i32.const 1)) \"\")\n(assert_trap (invoke \"g\") \"x\")",
        out);
  }

  @Test
  void sharedLimitsBecomeTheStandardForm() {
    assertEquals(
        "(memory $0 23 256 shared)", BinaryenDialect.normalize("(memory $0 (shared 23 256))"));
  }

  @Test
  void standardScriptsAreUnchanged() {
    String in =
        "(module (func (export \"f\") (result i32) (i32.const 1)))\n"
            + "(assert_return (invoke \"f\") (i32.const 1))\n(assert_trap (invoke \"f\") \"unreachable\")";
    assertEquals(in, BinaryenDialect.normalize(in));
  }
}
