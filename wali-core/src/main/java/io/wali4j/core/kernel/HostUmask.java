package io.wali4j.core.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM's own umask, which the host kernel applies to everything a WALI process creates. It is
 * read once from {@code /proc/self/status} (the umask syscall cannot read it without changing it,
 * which would race with the JVM's other threads). A native program started from here inherits it,
 * so it is also a new WALI process's initial umask.
 */
public final class HostUmask {

  private static final int DEFAULT = 022;
  private static final int VALUE = read();

  private HostUmask() {}

  /** The host umask (the low 9 bits). */
  public static int value() {
    return VALUE;
  }

  private static int read() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring("Umask:".length()).strip(), 8) & 0777;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return DEFAULT;
    }
    return DEFAULT;
  }
}
