package io.wali4j.core.wasm;

import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the {@code name} custom section (spec 7.4.1). Custom sections are not validated, so a
 * name section that does not decode is ignored rather than failing the module.
 */
final class NameSectionDecoder {

  private static final int MODULE_NAME = 0;
  private static final int FUNCTION_NAMES = 1;
  private static final int LOCAL_NAMES = 2;

  private NameSectionDecoder() {}

  /** The names in {@code bytes[start, end)}, or null when the section is malformed. */
  static NameSection decode(byte[] bytes, int start, int end) {
    try {
      return decode(new ByteReader(bytes, start, end));
    } catch (WasmException e) {
      // Deliberately dropped: a broken name section only costs diagnostics (spec 7.4).
      return null;
    }
  }

  private static NameSection decode(ByteReader r) {
    String moduleName = null;
    Map<Integer, String> functionNames = Map.of();
    Map<Integer, Map<Integer, String>> localNames = Map.of();
    int sectionEnd = r.limit();
    while (!r.atEnd()) {
      int id = r.u8();
      int size = r.vecLength();
      int end = r.position() + size;
      r.limit(end);
      switch (id) {
        case MODULE_NAME -> moduleName = r.name();
        case FUNCTION_NAMES -> functionNames = nameMap(r);
        case LOCAL_NAMES -> localNames = indirectNameMap(r);
        default -> r.position(end); // later extensions: labels, types, ...
      }
      if (r.position() != end) {
        throw r.fail(Failure.SECTION_SIZE_MISMATCH);
      }
      r.limit(sectionEnd);
    }
    return new NameSection(moduleName, functionNames, localNames);
  }

  private static Map<Integer, String> nameMap(ByteReader r) {
    int n = r.vecLength();
    Map<Integer, String> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int idx = r.u32();
      out.put(idx, r.name());
    }
    return Map.copyOf(out);
  }

  private static Map<Integer, Map<Integer, String>> indirectNameMap(ByteReader r) {
    int n = r.vecLength();
    Map<Integer, Map<Integer, String>> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int idx = r.u32();
      out.put(idx, nameMap(r));
    }
    return Map.copyOf(out);
  }
}
