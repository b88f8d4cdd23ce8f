package io.wali4j.core.wasm;

import java.util.Arrays;

/** A function type {@code [params] -> [results]} (spec 2.3.5). Arrays are never modified. */
public record FuncType(ValType[] params, ValType[] results) {

  public static final FuncType VOID = new FuncType(new ValType[0], new ValType[0]);

  @Override
  public boolean equals(Object o) {
    return o instanceof FuncType other
        && Arrays.equals(params, other.params)
        && Arrays.equals(results, other.results);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(params) + Arrays.hashCode(results);
  }

  @Override
  public String toString() {
    return Arrays.toString(params) + " -> " + Arrays.toString(results);
  }
}
