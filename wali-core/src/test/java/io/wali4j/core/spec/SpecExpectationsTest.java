package io.wali4j.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecExpectationsTest {

  private final SpecExpectations exp =
      SpecExpectations.parse("# comment\n\nsimd.wast   SIMD not implemented\n*.fail.wast text\n");

  @Test
  void matchesNamesAndGlobs() {
    assertEquals("SIMD not implemented", exp.reasonFor("simd.wast"));
    assertEquals("text", exp.reasonFor("a-b.fail.wast"));
    assertNull(exp.reasonFor("i32.wast"));
  }

  @Test
  void reportsEntriesThatMatchNoFile() {
    assertEquals(List.of("*.fail.wast"), exp.unmatched(List.of("simd.wast", "i32.wast")));
  }

  @Test
  void everyEntryNeedsAReason() {
    assertThrows(IllegalArgumentException.class, () -> SpecExpectations.parse("simd.wast\n"));
  }

  @Test
  void theShippedFileParses() {
    assertEquals("SIMD (v128) not implemented", SpecExpectations.load().reasonFor("simd.wast"));
  }
}
