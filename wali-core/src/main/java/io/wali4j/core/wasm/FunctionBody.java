package io.wali4j.core.wasm;

/**
 * One entry of the code section, undecoded: the declared locals (expanded, excluding parameters)
 * and where the instruction sequence lies in the module's bytes ({@code [start, end)}, the final
 * {@code end} opcode included).
 */
public record FunctionBody(ValType[] locals, int start, int end) {}
