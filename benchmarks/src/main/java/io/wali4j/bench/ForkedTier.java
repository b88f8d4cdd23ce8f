package io.wali4j.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures one kernel on one tier in a JVM of its own ({@link KernelChild}), started with this
 * JVM's flags and class path. HotSpot compiles the interpreter's dispatch loop from the profile of
 * what ran before it; in a shared JVM a kernel inherits the profile the earlier kernels left, and
 * its time moves with the order of the kernels. One program per JVM is also how an embedder runs.
 */
final class ForkedTier {

  private ForkedTier() {}

  static TierOutcome measure(
      Kernel kernel, Path kernelsDir, Tier tier, int n, int warmup, int reps) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(KernelChild.class.getName());
    command.add(kernelsDir.toAbsolutePath().toString());
    command.add(kernel.name());
    command.add(tier.name());
    command.add(Integer.toString(n));
    command.add(Integer.toString(warmup));
    command.add(Integer.toString(reps));
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = p.waitFor();
      String[] lines = stdout.strip().split("\n");
      String last = lines[lines.length - 1];
      if (status != 0 || last.isEmpty()) {
        return TierOutcome.failed("the kernel's JVM exited with " + status + ": " + last);
      }
      return TierReport.parse(last);
    } catch (IOException | IllegalArgumentException e) {
      return TierOutcome.failed("the kernel's JVM: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TierOutcome.failed("interrupted");
    }
  }
}
