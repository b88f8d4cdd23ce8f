package io.wali4j.core.wasm;

/** One entry of the import section. */
public record Import(String module, String name, ImportDesc desc) {

  public ExternKind kind() {
    return desc.kind();
  }
}
