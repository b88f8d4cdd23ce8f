package io.wali4j.jit.internal;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link LoopShapeTest} (counted loop shapes) again with every function of 6 pre-decoded slots or
 * more split into methods of at most 3 slots of code each ({@link RegionEmitter}).
 */
class SplitLoopShapeTest extends LoopShapeTest {

  @RegisterExtension static final SplitFunctions SPLIT = new SplitFunctions(6);
}
