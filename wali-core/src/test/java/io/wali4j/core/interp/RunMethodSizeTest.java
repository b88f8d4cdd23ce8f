package io.wali4j.core.interp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@link Interpreter}'s {@code run} stays within HotSpot's limit for compiling a method (8000 bytes
 * of bytecode, {@code -XX:HugeMethodLimit}): past it, a JVM without {@code
 * -XX:-DontCompileHugeMethods} (an embedder's) never compiles the interpreter loop and every module
 * runs several times slower.
 */
class RunMethodSizeTest {

  private static final int HUGE_METHOD_LIMIT = 8000;

  @Test
  void runFitsHotSpotsCompileLimit() throws IOException {
    int size = RunBytecode.code().length;
    assertTrue(size <= HUGE_METHOD_LIMIT, "Interpreter.run is " + size + " bytes");
  }
}
