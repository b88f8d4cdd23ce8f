package io.wali4j.core.syscall;

import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.Import;
import io.wali4j.core.wasm.ImportDesc;
import io.wali4j.core.wasm.Module;
import java.util.HashMap;
import java.util.Map;

/**
 * The imports of one WALI process: every {@code wali.*} function import of its module, bound by
 * {@link SyscallBinder} to the type the module declares. Anything else resolves to nothing, which
 * the linker reports as an unknown import naming it.
 */
public final class WaliImports implements Imports {

  public static final String MODULE = "wali";

  private final Map<String, FuncType> declared = new HashMap<>();
  private final Ctx ctx;

  public WaliImports(Module module, Ctx ctx) {
    this.ctx = ctx;
    for (Import imp : module.imports()) {
      if (MODULE.equals(imp.module()) && imp.desc() instanceof ImportDesc.Func f) {
        declared.put(imp.name(), module.types().get(f.typeIndex()));
      }
    }
  }

  /** Whether {@code module} imports anything from {@code wali}: then it runs as a WALI process. */
  public static boolean isWaliModule(Module module) {
    return module.imports().stream().anyMatch(i -> MODULE.equals(i.module()));
  }

  @Override
  public Extern resolve(String module, String name) {
    FuncType type = declared.get(name);
    if (!MODULE.equals(module) || type == null) {
      return null;
    }
    return SyscallBinder.bind(name, type, ctx);
  }
}
