package io.wali4j.core.wasm;

import static io.wali4j.core.wasm.WasmBytes.fragment;
import static io.wali4j.core.wasm.WasmBytes.module;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Modules that must not decode, each with the reference interpreter's failure. */
class MalformedModuleTest {

  private static final WasmBytes ONE_TYPE = fragment().u32(1).raw(0x60, 0, 0);

  private static WasmException assertMalformed(Failure expected, byte[] bytes) {
    WasmException e = assertThrows(WasmException.class, () -> ModuleParser.parse(bytes));
    assertEquals(expected, e.failure(), e.getMessage());
    assertEquals(ErrorKind.MALFORMED, e.kind());
    assertTrue(e.getMessage().contains("at byte offset"), e.getMessage());
    return e;
  }

  private static byte[] withType(WasmBytes rest) {
    return module().section(1, ONE_TYPE).raw(rest.bytes()).bytes();
  }

  @Test
  void truncatedHeaderIsUnexpectedEnd() {
    for (int n = 0; n < 8; n++) {
      assertMalformed(Failure.UNEXPECTED_END, Arrays.copyOf(WasmBytes.HEADER, n));
    }
  }

  @Test
  void badMagicAndVersion() {
    assertMalformed(Failure.MAGIC_HEADER, new byte[] {'a', 's', 'm', 0, 1, 0, 0, 0});
    assertMalformed(Failure.MAGIC_HEADER, new byte[] {0, 'a', 's', 'M'});
    assertMalformed(Failure.UNKNOWN_VERSION, new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0});
    assertMalformed(Failure.UNKNOWN_VERSION, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 1});
  }

  @Test
  void everyTruncationOfARealModuleFails() {
    WasmBytes b =
        module()
            .section(1, ONE_TYPE)
            .section(2, fragment().u32(1).name("wali").name("SYS_exit").raw(0).u32(0));
    int validUpTo = b.bytes().length; // header, types and imports make a module on their own
    b.section(3, 1, 0).section(6, fragment().u32(1).raw(0x7F, 1, 0x41, 0x80, 0x80, 0x04, 0x0B));
    int beforeCode = b.bytes().length;
    byte[] whole = b.section(10, 1, 4, 1, 1, 0x7F, 0x0B).bytes();
    ModuleParser.parse(whole);
    for (int n = validUpTo + 1; n < whole.length; n++) {
      byte[] prefix = Arrays.copyOf(whole, n);
      WasmException e = assertThrows(WasmException.class, () -> ModuleParser.parse(prefix));
      assertEquals(ErrorKind.MALFORMED, e.kind(), "prefix of " + n + " bytes: " + e.getMessage());
    }
    assertMalformed(Failure.FUNCTION_CODE_MISMATCH, Arrays.copyOf(whole, beforeCode));
    assertMalformed(Failure.UNEXPECTED_END_OF_SECTION, Arrays.copyOf(whole, whole.length - 1));
  }

  @Test
  void overlongAndTooLargeLeb128() {
    // Type count 1 encoded in six bytes, then with unused bits set in the fifth byte.
    assertMalformed(
        Failure.INTEGER_TOO_LONG,
        module().section(1, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00, 0x60, 0, 0).bytes());
    assertMalformed(
        Failure.INTEGER_TOO_LARGE,
        module().section(1, 0x81, 0x80, 0x80, 0x80, 0x10, 0x60, 0, 0).bytes());
    // The largest u32, in five bytes, is a fine memory minimum.
    Module ok =
        ModuleParser.parse(module().section(5, 1, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F).bytes());
    assertEquals(0xFFFFFFFFL, ok.memories().get(0).limits().min());
    // i32.const with a sixth byte, and with a fifth byte that is not a sign extension.
    assertMalformed(
        Failure.INTEGER_TOO_LONG,
        module()
            .section(
                6, fragment().u32(1).raw(0x7F, 0, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B))
            .bytes());
    assertMalformed(
        Failure.INTEGER_TOO_LARGE,
        module()
            .section(6, fragment().u32(1).raw(0x7F, 0, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0B))
            .bytes());
    // i64.const -1 in ten bytes is fine; an eleventh byte is not.
    int[] minusOne = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F};
    ModuleParser.parse(
        module().section(6, fragment().u32(1).raw(0x7E, 0, 0x42).raw(minusOne).raw(0x0B)).bytes());
    assertMalformed(
        Failure.INTEGER_TOO_LONG,
        module()
            .section(
                6,
                fragment()
                    .u32(1)
                    .raw(
                        0x7E, 0, 0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0x00, 0x0B))
            .bytes());
  }

  @Test
  void badUtf8InNames() {
    int[][] bad = {
      {0x80}, // lone continuation byte
      {0xC0, 0x80}, // overlong NUL
      {0xE0, 0x80, 0x80}, // overlong three-byte form
      {0xED, 0xA0, 0x80}, // surrogate U+D800
      {0xF4, 0x90, 0x80, 0x80}, // above U+10FFFF
      {0xF5, 0x80, 0x80, 0x80},
      {0xE2, 0x82}, // truncated sequence
      {0xFF}
    };
    for (int[] name : bad) {
      byte[] b =
          module()
              .section(
                  2, fragment().u32(1).u32(name.length).raw(name).name("f").raw(0x03, 0x7F, 0x00))
              .bytes();
      assertMalformed(Failure.MALFORMED_UTF8, b);
      byte[] custom = module().section(0, fragment().u32(name.length).raw(name)).bytes();
      assertMalformed(Failure.MALFORMED_UTF8, custom);
    }
    String good = "a\u00e9\u20ac\ud83d\ude00\uffff";
    Module m =
        ModuleParser.parse(
            module()
                .section(2, fragment().u32(1).name(good).name("").raw(0x03, 0x7F, 0x00))
                .bytes());
    assertEquals(good, m.imports().get(0).module());
  }

  @Test
  void sectionsOutOfOrderOrRepeated() {
    assertMalformed(Failure.JUNK_AFTER_LAST_SECTION, module().section(3, 0).section(1, 0).bytes());
    assertMalformed(Failure.JUNK_AFTER_LAST_SECTION, module().section(1, 0).section(1, 0).bytes());
    // The data count section goes between element and code, not after code.
    assertMalformed(
        Failure.JUNK_AFTER_LAST_SECTION, module().section(10, 0).section(12, 0).bytes());
    ModuleParser.parse(module().section(9, 0).section(12, 0).section(10, 0).bytes());
    assertMalformed(Failure.MALFORMED_SECTION_ID, module().section(13, 0).bytes());
    assertMalformed(Failure.MALFORMED_SECTION_ID, module().raw(0xFF).bytes());
  }

  @Test
  void sectionContentsMustFillTheDeclaredSize() {
    assertMalformed(
        Failure.SECTION_SIZE_MISMATCH,
        module().section(1, fragment().raw(ONE_TYPE.bytes()).raw(0x60, 0, 0)).bytes());
    // Declared 3 bytes for a type that needs 4: the type runs into the section's end.
    assertMalformed(
        Failure.UNEXPECTED_END_OF_SECTION, module().raw(1, 3, 1, 0x60, 1, 0x7F, 0).bytes());
    // A section longer than the whole module.
    assertMalformed(Failure.LENGTH_OUT_OF_BOUNDS, module().raw(0, 0x7F).bytes());
    // A function body whose declared size exceeds its section.
    assertMalformed(
        Failure.UNEXPECTED_END_OF_SECTION,
        withType(fragment().section(3, 1, 0).section(10, 1, 9, 0, 0x0B)));
  }

  @Test
  void tooManyLocalsFailsWithoutAllocating() {
    WasmBytes locals = fragment().u32(2).u32(0xFFFFFFFFL).raw(0x7F).u32(2).raw(0x7E).raw(0x0B);
    byte[] b =
        withType(
            fragment()
                .section(3, 1, 0)
                .section(10, fragment().u32(1).u32(locals.bytes().length).raw(locals.bytes())));
    assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> assertMalformed(Failure.TOO_MANY_LOCALS, b));
    WasmBytes many = fragment().u32(1).u32(ModuleParser.MAX_LOCALS + 1L).raw(0x7F).raw(0x0B);
    byte[] overLimit =
        withType(
            fragment()
                .section(3, 1, 0)
                .section(10, fragment().u32(1).u32(many.bytes().length).raw(many.bytes())));
    WasmException e = assertMalformed(Failure.TOO_MANY_LOCALS, overLimit);
    assertTrue(e.getMessage().contains("allows"), e.getMessage());
  }

  @Test
  void functionAndCodeCountsMustAgree() {
    assertMalformed(Failure.FUNCTION_CODE_MISMATCH, withType(fragment().section(3, 1, 0)));
    assertMalformed(
        Failure.FUNCTION_CODE_MISMATCH,
        withType(fragment().section(3, 1, 0).section(10, 2, 2, 0, 0x0B, 2, 0, 0x0B)));
    assertMalformed(
        Failure.FUNCTION_CODE_MISMATCH, withType(fragment().section(10, 1, 2, 0, 0x0B)));
  }

  @Test
  void dataCountMustMatchDataSection() {
    assertMalformed(Failure.DATA_COUNT_MISMATCH, module().section(12, 1).bytes());
    assertMalformed(
        Failure.DATA_COUNT_MISMATCH,
        module().section(12, 2).section(11, fragment().u32(1).u32(1).u32(0)).bytes());
    ModuleParser.parse(module().section(12, 0).bytes());
  }

  @Test
  void badKindsAndTypeEncodings() {
    assertMalformed(Failure.MALFORMED_FUNCTION_TYPE, module().section(1, 1, 0x61, 0, 0).bytes());
    assertMalformed(Failure.MALFORMED_VALUE_TYPE, module().section(1, 1, 0x60, 1, 0x40, 0).bytes());
    assertMalformed(
        Failure.MALFORMED_IMPORT_KIND,
        module().section(2, fragment().u32(1).name("m").name("n").raw(4, 0)).bytes());
    assertMalformed(
        Failure.MALFORMED_EXPORT_KIND,
        module().section(7, fragment().u32(1).name("e").raw(4, 0)).bytes());
    assertMalformed(
        Failure.MALFORMED_MUTABILITY,
        module().section(6, fragment().u32(1).raw(0x7F, 2, 0x41, 0, 0x0B)).bytes());
    assertMalformed(Failure.MALFORMED_REFERENCE_TYPE, module().section(4, 1, 0x7F, 0, 0).bytes());
    assertMalformed(Failure.MALFORMED_LIMITS_FLAGS, module().section(5, 1, 0x04, 0).bytes());
    assertMalformed(Failure.MALFORMED_LIMITS_FLAGS, module().section(4, 1, 0x70, 0x02, 0).bytes());
    assertMalformed(Failure.MALFORMED_ELEMENTS_KIND, module().section(9, 1, 8).bytes());
    assertMalformed(Failure.MALFORMED_ELEMENTS_KIND, module().section(9, 1, 1, 0x01, 0).bytes());
    assertMalformed(Failure.MALFORMED_DATA_KIND, module().section(11, 1, 3).bytes());
  }

  @Test
  void constantExpressionsMustDecode() {
    assertMalformed(
        Failure.ILLEGAL_OPCODE,
        module().section(6, fragment().u32(1).raw(0x7F, 0, 0x06, 0x0B)).bytes());
    assertMalformed(
        Failure.ILLEGAL_OPCODE,
        module().section(6, fragment().u32(1).raw(0x7F, 0, 0xFC, 0x7F, 0x0B)).bytes());
    assertMalformed(
        Failure.UNEXPECTED_END_OF_SECTION,
        module().section(6, fragment().u32(1).raw(0x7F, 0, 0x41, 0)).bytes());
    assertMalformed(
        Failure.ZERO_BYTE_EXPECTED,
        module().section(6, fragment().u32(1).raw(0x7F, 0, 0x3F, 0x01, 0x0B)).bytes());
  }

  @Test
  void garbageAfterLastSection() {
    byte[] b = module().section(1, ONE_TYPE).raw(0x01).bytes();
    assertMalformed(Failure.JUNK_AFTER_LAST_SECTION, b);
    assertMalformed(Failure.MALFORMED_SECTION_ID, module().raw(0x0E, 0).bytes());
  }
}
