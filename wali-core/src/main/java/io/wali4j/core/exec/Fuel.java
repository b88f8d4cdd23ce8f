package io.wali4j.core.exec;

import io.wali4j.core.interp.ThreadState;

/**
 * Fuel for compiled code: metered modules ({@code Validator.validate(module, true)}) carry a {@code
 * METER} instruction at each function entry and loop label, and compiled code calls {@link
 * #spend()} there, so it spends the same units as the interpreter at the same points and runs out
 * at the same instruction.
 */
public final class Fuel {

  private Fuel() {}

  /** Spends one unit of the current thread's fuel, or traps with fuel exhausted. */
  public static void spend() {
    ThreadState.meterCurrent();
  }
}
