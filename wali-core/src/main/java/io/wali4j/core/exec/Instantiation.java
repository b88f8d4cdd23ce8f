package io.wali4j.core.exec;

import io.wali4j.core.wasm.DataSegment;
import io.wali4j.core.wasm.ElementSegment;
import io.wali4j.core.wasm.Export;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.GlobalDef;
import io.wali4j.core.wasm.GlobalType;
import io.wali4j.core.wasm.Import;
import io.wali4j.core.wasm.ImportDesc;
import io.wali4j.core.wasm.Limits;
import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.TableType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.WasmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The steps of module instantiation (spec 4.5.4), in the spec's order. */
final class Instantiation {

  private Instantiation() {}

  static Instance run(Store store, ValidatedModule validated, Imports imports) {
    Module m = validated.module();
    Instance inst = new Instance(store, m);
    link(inst, m, imports);
    allocate(inst, m, validated.code());
    initGlobals(inst, m);
    inst.exports = exports(inst, m);
    initElements(inst, m);
    initData(inst, m);
    Jit.instantiated(inst);
    if (m.startFunction() >= 0) {
      inst.functions[m.startFunction()].call();
    }
    return inst;
  }

  /**
   * An instance of the same module in {@code store} whose state is a copy of {@code parent}'s:
   * globals, tables (references mapped to the new instance's functions) and which segments are
   * dropped. No segment is applied and no start function runs: the memory the store allocates is
   * expected to hold the parent's bytes already.
   */
  static Instance copy(Store store, ValidatedModule validated, Imports imports, Instance parent) {
    Module m = validated.module();
    Instance inst = new Instance(store, m);
    link(inst, m, imports);
    allocate(inst, m, validated.code(), parent);
    Map<Long, Long> ids = new HashMap<>();
    for (int i = 0; i < inst.functions.length; i++) {
      ids.put((long) parent.functionIds[i], (long) inst.functionIds[i]);
    }
    for (int i = m.importedGlobalCount(); i < inst.globals.length; i++) {
      Global g = parent.globals[i];
      long v = g.get();
      if (g.type().type() == ValType.FUNCREF && v != Table.NULL) {
        v = ids.getOrDefault(v, Table.NULL);
      }
      inst.globals[i] = new Global(g.type(), v);
    }
    for (int i = m.importedTableCount(); i < inst.tables.length; i++) {
      Table from = parent.tables[i];
      Table to = inst.tables[i];
      if (from.size() > to.size()) {
        to.grow(from.size() - to.size(), Table.NULL);
      }
      boolean funcs = from.type().elementType() == ValType.FUNCREF;
      for (int j = 0; j < from.size(); j++) {
        long ref = from.get(j);
        to.set(j, !funcs || ref == Table.NULL ? ref : ids.getOrDefault(ref, Table.NULL));
      }
    }
    System.arraycopy(parent.datas, 0, inst.datas, 0, inst.datas.length);
    for (int i = 0; i < inst.elems.length; i++) {
      long[] refs = parent.elems[i];
      long[] mapped = new long[refs.length];
      for (int j = 0; j < refs.length; j++) {
        mapped[j] = refs[j] == Table.NULL ? Table.NULL : ids.getOrDefault(refs[j], Table.NULL);
      }
      inst.elems[i] = mapped;
    }
    inst.exports = exports(inst, m);
    return inst;
  }

  // ---- imports (spec 4.5.4 step 3-4, import matching 4.5.2) ----

  private static void link(Instance inst, Module m, Imports imports) {
    int f = 0;
    int t = 0;
    int mem = 0;
    int g = 0;
    for (Import imp : m.imports()) {
      Extern e = imports.resolve(imp.module(), imp.name());
      String where = imp.module() + "." + imp.name();
      if (e == null) {
        throw new WasmException(Failure.UNKNOWN_IMPORT, where);
      }
      ImportDesc d = imp.desc();
      if (d instanceof ImportDesc.Func fd) {
        FuncType want = m.types().get(fd.typeIndex());
        if (!(e instanceof Function fn) || !fn.type().equals(want)) {
          throw incompatible(where, e, "function " + want);
        }
        inst.functions[f] = fn;
        inst.functionIds[f++] = inst.store().register(fn);
      } else if (d instanceof TableType tt) {
        if (!(e instanceof Table tab)
            || tab.type().elementType() != tt.elementType()
            || !matches(tab.size(), tab.type().limits(), tt.limits())) {
          throw incompatible(where, e, "table " + tt);
        }
        inst.tables[t++] = tab;
      } else if (d instanceof MemoryType mt) {
        if (!(e instanceof Memory memory)
            || memory.isShared() != mt.limits().shared()
            || !matches(memory.pages(), memory.type().limits(), mt.limits())) {
          throw incompatible(where, e, "memory " + mt);
        }
        inst.setMemory(mem++, memory);
      } else {
        GlobalType gt = (GlobalType) d;
        if (!(e instanceof Global global) || !global.type().equals(gt)) {
          throw incompatible(where, e, "global " + gt);
        }
        inst.globals[g++] = global;
      }
    }
  }

