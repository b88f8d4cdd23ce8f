/**
 * The interpreter tier: {@link io.wali4j.core.interp.Interpreter} runs the pre-decoded form of
 * {@link io.wali4j.core.wasm.FunctionCode} in one non-recursive dispatch loop over frames kept as
 * plain data in a {@link io.wali4j.core.interp.ThreadState}, whose stack can be captured at a host
 * call and resumed later ({@link io.wali4j.core.interp.Snapshot}).
 */
package io.wali4j.core.interp;
