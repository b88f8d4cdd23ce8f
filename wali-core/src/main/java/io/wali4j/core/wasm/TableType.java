package io.wali4j.core.wasm;

/** A table type: element reference type and limits in elements (spec 2.3.8). */
public record TableType(ValType elementType, Limits limits) implements ImportDesc {}
