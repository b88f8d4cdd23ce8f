package io.wali4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TierReportTest {

  @Test
  void aMeasurementSurvivesTheLine() {
    Measurement m = new Measurement(-42, new long[] {30, 10, 20}, new long[] {3, 1, 2});

    TierOutcome back = TierReport.parse(TierReport.format(TierOutcome.measured(m, 777)));

    assertEquals(-42, back.measurement().checksum());
    assertEquals(777, back.loadNs());
    assertArrayEquals(new long[] {30, 10, 20}, back.measurement().wallNs());
    assertArrayEquals(new long[] {3, 1, 2}, back.measurement().cpuNs());
  }

  @Test
  void aFailureSurvivesTheLineOnOneLine() {
    TierOutcome back = TierReport.parse(TierReport.format(TierOutcome.failed("trap\nat x")));

    assertFalse(back.ok());
    assertEquals("trap at x", back.failure());
  }

  @Test
  void otherOutputIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> TierReport.parse("checksum 12"));
    assertThrows(IllegalArgumentException.class, () -> TierReport.parse("measured 1 2 x 3"));
  }
}
