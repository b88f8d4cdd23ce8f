package io.wali4j.shell.internal;

import java.util.Locale;
import java.util.Map;

/**
 * Signal names and numbers as {@code kill(1)} takes them (Linux x86_64 numbering, the WALI ABI).
 */
final class Signals {

  static final int SIGTERM = 15;

  private static final Map<String, Integer> NUMBERS =
      Map.ofEntries(
          Map.entry("HUP", 1),
          Map.entry("INT", 2),
          Map.entry("QUIT", 3),
          Map.entry("ILL", 4),
          Map.entry("TRAP", 5),
          Map.entry("ABRT", 6),
          Map.entry("BUS", 7),
          Map.entry("FPE", 8),
          Map.entry("KILL", 9),
          Map.entry("USR1", 10),
          Map.entry("SEGV", 11),
          Map.entry("USR2", 12),
          Map.entry("PIPE", 13),
          Map.entry("ALRM", 14),
          Map.entry("TERM", 15),
          Map.entry("STKFLT", 16),
          Map.entry("CHLD", 17),
          Map.entry("CONT", 18),
          Map.entry("STOP", 19),
          Map.entry("TSTP", 20),
          Map.entry("TTIN", 21),
          Map.entry("TTOU", 22),
          Map.entry("URG", 23),
          Map.entry("XCPU", 24),
          Map.entry("XFSZ", 25),
          Map.entry("VTALRM", 26),
          Map.entry("PROF", 27),
          Map.entry("WINCH", 28),
          Map.entry("IO", 29),
          Map.entry("PWR", 30),
          Map.entry("SYS", 31));

  private Signals() {}

  /**
   * The number of a signal given as {@code 9}, {@code KILL}, {@code SIGKILL} or {@code -9}.
   *
   * @throws IllegalArgumentException for anything else
   */
  static int parse(String s) {
    String t = s.startsWith("-") ? s.substring(1) : s;
    t = t.toUpperCase(Locale.ROOT);
    if (t.startsWith("SIG")) {
      t = t.substring(3);
    }
    Integer n = NUMBERS.get(t);
    if (n != null) {
      return n;
    }
    try {
      int v = Integer.parseInt(t);
      if (v >= 0 && v <= 64) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below with the original spelling
    }
    throw new IllegalArgumentException("unknown signal: " + s);
  }

  /**
   * Whether a process with default dispositions dies of {@code signal} (signal(7): CHLD, CONT, URG
   * and WINCH are ignored by default; STOP and its kin stop rather than end a process; real-time
   * signals end it).
   */
  static boolean endsProcess(int signal) {
    switch (signal) {
      case 0:
      case 17:
      case 18:
      case 19:
      case 20:
      case 21:
      case 22:
      case 23:
      case 28:
        return false;
      default:
        return signal <= 64;
    }
  }
}
