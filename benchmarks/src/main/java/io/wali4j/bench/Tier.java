package io.wali4j.bench;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Memory;
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
      return instantiate(wasm, Jit.Mode.OFF, new Store());
    }
  },
  /** Every function compiled to JVM bytecode before the first call (wali-jit on the class path). */
  JIT("jit") {
    @Override
    public KernelRunner load(byte[] wasm) {
      if (Jit.tier() == null) {
        throw new IllegalStateException("no compiler tier on the class path (wali-jit)");
      }
      return instantiate(wasm, Jit.Mode.EAGER, new Store());
    }
  },
  /**
   * As {@link #JIT}, over a memory off the Java heap (base null, fixed address): the code shape of
   * a WALI process, whose memory is a native reservation. Not measured unless asked for.
   */
  JIT_NATIVE("jitn") {
    @Override
    public KernelRunner load(byte[] wasm) {
      if (Jit.tier() == null) {
        throw new IllegalStateException("no compiler tier on the class path (wali-jit)");
      }
      Store store =
          new Store(
              type -> new Memory(type, new OffHeapBacking(type.limits().min() * Memory.PAGE_SIZE)));
      return instantiate(wasm, Jit.Mode.EAGER, store);
    }
  };

  private static KernelRunner instantiate(byte[] wasm, Jit.Mode mode, Store store) {
    Module module = ModuleParser.parse(wasm);
    ValidatedModule validated = Validator.validate(module);
    store.jitMode(mode);
    Instance instance = Instance.instantiate(store, validated, Imports.NONE);
    // run: [i32] -> [i64]; the engine passes every value as a long.
    return n -> instance.invoke("run", n)[0];
  }

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
