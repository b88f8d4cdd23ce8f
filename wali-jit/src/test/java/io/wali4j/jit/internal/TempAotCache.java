package io.wali4j.jit.internal;

import io.wali4j.core.exec.Jit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of the ahead-of-time cache share: each test's runs use a cache in a temporary
 * directory of its own ({@link #cache}), and the tier they run on; one line on stderr is read with
 * {@link #stderrOf}.
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
