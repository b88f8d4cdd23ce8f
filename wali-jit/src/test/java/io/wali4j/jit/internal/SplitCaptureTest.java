package io.wali4j.jit.internal;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CompiledCaptureTest} (fork and setjmp/longjmp through compiled frames) again with every
 * function of 6 pre-decoded slots or more split into methods of at most 3 slots of code each
 * ({@link RegionEmitter}).
 */
class SplitCaptureTest extends CompiledCaptureTest {

  @RegisterExtension static final SplitFunctions SPLIT = new SplitFunctions(6);
}
