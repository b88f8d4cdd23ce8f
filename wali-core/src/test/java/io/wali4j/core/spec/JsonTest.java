package io.wali4j.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsNestedObjectsArraysAndScalars() {
    Object v =
        Json.parse("{\"a\": [1, -2.5e1, \"x\\\"y\\u0041\"], \"b\": {}, \"c\": [true, null]}");
    assertEquals(
        Map.of("a", List.of(1L, -25.0, "x\"yA"), "b", Map.of(), "c", Arrays.asList(true, null)), v);
  }

  @Test
  void rejectsTrailingCharacters() {
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
  }

  @Test
  void readsAWast2jsonCommand() {
    List<SpecCommand> cmds =
        SpecCommand.readAll(
            "{\"commands\": [{\"type\": \"assert_return\", \"line\": 7, \"action\": {\"type\":"
                + " \"invoke\", \"module\": \"$M\", \"field\": \"f\", \"args\": [{\"type\": \"i32\","
                + " \"value\": \"4294967295\"}]}, \"expected\": [{\"type\": \"f32\", \"value\":"
                + " \"nan:canonical\"}]}]}");
    SpecCommand c = cmds.get(0);
    assertEquals("assert_return", c.type());
    assertEquals(7, c.line());
    assertEquals("$M", c.action().module());
    assertEquals(List.of(new SpecCommand.Value("i32", "4294967295")), c.action().args());
    assertEquals(List.of(new SpecCommand.Value("f32", "nan:canonical")), c.expected());
  }
}
