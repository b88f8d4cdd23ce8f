package io.wali4j.core.wasm;

/** A global defined by the module: its type and initializer. */
public record GlobalDef(GlobalType type, ConstExpr init) {}