  private static WasmException incompatible(String where, Extern got, String wanted) {
    return new WasmException(
        Failure.INCOMPATIBLE_IMPORT,
        where + " (wanted " + wanted + ", got " + got.getClass().getSimpleName() + ")");
  }

  /** Limits subtyping (spec 4.5.2): at least as large a minimum, a maximum at least as tight. */
  private static boolean matches(long actualMin, Limits actual, Limits wanted) {
    if (actualMin < wanted.min()) {
      return false;
    }
    if (!wanted.hasMax()) {
      return true;
    }
    return actual.hasMax() && actual.max() <= wanted.max();
  }

  // ---- allocation (spec 4.5.3) ----

  private static void allocate(Instance inst, Module m, List<FunctionCode> code) {
    allocate(inst, m, code, null);
  }

  /** With a {@code parent} instance of the same module, its functions' fused code is shared. */
  private static void allocate(Instance inst, Module m, List<FunctionCode> code, Instance parent) {
    int imported = m.importedFunctionCount();
    for (int i = 0; i < code.size(); i++) {
      int funcidx = imported + i;
      WasmFunction fn =
          parent == null
              ? new WasmFunction(inst, m.functionType(funcidx), code.get(i))
              : new WasmFunction(
                  inst,
                  m.functionType(funcidx),
                  code.get(i),
                  ((WasmFunction) parent.functions[funcidx]).ops());
      inst.functions[funcidx] = fn;
      inst.functionIds[funcidx] = inst.store().register(fn);
    }
    for (int i = 0; i < m.tables().size(); i++) {
      inst.tables[m.importedTableCount() + i] = inst.store().newTable(m.tables().get(i));
    }
    for (int i = 0; i < m.memories().size(); i++) {
      inst.setMemory(m.importedMemoryCount() + i, inst.store().newMemory(m.memories().get(i)));
    }
    for (int i = 0; i < m.datas().size(); i++) {
      inst.datas[i] = m.datas().get(i).bytes();
    }
  }

  /** Global initializers may read imported globals and, with extended-const, earlier ones. */
  private static void initGlobals(Instance inst, Module m) {
    int base = m.importedGlobalCount();
    for (int i = 0; i < m.globals().size(); i++) {
      GlobalDef def = m.globals().get(i);
      inst.globals[base + i] = new Global(def.type(), ConstEval.eval(def.init(), inst));
    }
  }

  private static Map<String, Extern> exports(Instance inst, Module m) {
    Map<String, Extern> out = new LinkedHashMap<>();
    for (Export e : m.exports()) {
      Extern x;
      switch (e.kind()) {
        case FUNC:
          x = inst.functions[e.index()];
          break;
        case TABLE:
          x = inst.tables[e.index()];
          break;
        case MEMORY:
          x = inst.memories[e.index()];
          break;
        default:
          x = inst.globals[e.index()];
          break;
      }
      out.put(e.name(), x);
    }
    return Map.copyOf(out);
  }

  // ---- segments (spec 4.5.4 steps 12-14): in order; those before a failing one stay applied --

  private static void initElements(Instance inst, Module m) {
    List<ElementSegment> segs = m.elements();
    for (int i = 0; i < segs.size(); i++) {
      ElementSegment seg = segs.get(i);
      long[] refs = new long[seg.init().size()];
      for (int j = 0; j < refs.length; j++) {
        refs[j] = ConstEval.eval(seg.init().get(j), inst);
      }
      inst.elems[i] = refs;
    }
    for (int i = 0; i < segs.size(); i++) {
      ElementSegment seg = segs.get(i);
      if (seg.mode() == ElementSegment.Mode.ACTIVE) {
        int offset = (int) ConstEval.eval(seg.offset(), inst);
        inst.tables[seg.tableIndex()].init(offset, inst.elems[i], 0, inst.elems[i].length);
        inst.dropElem(i);
      } else if (seg.mode() == ElementSegment.Mode.DECLARATIVE) {
        inst.dropElem(i);
      }
    }
  }

  private static void initData(Instance inst, Module m) {
    List<DataSegment> segs = m.datas();
    for (int i = 0; i < segs.size(); i++) {
      DataSegment seg = segs.get(i);
      if (seg.active()) {
        long offset = ConstEval.eval(seg.offset(), inst) & 0xFFFFFFFFL;
        byte[] bytes = inst.datas[i];
        inst.memories[seg.memoryIndex()].init(offset, bytes, 0, bytes.length);
        inst.dropData(i);
      }
    }
  }
}
