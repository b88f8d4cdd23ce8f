package io.wali4j.core.interp;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.testing.Wat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Times a recursive fib(30) in Wasm on the interpreter, for comparison with the same function built
 * natively (gcc -O2). Run: {@code java -XX:-DontCompileHugeMethods -cp
 * wali-core/target/classes:wali-core/target/test-classes io.wali4j.core.interp.FibBenchmark
 * [reps]}.
 */
public final class FibBenchmark {

  static final String FIB = resource("fib.wat");

  private FibBenchmark() {}

  private static String resource(String name) {
    try (InputStream in = FibBenchmark.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) throws IOException {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Instance inst = Wat.instantiate(FIB);
    for (int i = 0; i < 5; i++) {
      inst.invoke("fib", 30);
    }
    long t0 = System.nanoTime();
    long c0 = KernelLoop.threadCpuNanos();
    long r = 0;
    for (int i = 0; i < reps; i++) {
      r += inst.invoke("fib", 30)[0];
    }
    double cpu = (KernelLoop.threadCpuNanos() - c0) / 1e6 / reps;
    double wall = (System.nanoTime() - t0) / 1e6 / reps;
    System.out.printf(
        "fib(30)=%d interpreter %.3f ms cpu/call (%.3f ms wall)%n", r / reps, cpu, wall);
  }
}
