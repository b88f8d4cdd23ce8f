package io.wali4j.api;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A host's layouts of the C structs the runtime converts between WALI's view and the host's (struct
 * stat, statfs, epoll_event, ...), by struct name as C spells it after {@code struct}. Fields are
 * named by their C member path ({@code st_mode}, {@code st_atime_nsec}) and described by byte
 * offset and size; a field a layout does not name is one the host lacks.
 */
public final class StructLayouts {

  /** A field: {@code size} bytes at {@code offset}. */
  public record Field(String name, int offset, int size) {}

  /** One struct: its size and its fields in offset order. */
  public record Struct(String name, int size, List<Field> fields) {

    public Struct {
      fields = List.copyOf(fields);
    }

    /** The field named {@code field}, if the struct has it. */
    public Optional<Field> field(String field) {
      return fields.stream().filter(f -> f.name().equals(field)).findFirst();
    }
  }

  private final Map<String, Struct> structs;

  public StructLayouts(Map<String, Struct> structs) {
    this.structs = Collections.unmodifiableMap(new TreeMap<>(structs));
  }

  /**
   * Reads {@code struct=size} and {@code struct.field=offset:size} lines ({@code #} comments
   * allowed), as backends ship them.
   */
  public static StructLayouts load(InputStream in) {
    Map<String, String> lines = Tables.read(in, "struct layouts");
    Map<String, Integer> sizes = new TreeMap<>();
    Map<String, List<Field>> fields = new TreeMap<>();
    lines.forEach(
        (key, value) -> {
          int dot = key.indexOf('.');
          if (dot < 0) {
            sizes.put(key, Tables.parseInt(key, value));
            return;
          }
          String[] at = value.split(":", -1);
          if (at.length != 2) {
            throw new IllegalArgumentException(key + ": not offset:size: " + value);
          }
          Field f =
              new Field(
                  key.substring(dot + 1), Tables.parseInt(key, at[0]), Tables.parseInt(key, at[1]));
          fields.computeIfAbsent(key.substring(0, dot), s -> new ArrayList<>()).add(f);
        });
    Map<String, Struct> structs = new TreeMap<>();
    for (Map.Entry<String, List<Field>> e : fields.entrySet()) {
      if (!sizes.containsKey(e.getKey())) {
        throw new IllegalArgumentException("struct " + e.getKey() + " has fields but no size");
      }
    }
    sizes.forEach(
        (name, size) -> {
          List<Field> fs = new ArrayList<>(fields.getOrDefault(name, List.of()));
          fs.sort(Comparator.comparingInt(Field::offset));
          structs.put(name, new Struct(name, size, fs));
        });
    return new StructLayouts(structs);
  }

  /** Whether this table describes struct {@code name}. */
  public boolean knows(String name) {
    return structs.containsKey(name);
  }

  /**
   * The layout of struct {@code name}.
   *
   * @throws IllegalArgumentException when the table does not describe it
   */
  public Struct struct(String name) {
    Struct s = structs.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown struct: " + name);
    }
    return s;
  }

  /** Every struct this table describes. */
  public Set<String> names() {
    return structs.keySet();
  }
}
