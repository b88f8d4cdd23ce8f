package io.wali4j.core.wasm;

import java.util.List;

/**
 * An element segment (spec 2.5.7). Every encoding is normalised to a list of constant expressions;
 * a vector of function indices becomes {@code ref.func i} expressions.
 */
public record ElementSegment(
    Mode mode, int tableIndex, ConstExpr offset, ValType type, List<ConstExpr> init) {

  /** Active segments are copied into a table at instantiation; the others only by table.init. */
  public enum Mode {
    PASSIVE,
    ACTIVE,
    DECLARATIVE
  }
}
