package io.wali4j.core.interp;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Store;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.Validator;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a benchmark kernel's exported {@code run(n)} repeatedly and prints each run's time, to watch
 * the interpreter reach its steady state. Args: kernel.wasm n runs.
 */
public final class KernelLoop {

  private KernelLoop() {}

  /**
   * utime + stime of this thread from /proc (10 ms ticks): the load of other processes on the
   * machine does not count.
   */
  static long threadCpuNanos() throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
  }

  public static void main(String[] args) throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of(args[0]));
    int n = Integer.parseInt(args[1]);
    int runs = Integer.parseInt(args[2]);
    Instance inst =
        Instance.instantiate(
            new Store(), Validator.validate(ModuleParser.parse(bytes)), Imports.NONE);
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      long c0 = threadCpuNanos();
      long r = inst.invoke("run", n)[0];
      System.out.printf(
          "run %d: %.1f ms wall, %.1f ms cpu (checksum %d)%n",
          i, (System.nanoTime() - t0) / 1e6, (threadCpuNanos() - c0) / 1e6, r);
    }
  }
}
