package io.wali4j.core.wasm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a module (spec 3.4) and emits each function body in the pre-decoded form.
 *
 * <p>The checks run in the order of the spec interpreter's {@code check_module}, so a module with
 * several faults reports the same one: types, imports, function declarations, globals, tables,
 * memories, element and data segments, bodies, the start function, exports, and finally the number
 * of memories. Bodies are checked by {@link CodeValidator}, constant expressions by {@link
 * ConstExprValidator}.
 */
public final class Validator {

  private final Module module;
  private final boolean[] declaredRefs;
  private final ConstExprValidator constExprs;
  private final boolean metered;

  private Validator(Module module, boolean metered) {
    this.module = module;
    this.metered = metered;
    this.declaredRefs = new boolean[module.functionCount()];
    this.constExprs = new ConstExprValidator(module, declaredRefs);
  }

  /**
   * Validates {@code module}.
   *
   * @throws WasmException of kind {@link ErrorKind#INVALID} naming the function, byte offset and
   *     rule; or {@link ErrorKind#MALFORMED} for body bytes that do not decode
   */
  public static ValidatedModule validate(Module module) {
    return validate(module, false);
  }

  /**
   * Validates {@code module}; when {@code metered}, its code spends one unit of the running
   * thread's fuel at each function entry and each loop iteration (see {@code ThreadState#fuel}), so
   * a run can be bounded however the module loops or recurses. Unmetered code has no such cost.
   *
   * @throws WasmException as {@link #validate(Module)}
   */
  public static ValidatedModule validate(Module module, boolean metered) {
    try {
      return new Validator(module, metered).run();
    } catch (WasmException e) {
      if (e.kind() == ErrorKind.INVALID) {
        BodyDecoder.requireWellFormed(module);
      }
      throw e;
    }
  }

  private ValidatedModule run() {
    checkTypes();
    checkImports();
    checkFunctionDeclarations();
    declareExportedFunctions();
    int importedGlobals = module.importedGlobalCount();
    List<GlobalDef> globals = module.globals();
    for (int i = 0; i < globals.size(); i++) {
      GlobalDef g = globals.get(i);
      checkValueType(g.type().type(), "global " + (importedGlobals + i));
      constExprs.validate(
          g.init(),
          g.type().type(),
          importedGlobals,
          "initializer of global " + (importedGlobals + i));
    }
    for (TableType t : module.tables()) {
      checkTableType(t);
    }
    for (MemoryType m : module.memories()) {
      checkMemoryType(m);
    }
    checkElements();
    checkDatas();
    List<FunctionCode> code = checkBodies();
    checkStart();
    checkExports();
    if (module.allMemories().size() > 1) {
      throw new WasmException(
          Failure.MULTIPLE_MEMORIES,
          module.allMemories().size() + " memories (multi-memory is not supported)");
    }
    return new ValidatedModule(module, code);
  }

  private void checkTypes() {
    List<FuncType> types = module.types();
    for (int i = 0; i < types.size(); i++) {
      for (ValType t : types.get(i).params()) {
        checkValueType(t, "type " + i);
      }
      for (ValType t : types.get(i).results()) {
        checkValueType(t, "type " + i);
      }
    }
  }

  private static void checkValueType(ValType t, String where) {
    if (t == ValType.V128) {
      throw new WasmException(Failure.UNSUPPORTED_FEATURE, "v128 (SIMD) in " + where);
    }
  }

  private void checkImports() {
    for (Import imp : module.imports()) {
      String where = "import " + imp.module() + "." + imp.name();
      ImportDesc d = imp.desc();
      if (d instanceof ImportDesc.Func f) {
        checkTypeIndex(f.typeIndex(), where);
      } else if (d instanceof TableType t) {
        checkTableType(t);
      } else if (d instanceof MemoryType m) {
        checkMemoryType(m);
      } else if (d instanceof GlobalType g) {
        checkValueType(g.type(), where);
      }
    }
  }

  private void checkTypeIndex(int typeIndex, String where) {
    if (Integer.compareUnsigned(typeIndex, module.types().size()) >= 0) {
      throw new WasmException(
          Failure.UNKNOWN_TYPE, "type " + Integer.toUnsignedString(typeIndex) + " in " + where);
    }
  }

  private void checkFunctionDeclarations() {
    int[] decls = module.functionTypeIndices();
    for (int i = 0; i < decls.length; i++) {
      checkTypeIndex(decls[i], "function " + (module.importedFunctionCount() + i));
    }
  }

  /** Exported functions are declared references (spec 3.4.10, C.refs). */
  private void declareExportedFunctions() {
    for (Export e : module.exports()) {
      if (e.kind() == ExternKind.FUNC
          && Integer.compareUnsigned(e.index(), declaredRefs.length) < 0) {
        declaredRefs[e.index()] = true;
      }
    }
  }

  /** Table limits (spec 3.2.4): a range of 2^32-1, which a u32 in the binary always meets. */
  private static void checkTableType(TableType t) {
    checkLimits(t.limits(), 0xFFFF_FFFFL, Failure.TABLE_SIZE_LIMIT, "table");
    if (t.limits().shared()) {
      throw new WasmException(Failure.UNSUPPORTED_FEATURE, "shared table");
    }
  }

