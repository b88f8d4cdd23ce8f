package io.wali4j.jit.internal;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CompiledCodeTest} (its kernels, recursion and stack budget) again with every function of 6
 * pre-decoded slots or more split into methods of at most 3 slots of code each ({@link
 * RegionEmitter}).
 */
class SplitCompiledCodeTest extends CompiledCodeTest {

  @RegisterExtension static final SplitFunctions SPLIT = new SplitFunctions(6);
}
