package io.wali4j.core.wasm;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded module (spec 2.5), immutable once {@link ModuleParser} returns it. Index spaces
 * (functions, tables, memories, globals) put imports first, then the module's own definitions, as
 * the spec does; the helpers below answer questions in those index spaces.
 */
public final class Module {

  private final byte[] bytes;
  private final List<FuncType> types;
  private final List<Import> imports;
  private final int[] functionTypeIndices;
  private final List<TableType> tables;
  private final List<MemoryType> memories;
  private final List<GlobalDef> globals;
  private final List<Export> exports;
  private final int startFunction;
  private final List<ElementSegment> elements;
  private final int dataCount;
  private final List<DataSegment> datas;
  private final List<FunctionBody> bodies;
  private final List<CustomSection> customSections;
  private final NameSection names;

  // Derived index spaces.
  private final int[] allFunctionTypeIndices;
  private final List<TableType> allTables = new ArrayList<>();
  private final List<MemoryType> allMemories = new ArrayList<>();
  private final List<GlobalType> allGlobals = new ArrayList<>();
  private final int importedFunctions;
  private final int importedGlobals;
  private final int importedTables;
  private final int importedMemories;

  /** {@code startFunction} and {@code dataCount} are -1 when the section is absent. */
  public Module(
      byte[] bytes,
      List<FuncType> types,
      List<Import> imports,
      int[] functionTypeIndices,
      List<TableType> tables,
      List<MemoryType> memories,
      List<GlobalDef> globals,
      List<Export> exports,
      int startFunction,
      List<ElementSegment> elements,
      int dataCount,
      List<DataSegment> datas,
      List<FunctionBody> bodies,
      List<CustomSection> customSections,
      NameSection names) {
    this.bytes = bytes;
    this.types = List.copyOf(types);
    this.imports = List.copyOf(imports);
    this.functionTypeIndices = functionTypeIndices.clone();
    this.tables = List.copyOf(tables);
    this.memories = List.copyOf(memories);
    this.globals = List.copyOf(globals);
    this.exports = List.copyOf(exports);
    this.startFunction = startFunction;
    this.elements = List.copyOf(elements);
    this.dataCount = dataCount;
    this.datas = List.copyOf(datas);
    this.bodies = List.copyOf(bodies);
    this.customSections = List.copyOf(customSections);
    this.names = names == null ? NameSection.EMPTY : names;

    List<Integer> funcs = new ArrayList<>();
    int globalsImported = 0;
    for (Import imp : imports) {
      ImportDesc d = imp.desc();
      if (d instanceof ImportDesc.Func f) {
        funcs.add(f.typeIndex());
      } else if (d instanceof TableType t) {
        allTables.add(t);
      } else if (d instanceof MemoryType m) {
        allMemories.add(m);
      } else if (d instanceof GlobalType g) {
        allGlobals.add(g);
        globalsImported++;
      }
    }
    importedFunctions = funcs.size();
    importedTables = allTables.size();
    importedMemories = allMemories.size();
    importedGlobals = globalsImported;
    for (int t : functionTypeIndices) {
      funcs.add(t);
    }
    allFunctionTypeIndices = funcs.stream().mapToInt(Integer::intValue).toArray();
    allTables.addAll(tables);
    allMemories.addAll(memories);
    for (GlobalDef g : globals) {
      allGlobals.add(g.type());
    }
  }

  /** The whole binary; function bodies and constant expressions point into it. */
  public byte[] bytes() {
    return bytes;
  }

  public List<FuncType> types() {
    return types;
  }

  public List<Import> imports() {
    return imports;
  }

  /** Type indices of the functions the module defines (not the imported ones). */
  public int[] functionTypeIndices() {
    return functionTypeIndices.clone();
  }

  /** Tables the module defines. */
  public List<TableType> tables() {
    return tables;
  }

  /** Memories the module defines. */
  public List<MemoryType> memories() {
    return memories;
  }

  /** Globals the module defines. */
  public List<GlobalDef> globals() {
    return globals;
  }

  public List<Export> exports() {
    return exports;
  }

  /** The start function's index, or -1. */
  public int startFunction() {
    return startFunction;
  }

  public List<ElementSegment> elements() {
    return elements;
  }

  /** The data count section's value, or -1 when the section is absent. */
  public int dataCount() {
    return dataCount;
  }

  public List<DataSegment> datas() {
    return datas;
  }

  /** Bodies of the functions the module defines, in order. */
  public List<FunctionBody> bodies() {
    return bodies;
  }

  public List<CustomSection> customSections() {
    return customSections;
  }

  public NameSection names() {
    return names;
  }

  // ---- index spaces: imports first, then definitions ----

  public int functionCount() {
    return allFunctionTypeIndices.length;
  }

  public int importedFunctionCount() {
    return importedFunctions;
  }

  public int importedTableCount() {
    return importedTables;
  }

  public int importedMemoryCount() {
    return importedMemories;
  }

  public int importedGlobalCount() {
    return importedGlobals;
  }

  /** Type index of function {@code funcidx} in the function index space. */
  public int functionTypeIndex(int funcidx) {
    return allFunctionTypeIndices[funcidx];
  }

  /** Type of function {@code funcidx} in the function index space. */
  public FuncType functionType(int funcidx) {
    return types.get(allFunctionTypeIndices[funcidx]);
  }

  /** Every table in the table index space. */
  public List<TableType> allTables() {
    return allTables;
  }

  /** Every memory in the memory index space. */
  public List<MemoryType> allMemories() {
    return allMemories;
  }

  /** Every global's type in the global index space. */
  public List<GlobalType> allGlobals() {
    return allGlobals;
  }

  /** A name for function {@code funcidx} for messages: the name section's, or {@code func[i]}. */
  public String functionName(int funcidx) {
    String n = names.functionNames().get(funcidx);
    return n != null ? n : "func[" + funcidx + "]";
  }
}
