package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.Wat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of the ahead-of-time cache share: each test's runs use a cache in a temporary
 * directory of its own ({@link #cache}), and the tier they run on; their modules export a {@code
 * run} compared with the interpreter's ({@link #assertSameResults}); one line on stderr is read
 * with {@link #stderrOf}.
 */
abstract class TempAotCache {

  @TempDir Path cache;

  JitTier tier;

  private Path previous;

  @BeforeEach
  void useTempCache() {
    previous = Jit.aotCache();
    Jit.aotCache(cache);
    tier = (JitTier) Jit.tier();
  }

  @AfterEach
  void restoreCache() {
    Jit.aotCache(previous);
  }

  /** An instance of {@code wat} in {@code mode} (the tier's cache is the test's). */
  static Instance instantiate(String wat, Jit.Mode mode) {
    Store store = new Store();
    store.jitMode(mode);
    return Instance.instantiate(store, Wat.validated(wat), Imports.NONE);
  }

  /**
   * {@code inst}, an instance of {@code wat}, whose export {@code run} takes a count, gives the
   * interpreter's results.
   */
  static void assertSameResults(String wat, Instance inst) {
    Instance reference = instantiate(wat, Jit.Mode.OFF);
    for (int n : new int[] {0, 1, 77, 5000}) {
      assertArrayEquals(reference.invoke("run", n), inst.invoke("run", n), "run " + n);
    }
  }

  /** What {@code action} wrote to stderr. */
  static String stderrOf(Runnable action) {
    PrintStream saved = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(saved);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
