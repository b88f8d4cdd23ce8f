package io.wali4j.core.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteReaderTest {

  private static ByteReader reader(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new ByteReader(b);
  }

  private static void assertFails(Failure f, Runnable read) {
    WasmException e = assertThrows(WasmException.class, read::run);
    assertEquals(f, e.failure(), e.getMessage());
  }

  @Test
  void u32AcceptsNonCanonicalEncodingsUpToFiveBytes() {
    assertEquals(0, reader(0x80, 0x80, 0x80, 0x80, 0x00).u32());
    assertEquals(-1, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).u32());
    assertEquals(624485, reader(0xE5, 0x8E, 0x26).u32());
    assertFails(Failure.INTEGER_TOO_LONG, () -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32());
    assertFails(Failure.INTEGER_TOO_LARGE, () -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x1F).u32());
    assertFails(Failure.UNEXPECTED_END, () -> reader(0x80).u32());
  }

  @Test
  void signedLeb128LimitsPerWidth() {
    assertEquals(-1, reader(0x7F).s32());
    assertEquals(Integer.MIN_VALUE, reader(0x80, 0x80, 0x80, 0x80, 0x78).s32());
    assertEquals(Integer.MAX_VALUE, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x07).s32());
    assertFails(Failure.INTEGER_TOO_LARGE, () -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x4F).s32());
    assertFails(Failure.INTEGER_TOO_LARGE, () -> reader(0x80, 0x80, 0x80, 0x80, 0x08).s32());
    assertEquals(-1L, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x7F).s33());
    assertEquals(0xFFFFFFFFL, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).s33());
    assertFails(Failure.INTEGER_TOO_LARGE, () -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x1F).s33());
    assertEquals(
        Long.MIN_VALUE, reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F).s64());
    assertFails(
        Failure.INTEGER_TOO_LARGE,
        () -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01).s64());
    assertFails(
        Failure.INTEGER_TOO_LONG,
        () -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s64());
  }

  @Test
  void indexSaturatesInsteadOfTurningNegative() {
    assertEquals(Integer.MAX_VALUE, reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).index());
    assertEquals(7, reader(0x07).index());
  }

  @Test
  void endOfRangeFailureDependsOnTheReadersRole() {
    byte[] b = {1, 2};
    ByteReader section = new ByteReader(b, 0, 2);
    section.skip(2);
    assertFails(Failure.UNEXPECTED_END_OF_SECTION, section::u8);
    ByteReader whole = new ByteReader(b);
    whole.skip(2);
    assertFails(Failure.UNEXPECTED_END, whole::u8);
  }

  @Test
  void vectorLengthsBeyondTheBytesFailBeforeAllocation() {
    assertFails(
        Failure.LENGTH_OUT_OF_BOUNDS, () -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x0F).vecLength());
    assertFails(Failure.UNEXPECTED_END, () -> reader(0x03, 0, 0).vecLength());
    assertEquals(2, reader(0x02, 0, 0).vecLength());
  }

  @Test
  void namesDecodeAsciiAndMultiByteUtf8() {
    assertEquals("wali", reader(4, 'w', 'a', 'l', 'i').name());
    assertEquals("\u00e9\ud83d\ude00", reader(6, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80).name());
    assertFails(Failure.MALFORMED_UTF8, () -> reader(2, 0xC3, 0x28).name());
    assertFails(Failure.MALFORMED_UTF8, () -> reader(3, 0xE0, 0x9F, 0xBF).name());
    assertEquals("\uffff", reader(3, 0xEF, 0xBF, 0xBF).name());
  }
}
