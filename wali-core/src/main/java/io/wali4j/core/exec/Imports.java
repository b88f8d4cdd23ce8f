package io.wali4j.core.exec;

/** Supplies the externs a module imports. */
@FunctionalInterface
public interface Imports {

  Imports NONE = (module, name) -> null;

  /** The extern for import {@code module.name}, or null when there is none. */
  Extern resolve(String module, String name);
}
