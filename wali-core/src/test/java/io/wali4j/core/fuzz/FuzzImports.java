package io.wali4j.core.fuzz;

import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Global;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Table;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.GlobalType;
import io.wali4j.core.wasm.Import;
import io.wali4j.core.wasm.ImportDesc;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.TableType;
import io.wali4j.core.wasm.ValType;

/**
 * Satisfies every import of a fuzzed module with an entity of exactly the declared type, within the
 * harness's limits: functions that return zeros (null for references), fresh memories, tables and
 * globals. So a mutated module links whatever it imports and its code gets to run.
 */
public final class FuzzImports implements Imports {

  private final Module module;
  private final long memoryPages;
  private final int tableElements;

  public FuzzImports(Module module, long memoryPages, int tableElements) {
    this.module = module;
    this.memoryPages = memoryPages;
    this.tableElements = tableElements;
  }

  @Override
  public Extern resolve(String moduleName, String name) {
    for (Import i : module.imports()) {
      if (i.module().equals(moduleName) && i.name().equals(name)) {
        return create(i.desc());
      }
    }
    return null;
  }

  private Extern create(ImportDesc desc) {
    if (desc instanceof ImportDesc.Func f) {
      return function(module.types().get(f.typeIndex()));
    } else if (desc instanceof TableType t) {
      return new Table(t, tableElements);
    } else if (desc instanceof MemoryType m) {
      return new Memory(m, memoryPages);
    }
    GlobalType g = (GlobalType) desc;
    return new Global(g, g.type().isReference() ? Table.NULL : 0);
  }

  private static HostFunction function(FuncType type) {
    ValType[] results = type.results();
    return new HostFunction(
        type,
        (caller, stack, base) -> {
          for (int k = 0; k < results.length; k++) {
            stack[base + k] = results[k].isReference() ? Table.NULL : 0;
          }
        });
  }
}
