package io.wali4j.core.wasm;

/** A custom section, kept as bytes. */
public record CustomSection(String name, byte[] data) {}
