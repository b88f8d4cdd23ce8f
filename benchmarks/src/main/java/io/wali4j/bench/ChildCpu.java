package io.wali4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user + system) of this JVM's ended and reaped child processes: {@code cutime +
 * cstime} of /proc/self/stat (proc(5)), in clock ticks of {@code getconf CLK_TCK}.
 */
final class ChildCpu {

  private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicks();

  private ChildCpu() {}

  static long nanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name, which is in parentheses and may hold spaces: the first
      // after ")" is field 3 (state); cutime and cstime are fields 16 and 17.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * NANOS_PER_TICK;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
