package io.wali4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where build-kernels.sh put a kernel's two builds: {@code <dir>/<name>.wasm} and the native driver
 * {@code <dir>/<name>-native}.
 */
public record KernelFiles(Path dir) {

  public Path wasm(Kernel kernel) {
    return dir.resolve(kernel.fileName() + ".wasm");
  }

  public Path nativeExecutable(Kernel kernel) {
    return dir.resolve(kernel.fileName() + "-native");
  }

  public byte[] readWasm(Kernel kernel) {
    Path path = wasm(kernel);
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + path + " (run benchmarks/build-kernels.sh first)", e);
    }
  }
}
