package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.WasmFunction;
import java.util.function.BooleanSupplier;

/** What tests of tiered compilation share: a function of an instance, and waiting for the tier. */
final class TierWaits {

  private TierWaits() {}

  static WasmFunction function(Instance inst, int funcidx) {
    return (WasmFunction) inst.function(funcidx);
  }

  /**
   * Waits up to 30 s for the background tier to make {@code done} true; fails naming {@code what}.
   */
  static void await(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(done.getAsBoolean(), what);
  }
}
