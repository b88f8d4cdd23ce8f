package io.wali4j.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecExpectationsTest {

  private final SpecExpectations exp =
      SpecExpectations.parse(
          "# comment\n\nsimd.wast   SIMD not implemented\n*.fail.wast text\nfunc.wast:493 mvp\n");

  @Test
  void matchesNamesAndGlobs() {
    assertEquals("SIMD not implemented", exp.reasonFor("simd.wast"));
    assertEquals("text", exp.reasonFor("a-b.fail.wast"));
    assertNull(exp.reasonFor("i32.wast"));
  }

  @Test
  void aLineEntryListsOneCommandNotTheFile() {
    assertEquals("mvp", exp.reasonFor("func.wast", 493));
    assertNull(exp.reasonFor("func.wast", 494));
    assertNull(exp.reasonFor("func.wast"));
  }

  @Test
  void reportsEntriesThatMatchNoFile() {
    assertEquals(
        List.of("*.fail.wast", "func.wast:493"), exp.unmatched(List.of("simd.wast", "i32.wast")));
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
