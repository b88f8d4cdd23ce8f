package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.GuardedBacking;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledSafePointTest} (safe points at loop heads and entries) again over a native
 * reservation, where small functions call the shared {@code JitRuntime.safePoint} ({@link
 * FunctionCompiler#SHARED_RARE_PATHS}).
 */
class NativeSafePointTest extends CompiledSafePointTest {

  private final List<GuardedBacking> backings = new ArrayList<>();

  @Override
  Store newStore() {
    return new Store(
        type -> {
          GuardedBacking b = new GuardedBacking(1L << 20);
          backings.add(b);
          return new Memory(type, b);
        });
  }

  /** Not over a native reservation (see FunctionCompiler.CHUNKED_LOOPS's use). */
  @Override
  boolean chunkedLoops() {
    return false;
  }

  @AfterEach
  void release() {
    for (GuardedBacking b : backings) {
      assertEquals(null, b.damagedCanary());
      b.release();
    }
  }

  @Test
  void theLoopsCallTheSharedSafePoint() {
    assertEquals(
        1,
        GeneratedCounts.calls(LOOPS, List.of("handler", "spin"), "safePoint", MemoryKind.NATIVE)
            .get("spin"));
  }
}
