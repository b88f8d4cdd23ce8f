package io.wali4j.core.wasm;

/** What an import asks for: a function of a type index, a table, a memory or a global. */
public sealed interface ImportDesc permits ImportDesc.Func, TableType, MemoryType, GlobalType {

  /** A function import; {@code typeIndex} indexes the module's type section. */
  record Func(int typeIndex) implements ImportDesc {}

  default ExternKind kind() {
    if (this instanceof Func) {
      return ExternKind.FUNC;
    } else if (this instanceof TableType) {
      return ExternKind.TABLE;
    } else if (this instanceof MemoryType) {
      return ExternKind.MEMORY;
    }
    return ExternKind.GLOBAL;
  }
}
