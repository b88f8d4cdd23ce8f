package io.wali4j.core;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;

/**
 * The signal a native program would have died of for each trap: an out-of-bounds access or stack
 * exhaustion is SIGSEGV, a division fault SIGFPE, running out of fuel SIGXCPU (as a native program
 * past its RLIMIT_CPU), unreachable and the rest SIGILL.
 */
public final class TrapSignals {

  public static final int SIGILL = 4;
  public static final int SIGABRT = 6;
  public static final int SIGFPE = 8;
  public static final int SIGSEGV = 11;
  public static final int SIGXCPU = 24;
  public static final int SIGSYS = 31;

  private TrapSignals() {}

  public static int signalFor(Failure failure) {
    switch (failure) {
      case OUT_OF_BOUNDS_MEMORY:
      case OUT_OF_BOUNDS_TABLE:
      case CALL_STACK_EXHAUSTED:
      case INVALID_LONGJMP:
        return SIGSEGV;
      case INTEGER_DIVIDE_BY_ZERO:
      case INTEGER_OVERFLOW:
        return SIGFPE;
      case FUEL_EXHAUSTED:
        return SIGXCPU;
      default:
        return SIGILL;
    }
  }

  /** The status of a process ended by trap {@code e}. */
  public static ExitStatus status(WasmException e) {
    return ExitStatus.signaled(signalFor(e.failure()));
  }
}
