package io.wali4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MeasurementTest {

  @Test
  void medianOfAnOddCountIsTheMiddleRun() {
    Measurement m = new Measurement(1, new long[] {30, 10, 20}, new long[] {3, 1, 2});

    assertEquals(20, m.medianNs(Clock.WALL));
    assertEquals(2, m.medianNs(Clock.CPU));
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(25, Measurement.median(new long[] {40, 10, 20, 30}));
  }

  @Test
  void driverReportIsParsed() {
    Measurement m =
        NativeKernel.parse(
            "checksum -169083133978\nruns_ns 300 100 200\ncpu_ns 30 10 20\nmedian_ns 200\n",
            Path.of("x"));

    assertEquals(-169083133978L, m.checksum());
    assertArrayEquals(new long[] {300, 100, 200}, m.wallNs());
    assertArrayEquals(new long[] {30, 10, 20}, m.cpuNs());
    assertEquals(200, m.medianNs(Clock.WALL));
    assertEquals(20, m.medianNs(Clock.CPU));
  }

  @Test
  void driverReportWithoutChecksumIsAnError() {
    assertThrows(
        IllegalStateException.class, () -> NativeKernel.parse("runs_ns 1\n", Path.of("x")));
  }

  @Test
  void geometricMeanOfRatios() {
    assertEquals(4.0, ResultTable.geometricMean(new double[] {2, 8}), 1e-12);
    assertEquals(10.0, ResultTable.geometricMean(new double[] {10}), 1e-12);
  }

  @Test
  void timerRejectsAKernelWhoseChecksumDrifts() {
    long[] calls = {0};
    KernelRunner drifting = n -> calls[0]++;

    assertThrows(ChecksumMismatchException.class, () -> TierTimer.measure(drifting, 1, 1, 2));
  }
}
