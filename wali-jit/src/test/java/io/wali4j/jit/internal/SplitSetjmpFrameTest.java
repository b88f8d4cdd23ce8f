package io.wali4j.jit.internal;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SetjmpFrameTest} (setjmp moving only its caller's frame, longjmp and signal handlers)
 * again with every function of 6 pre-decoded slots or more split into methods of at most 3 slots of
 * code each ({@link RegionEmitter}).
 */
class SplitSetjmpFrameTest extends SetjmpFrameTest {

  @RegisterExtension static final SplitFunctions SPLIT = new SplitFunctions(6);
}
