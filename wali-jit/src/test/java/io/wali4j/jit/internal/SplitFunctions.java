package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with every function of at least {@code slots} pre-decoded slots split into
 * regions ({@link RegionPlanner}), and checks afterwards that functions were split.
 */
final class SplitFunctions implements BeforeAllCallback, AfterAllCallback {

  private final int slots;
  private int previous;
  private int before;

  SplitFunctions(int slots) {
    this.slots = slots;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    previous = RegionPlanner.splitSlots(slots);
    before = RegionEmitter.SPLIT.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    RegionPlanner.splitSlots(previous);
    assertTrue(RegionEmitter.SPLIT.get() > before, "no function was split");
  }
}
