package io.wali4j.jit.internal;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CompiledSafePointTest} (safe points at loop heads and entries) again with every function
 * of 6 pre-decoded slots or more split into methods of at most 3 slots of code each ({@link
 * RegionEmitter}).
 */
class SplitSafePointTest extends CompiledSafePointTest {

  @RegisterExtension static final SplitFunctions SPLIT = new SplitFunctions(6);

  /** A region does not see every branch to a loop's head: its loops keep a safe point each. */
  @Override
  boolean tripCounters() {
    return false;
  }
}
