package io.wali4j.core.wasm;

/** A global type: value type and mutability (spec 2.3.9). */
public record GlobalType(ValType type, boolean mutable) implements ImportDesc {}
