package io.wali4j.jit.internal;

/**
 * The class file of one batch ({@link BatchCompiler#generate}) and the funcidx of each function in
 * it, in batch order: {@code funcidx[k]} is what {@link CompiledBatch#call} runs for {@code k}.
 * What the compiler produces, and what the ahead-of-time cache stores.
 */
record GeneratedBatch(int[] funcidx, byte[] classFile) {}
