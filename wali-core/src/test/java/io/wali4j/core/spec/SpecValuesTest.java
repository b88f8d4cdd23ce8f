package io.wali4j.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.spec.SpecCommand.Value;
import org.junit.jupiter.api.Test;

class SpecValuesTest {

  @Test
  void encodesI32AndF32SignExtendedFromUnsignedDecimal() {
    assertEquals(-1L, SpecValues.encode(new Value("i32", "4294967295")));
    assertEquals((long) 0x80000000, SpecValues.encode(new Value("f32", "2147483648")));
    assertEquals(-1L, SpecValues.encode(new Value("i64", "18446744073709551615")));
    assertEquals(-1L, SpecValues.encode(new Value("externref", "null")));
    assertEquals(3L, SpecValues.encode(new Value("externref", "3")));
  }

  @Test
  void comparesI32OnLow32BitsOnly() {
    assertTrue(SpecValues.matches(new Value("i32", "4294967295"), 0xffff_ffffL));
    assertTrue(SpecValues.matches(new Value("i32", "4294967295"), -1L));
    assertFalse(SpecValues.matches(new Value("i32", "1"), 2));
  }

  @Test
  void comparesFloatsBitExactly() {
    long negZero = Double.doubleToRawLongBits(-0.0);
    assertTrue(SpecValues.matches(new Value("f64", Long.toUnsignedString(negZero)), negZero));
    assertFalse(SpecValues.matches(new Value("f64", "0"), negZero));
    assertFalse(SpecValues.matches(new Value("f32", "2143289344"), 0x7fc00001));
  }

  @Test
  void canonicalNanAllowsEitherSignButNoOtherPayload() {
    Value canonical = new Value("f32", "nan:canonical");
    assertTrue(SpecValues.matches(canonical, 0x7fc00000));
    assertTrue(SpecValues.matches(canonical, 0xffc00000));
    assertFalse(SpecValues.matches(canonical, 0x7fc00001));
    assertFalse(SpecValues.matches(canonical, 0x7fa00000));
    Value canonical64 = new Value("f64", "nan:canonical");
    assertTrue(SpecValues.matches(canonical64, 0xfff8_0000_0000_0000L));
    assertFalse(SpecValues.matches(canonical64, 0x7ff8_0000_0000_0001L));
  }

  @Test
  void arithmeticNanNeedsTheQuietBit() {
    Value arithmetic = new Value("f32", "nan:arithmetic");
    assertTrue(SpecValues.matches(arithmetic, 0x7fc00001));
    assertFalse(SpecValues.matches(arithmetic, 0x7f800001));
    assertFalse(SpecValues.matches(arithmetic, 0x7f800000));
    assertTrue(SpecValues.matches(new Value("f64", "nan:arithmetic"), 0x7ffc_0000_0000_0000L));
  }

  @Test
  void referencesCompareNullnessAndExternIds() {
    assertTrue(SpecValues.matches(new Value("funcref", "null"), -1));
    assertFalse(SpecValues.matches(new Value("funcref", "null"), 0));
    assertTrue(SpecValues.matches(new Value("funcref", "0"), 5));
    assertTrue(SpecValues.matches(new Value("externref", "2"), 2));
    assertFalse(SpecValues.matches(new Value("externref", "2"), 3));
  }
}
