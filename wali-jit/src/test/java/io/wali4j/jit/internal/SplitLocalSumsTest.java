package io.wali4j.jit.internal;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link LocalSumsTest} (accesses from a local plus a constant in counted loops) again with every
 * function of 6 pre-decoded slots or more split into methods of at most 3 slots of code each
 * ({@link RegionEmitter}).
 */
class SplitLocalSumsTest extends LocalSumsTest {

  @RegisterExtension static final SplitFunctions SPLIT = new SplitFunctions(6);
}