  /** Memory limits (spec 3.2.5, threads: shared memories need a maximum). */
  private static void checkMemoryType(MemoryType m) {
    Limits l = m.limits();
    checkLimits(l, MemoryType.MAX_PAGES, Failure.MEMORY_SIZE_LIMIT, "memory");
    if (l.shared() && !l.hasMax()) {
      throw new WasmException(Failure.SHARED_MEMORY_NEEDS_MAX, "memory of " + l.min() + " pages");
    }
  }

  private static void checkLimits(Limits l, long range, Failure tooLarge, String what) {
    if (Long.compareUnsigned(l.min(), range) > 0) {
      throw new WasmException(tooLarge, what + " minimum " + Long.toUnsignedString(l.min()));
    }
    if (l.hasMax()) {
      if (Long.compareUnsigned(l.max(), range) > 0) {
        throw new WasmException(tooLarge, what + " maximum " + Long.toUnsignedString(l.max()));
      }
      if (Long.compareUnsigned(l.min(), l.max()) > 0) {
        throw new WasmException(
            Failure.LIMITS_MIN_GREATER_THAN_MAX, what + " limits " + l.min() + ".." + l.max());
      }
    }
  }

  /** Element segments (spec 3.4.5). */
  private void checkElements() {
    int importedGlobals = module.importedGlobalCount();
    List<ElementSegment> elems = module.elements();
    for (int i = 0; i < elems.size(); i++) {
      ElementSegment e = elems.get(i);
      String where = "elem segment " + i;
      if (e.mode() == ElementSegment.Mode.ACTIVE) {
        List<TableType> tables = module.allTables();
        if (Integer.compareUnsigned(e.tableIndex(), tables.size()) >= 0) {
          throw new WasmException(
              Failure.UNKNOWN_TABLE,
              "table " + Integer.toUnsignedString(e.tableIndex()) + " in " + where);
        }
        constExprs.validate(e.offset(), ValType.I32, importedGlobals, "offset of " + where);
        if (tables.get(e.tableIndex()).elementType() != e.type()) {
          throw new WasmException(
              Failure.TYPE_MISMATCH,
              where
                  + " of "
                  + e.type()
                  + " for a table of "
                  + tables.get(e.tableIndex()).elementType());
        }
      }
      for (int j = 0; j < e.init().size(); j++) {
        constExprs.validate(
            e.init().get(j), e.type(), importedGlobals, "item " + j + " of " + where);
      }
    }
  }

  /** Data segments (spec 3.4.6) and the data count (spec 5.5.16). */
  private void checkDatas() {
    List<DataSegment> datas = module.datas();
    if (module.dataCount() >= 0 && module.dataCount() != datas.size()) {
      throw new WasmException(
          Failure.DATA_COUNT_MISMATCH,
          "data count " + module.dataCount() + ", " + datas.size() + " data segments");
    }
    for (int i = 0; i < datas.size(); i++) {
      DataSegment d = datas.get(i);
      if (d.active()) {
        if (Integer.compareUnsigned(d.memoryIndex(), module.allMemories().size()) >= 0) {
          throw new WasmException(
              Failure.UNKNOWN_MEMORY,
              "memory " + Integer.toUnsignedString(d.memoryIndex()) + " in data segment " + i);
        }
        constExprs.validate(
            d.offset(), ValType.I32, module.importedGlobalCount(), "offset of data segment " + i);
      }
    }
  }

  private List<FunctionCode> checkBodies() {
    List<FunctionBody> bodies = module.bodies();
    int declared = module.functionCount() - module.importedFunctionCount();
    if (bodies.size() != declared) {
      throw new WasmException(
          Failure.FUNCTION_CODE_MISMATCH, declared + " functions, " + bodies.size() + " bodies");
    }
    CodeValidator cv = new CodeValidator(module, declaredRefs, metered);
    List<FunctionCode> code = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      code.add(cv.validate(module.importedFunctionCount() + i, bodies.get(i)));
    }
    return code;
  }

  /** The start function (spec 3.4.8) must exist and have type [] -> []. */
  private void checkStart() {
    int start = module.startFunction();
    if (start == -1) {
      return;
    }
    if (Integer.compareUnsigned(start, module.functionCount()) >= 0) {
      throw new WasmException(
          Failure.UNKNOWN_FUNCTION, "start function " + Integer.toUnsignedString(start));
    }
    FuncType t = module.functionType(start);
    if (t.params().length != 0 || t.results().length != 0) {
      throw new WasmException(
          Failure.START_FUNCTION, module.functionName(start) + " has type " + t + ", not [] -> []");
    }
  }

  /** Exports (spec 3.4.9): indices exist and names are unique. */
  private void checkExports() {
    Set<String> names = new HashSet<>();
    for (Export e : module.exports()) {
      String where = "export \"" + e.name() + "\"";
      int count;
      Failure unknown;
      switch (e.kind()) {
        case FUNC -> {
          count = module.functionCount();
          unknown = Failure.UNKNOWN_FUNCTION;
        }
        case TABLE -> {
          count = module.allTables().size();
          unknown = Failure.UNKNOWN_TABLE;
        }
        case MEMORY -> {
          count = module.allMemories().size();
          unknown = Failure.UNKNOWN_MEMORY;
        }
        default -> {
          count = module.allGlobals().size();
          unknown = Failure.UNKNOWN_GLOBAL;
        }
      }
      if (Integer.compareUnsigned(e.index(), count) >= 0) {
        throw new WasmException(unknown, Integer.toUnsignedString(e.index()) + " in " + where);
      }
      if (!names.add(e.name())) {
        throw new WasmException(Failure.DUPLICATE_EXPORT, where);
      }
    }
  }
}
