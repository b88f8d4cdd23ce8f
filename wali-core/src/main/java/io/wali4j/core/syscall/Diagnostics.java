package io.wali4j.core.syscall;

import java.io.PrintStream;

/**
 * Where and how much a WALI process's runtime reports, to one stream (stderr by default): the
 * verbosity of the CLI's {@code -v=N} (0 nothing, 1 errors such as traps, 2 also warnings such as a
 * call that is not implemented, 3 and above also the process's start and end), and whether every
 * syscall is traced ({@code --strace}), which prints whatever the verbosity.
 *
 * @param out the stream for every report
 * @param verbosity the log level
 * @param strace whether to print one line per syscall
 */
public record Diagnostics(PrintStream out, int verbosity, boolean strace) {

  public static final int ERROR = 1;
  public static final int WARNING = 2;
  public static final int INFO = 3;

  /** Errors and warnings to stderr, no trace. */
  public static Diagnostics defaults() {
    return new Diagnostics(System.err, WARNING, false);
  }

  /** Whether messages of {@code level} are printed. */
  public boolean enabled(int level) {
    return verbosity >= level;
  }

  /** Prints {@code message}, prefixed with the runtime's name, if {@code level} is enabled. */
  public void log(int level, String message) {
    if (enabled(level)) {
      out.println("wali4j: " + message);
    }
  }
}
