package io.wali4j.core.spec;

import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Global;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Table;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.GlobalType;
import io.wali4j.core.wasm.Limits;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.TableType;
import io.wali4j.core.wasm.ValType;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code spectest} module every spec script may import from (spec interpreter's
 * host/spectest.ml): print functions that do nothing visible, four constant globals of value 666
 * (666.6 for floats), a funcref table (10..20), a memory (1..2 pages) and, for the threads
 * proposal's tests, a shared memory (1..1). One instance serves a whole script, so modules that
 * import the same memory or table share it; entities are created on first import.
 */
final class SpectestModule {

  private static final ValType I32 = ValType.I32;
  private static final ValType I64 = ValType.I64;
  private static final ValType F32 = ValType.F32;
  private static final ValType F64 = ValType.F64;

  private final Map<String, Supplier<Extern>> factories = new HashMap<>();
  private final Map<String, Extern> created = new HashMap<>();

  SpectestModule() {
    print("print");
    print("print_i32", I32);
    print("print_i64", I64);
    print("print_f32", F32);
    print("print_f64", F64);
    print("print_i32_f32", I32, F32);
    print("print_f64_f64", F64, F64);
    global("global_i32", I32, 666);
    global("global_i64", I64, 666);
    global("global_f32", F32, Float.floatToRawIntBits(666.6f));
    global("global_f64", F64, Double.doubleToRawLongBits(666.6));
    factories.put(
        "table", () -> new Table(new TableType(ValType.FUNCREF, new Limits(10, 20, false))));
    factories.put("memory", () -> new Memory(new MemoryType(new Limits(1, 2, false))));
    factories.put("shared_memory", () -> new Memory(new MemoryType(new Limits(1, 1, true))));
  }

  /** The extern named {@code name}, or null when spectest has none. */
  Extern resolve(String name) {
    Supplier<Extern> factory = factories.get(name);
    if (factory == null) {
      return null;
    }
    return created.computeIfAbsent(name, n -> factory.get());
  }

  private void print(String name, ValType... params) {
    FuncType type = new FuncType(params, new ValType[0]);
    factories.put(name, () -> new HostFunction(type, (caller, stack, base) -> {}));
  }

  private void global(String name, ValType type, long value) {
    factories.put(name, () -> new Global(new GlobalType(type, false), value));
  }
}
