package io.wali4j.core.wasm;

/**
 * A constant expression (spec 3.3.10) as it appears in the binary: its instruction bytes, including
 * the final {@code end}, and their offset in the module for diagnostics. The validator checks
 * constness and type; {@code exec} evaluates it at instantiation.
 */
public record ConstExpr(byte[] code, int offset) {}
