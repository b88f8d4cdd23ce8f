package io.wali4j.jit.internal;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AotCacheTest} (the ahead-of-time cache) again with every function of 6 pre-decoded slots
 * or more split into methods of at most 3 slots of code each ({@link RegionEmitter}).
 */
class SplitAotCacheTest extends AotCacheTest {

  @RegisterExtension static final SplitFunctions SPLIT = new SplitFunctions(6);
}
