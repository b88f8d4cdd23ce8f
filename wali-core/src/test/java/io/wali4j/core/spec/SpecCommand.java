package io.wali4j.core.spec;

import java.util.List;
import java.util.Map;

/**
 * One command of a wast2json script (the JSON form of the spec's script format, spec interpreter
 * README "Scripts"). Fields a command type does not use are null.
 *
 * @param type module, register, action, assert_return, assert_trap, assert_exhaustion,
 *     assert_invalid, assert_malformed, assert_unlinkable or assert_uninstantiable
 * @param line the line in the .wast file
 * @param filename the module file next to the JSON file (module and module assertions)
 * @param name the module's name ({@code $M}) for module and register
 * @param moduleType binary or text (module assertions)
 * @param text the expected failure message (assertions of failure)
 * @param as the name a register command registers the module under
 * @param action the action of action, assert_return, assert_trap and assert_exhaustion
 * @param expected the expected results of assert_return
 */
record SpecCommand(
    String type,
    int line,
    String filename,
    String name,
    String moduleType,
    String text,
    String as,
    Action action,
    List<Value> expected) {

  /** An invoke or get action on the current or a named module. */
  record Action(String type, String module, String field, List<Value> args) {}

  /**
   * A typed value: {@code value} is the decimal unsigned integer (raw bits for floats), {@code
   * nan:canonical}, {@code nan:arithmetic} or {@code null} (for references), as wast2json writes
   * it.
   */
  record Value(String type, String value) {
    @Override
    public String toString() {
      return type + ":" + value;
    }
  }

  /** Reads the commands of a wast2json output file. */
  static List<SpecCommand> readAll(String json) {
    Map<String, Object> root = asMap(Json.parse(json));
    return ((List<?>) root.get("commands")).stream().map(c -> of(asMap(c))).toList();
  }

  private static SpecCommand of(Map<String, Object> m) {
    Action action = null;
    if (m.get("action") != null) {
      Map<String, Object> a = asMap(m.get("action"));
      action = new Action(str(a, "type"), str(a, "module"), str(a, "field"), values(a.get("args")));
    }
    return new SpecCommand(
        str(m, "type"),
        ((Number) m.get("line")).intValue(),
        str(m, "filename"),
        str(m, "name"),
        str(m, "module_type"),
        str(m, "text"),
        str(m, "as"),
        action,
        values(m.get("expected")));
  }

  private static List<Value> values(Object list) {
    if (list == null) {
      return List.of();
    }
    return ((List<?>) list)
        .stream()
            .map(v -> asMap(v))
            .map(v -> new Value(str(v, "type"), String.valueOf(v.get("value"))))
            .toList();
  }

  private static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : v.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }
}
