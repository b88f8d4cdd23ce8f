package io.wali4j.core.wasm;

/** A data segment (spec 2.5.8); {@code offset} is null for passive segments. */
public record DataSegment(boolean active, int memoryIndex, ConstExpr offset, byte[] bytes) {}
