package io.wali4j.core.wasm;

import java.util.Map;

/**
 * The decoded {@code name} custom section (spec 7.4.1), used only for diagnostics; any part may be
 * empty. {@code localNames} maps a function index to its map of local index to name.
 */
public record NameSection(
    String moduleName,
    Map<Integer, String> functionNames,
    Map<Integer, Map<Integer, String>> localNames) {

  public static final NameSection EMPTY = new NameSection(null, Map.of(), Map.of());
}
