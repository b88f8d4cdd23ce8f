package io.wali4j.bench;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Store;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;

/**
 * An execution tier of the engine the harness measures against native code. Each tier is one column
 * group of the result table; a JIT tier is one more constant here.
 */
public enum Tier {
  INTERPRETER("interp") {
    @Override
    public KernelRunner load(byte[] wasm) {
      Module module = ModuleParser.parse(wasm);
      ValidatedModule validated = Validator.validate(module);
      Instance instance = Instance.instantiate(new Store(), validated, Imports.NONE);
      // run: [i32] -> [i64]; the engine passes every value as a long.
      return n -> instance.invoke("run", n)[0];
    }
  };

  private final String label;

  Tier(String label) {
    this.label = label;
  }

  /** The short column label, e.g. {@code interp}. */
  public String label() {
    return label;
  }

  /** Parses, validates and instantiates {@code wasm} (a kernel that imports nothing). */
  public abstract KernelRunner load(byte[] wasm);
}
