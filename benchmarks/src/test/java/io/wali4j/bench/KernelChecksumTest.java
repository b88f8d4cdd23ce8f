package io.wali4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential test: each kernel, built from the same C source with clang-19 for wasm32 and for the
 * host, must return the same checksum on each engine tier (interpreter, compiled) as natively
 * (quick sizes). Needs clang-19, lld-19 and wabt; without them the build step fails with the
 * install command.
 */
class KernelChecksumTest {

  private static KernelFiles files;

  @BeforeAll
  static void buildKernels() {
    files =
        KernelBuild.ensureBuilt(
            Path.of(property("wali.bench.script", "build-kernels.sh")),
            Path.of(property("wali.bench.kernels", "target/kernels")));
  }

  @ParameterizedTest
  @EnumSource(Kernel.class)
  void interpreterReturnsTheNativeChecksum(Kernel kernel) {
    checkTier(kernel, Tier.INTERPRETER);
  }

  @ParameterizedTest
  @EnumSource(Kernel.class)
  void compiledCodeReturnsTheNativeChecksum(Kernel kernel) {
    checkTier(kernel, Tier.JIT);
  }

  @ParameterizedTest
  @EnumSource(Kernel.class)
  void compiledCodeOverNativeMemoryReturnsTheNativeChecksum(Kernel kernel) {
    checkTier(kernel, Tier.JIT_NATIVE);
  }

  @Test
  void aKernelMeasuredInItsOwnJvmReportsTheNativeChecksum() {
    Kernel kernel = Kernel.CRC32;
    int n = kernel.n(true);
    long expected = NativeKernel.measure(files.nativeExecutable(kernel), n, 0, 1).checksum();

    TierOutcome outcome = ForkedTier.measure(kernel, files.dir(), Tier.INTERPRETER, n, 1, 2);

    assertEquals(null, outcome.failure());
    assertEquals(expected, outcome.measurement().checksum());
    assertEquals(2, outcome.measurement().cpuNs().length);
  }

  private static void checkTier(Kernel kernel, Tier tier) {
    int n = kernel.n(true);
    long expected = NativeKernel.measure(files.nativeExecutable(kernel), n, 0, 1).checksum();

    KernelRunner runner = tier.load(files.readWasm(kernel));
    long first = runner.run(n);
    long second = runner.run(n);

    assertEquals(
        expected, first, kernel.fileName() + "(" + n + "): " + tier.label() + " vs native");
    assertEquals(first, second, kernel.fileName() + ": a second run on the same instance");
  }

  private static String property(String name, String fallback) {
    return System.getProperty(name, fallback);
  }
}
