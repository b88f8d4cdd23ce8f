package io.wali4j.launcher;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.TrapSignals;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;

/** How the launcher words an engine failure and which status it exits with. */
final class Failures {

  private Failures() {}

  static String describe(WasmException e) {
    String kind =
        switch (e.kind()) {
          case MALFORMED -> "malformed module";
          case INVALID -> "invalid module";
          case UNLINKABLE -> "cannot link";
          case UNINSTANTIABLE -> "cannot instantiate";
          case TRAP -> "trap";
          case EXHAUSTION -> "resource exhausted";
        };
    return kind + ": " + e.getMessage();
  }

  /**
   * The status of a process that failed this way: a trap ends it as the signal a native program
   * would have died of (an out-of-bounds access as SIGSEGV, a division fault as SIGFPE, the rest as
   * SIGILL); failures before the program ran are {@link Main#EXIT_BAD_MODULE}.
   */
  static ExitStatus status(WasmException e) {
    if (e.failure() == Failure.MEMORY_LIMIT || e.failure() == Failure.TABLE_LIMIT) {
      // Refused before it ran, like a module that cannot be linked.
      return ExitStatus.exited(Main.EXIT_BAD_MODULE);
    }
    return switch (e.kind()) {
      case MALFORMED, INVALID, UNLINKABLE -> ExitStatus.exited(Main.EXIT_BAD_MODULE);
      case UNINSTANTIABLE, TRAP, EXHAUSTION -> ExitStatus.signaled(signalFor(e));
    };
  }

  private static int signalFor(WasmException e) {
    return TrapSignals.signalFor(e.failure());
  }
}
