package io.wali4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs benchmarks/build-kernels.sh, which rebuilds only the kernels whose sources changed. */
public final class KernelBuild {

  private KernelBuild() {}

  /**
   * Builds the kernels into {@code outDir}.
   *
   * @throws IllegalStateException with the script's output when it fails, e.g. because clang-19 or
   *     wasm-ld-19 is not installed
   */
  public static KernelFiles ensureBuilt(Path script, Path outDir) {
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("kernel build script not found: " + script.toAbsolutePath());
    }
    ProcessBuilder builder =
        new ProcessBuilder(List.of("bash", script.toString(), outDir.toString()))
            .redirectErrorStream(true);
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = process.waitFor();
      if (status != 0) {
        throw new IllegalStateException(
            "building the benchmark kernels failed (exit " + status + "):\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the kernels", e);
    }
    return new KernelFiles(outDir);
  }
}
