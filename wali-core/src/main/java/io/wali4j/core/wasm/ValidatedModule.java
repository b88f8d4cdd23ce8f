package io.wali4j.core.wasm;

import java.util.List;

/**
 * A module that passed validation, with each defined function in the pre-decoded form ({@code
 * code.get(i)} is the module's i-th defined function, funcidx {@code importedFunctionCount() + i}).
 */
public record ValidatedModule(Module module, List<FunctionCode> code) {

  public ValidatedModule {
    code = List.copyOf(code);
  }
}
