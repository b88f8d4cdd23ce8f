package io.wali4j.core.wasm;

/** One entry of the export section; {@code index} is in the index space of {@code kind}. */
public record Export(String name, ExternKind kind, int index) {}
