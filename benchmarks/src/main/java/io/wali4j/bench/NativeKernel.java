package io.wali4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a kernel's native build (kernels/driver.c linked with the kernel) and reads back the
 * checksum and the run times it measured with CLOCK_MONOTONIC.
 */
public final class NativeKernel {

  private NativeKernel() {}

  /** Runs {@code executable n warmup reps} and parses its report. */
  public static Measurement measure(Path executable, int n, int warmup, int reps) {
    List<String> command =
        List.of(
            executable.toString(),
            Integer.toString(n),
            Integer.toString(warmup),
            Integer.toString(reps));
    String stdout;
    String stderr;
    int status;
    try {
      Process process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
      stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      status = process.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + executable, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + executable, e);
    }
    if (status == 2) {
      throw new ChecksumMismatchException(executable + ": " + stderr.strip());
    }
    if (status != 0) {
      throw new IllegalStateException(executable + " exited with " + status + ": " + stderr);
    }
    return parse(stdout, executable);
  }

  /** Parses the driver's {@code checksum}, {@code runs_ns} and {@code cpu_ns} lines. */
  static Measurement parse(String report, Path source) {
    Long checksum = null;
    List<Long> wall = new ArrayList<>();
    List<Long> cpu = new ArrayList<>();
    for (String line : report.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words[0].equals("checksum") && words.length == 2) {
        checksum = Long.parseLong(words[1]);
      } else if (words[0].equals("runs_ns")) {
        addAll(wall, words);
      } else if (words[0].equals("cpu_ns")) {
        addAll(cpu, words);
      }
    }
    if (checksum == null || wall.isEmpty() || wall.size() != cpu.size()) {
      throw new IllegalStateException("unexpected output from " + source + ":\n" + report);
    }
    return new Measurement(checksum, toArray(wall), toArray(cpu));
  }

  private static void addAll(List<Long> values, String[] words) {
    for (int i = 1; i < words.length; i++) {
      values.add(Long.parseLong(words[i]));
    }
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
