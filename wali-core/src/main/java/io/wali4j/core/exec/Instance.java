package io.wali4j.core.exec;

import io.wali4j.core.wasm.Module;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.Map;

/**
 * A module instance (spec 4.2.5): the module's functions, tables, memory and globals, imported ones
 * first as in the module's index spaces, plus the segments that instructions can still use. The
 * accessors are what the execution tiers read on their hot paths.
 */
public final class Instance {

  private static final byte[] DROPPED_DATA = new byte[0];
  private static final long[] DROPPED_ELEM = new long[0];

  private final Module module;
  private final Store store;
  final Function[] functions;
  final int[] functionIds;
  final Table[] tables;
  final Memory[] memories;
  final Global[] globals;
  final int[] typeIds;
  final byte[][] datas;
  final long[][] elems;
  Map<String, Extern> exports = Map.of();
  private Memory memory;

  Instance(Store store, Module module) {
    this.store = store;
    this.module = module;
    this.functions = new Function[module.functionCount()];
    this.functionIds = new int[module.functionCount()];
    this.tables = new Table[module.allTables().size()];
    this.memories = new Memory[module.allMemories().size()];
    this.globals = new Global[module.allGlobals().size()];
    this.typeIds = new int[module.types().size()];
    for (int i = 0; i < typeIds.length; i++) {
      typeIds[i] = TypeIds.of(module.types().get(i));
    }
    this.datas = new byte[module.datas().size()][];
    this.elems = new long[module.elements().size()][];
  }

  /**
   * Links {@code module}'s imports, allocates its entities, runs active segments and the start
   * function (spec 4.5.4).
   *
   * @throws io.wali4j.core.wasm.WasmException UNLINKABLE when an import is missing or has the wrong
   *     type; TRAP or EXHAUSTION when a segment is out of bounds or the start function fails
   */
  public static Instance instantiate(Store store, ValidatedModule module, Imports imports) {
    return Instantiation.run(store, module, imports);
  }

  /**
   * A copy of {@code parent} (an instance of the same module) for a forked process: see {@link
   * Instantiation#copy}. {@code store} must allocate memories that already hold the parent's bytes.
   */
  public static Instance copyOf(
      Store store, ValidatedModule module, Imports imports, Instance parent) {
    return Instantiation.copy(store, module, imports, parent);
  }

  void setMemory(int i, Memory m) {
    memories[i] = m;
    if (i == 0) {
      memory = m;
    }
  }

  public Module module() {
    return module;
  }

  public Store store() {
    return store;
  }

  /** The export named {@code name}, or null. */
  public Extern export(String name) {
    return exports.get(name);
  }

  /** Every export by name. */
  public Map<String, Extern> exports() {
    return exports;
  }

  /** Calls the exported function {@code name}. */
  public long[] invoke(String name, long... args) {
    Extern e = exports.get(name);
    if (!(e instanceof Function)) {
      throw new IllegalArgumentException("no exported function named " + name);
    }
    return ((Function) e).call(args);
  }

  /** Memory 0, or null when the module has none. */
  public Memory memory() {
    return memory;
  }

  /** Function {@code funcidx}. */
  public Function function(int funcidx) {
    return functions[funcidx];
  }

  /** The store id of function {@code funcidx} (the value of {@code ref.func funcidx}). */
  public int functionId(int funcidx) {
    return functionIds[funcidx];
  }

  public Table table(int tableidx) {
    return tables[tableidx];
  }

  public Global global(int globalidx) {
    return globals[globalidx];
  }

  /** How many globals the instance has, imported ones included. */
  public int globalCount() {
    return globals.length;
  }

  /** The canonical id ({@link TypeIds}) of type {@code typeidx}. */
  public int typeId(int typeidx) {
    return typeIds[typeidx];
  }

  /** Data segment {@code d}'s bytes; empty once dropped. */
  public byte[] data(int d) {
    return datas[d];
  }

  public void dropData(int d) {
    datas[d] = DROPPED_DATA;
  }

  /** Element segment {@code e}'s references; empty once dropped. */
  public long[] elem(int e) {
    return elems[e];
  }

  public void dropElem(int e) {
    elems[e] = DROPPED_ELEM;
  }

  /**
   * call_indirect's lookup (spec 4.4.8): the function at {@code table[i]}, trapping "undefined
   * element" outside the table, "uninitialized element" on null and "indirect call type mismatch"
   * when its type is not type {@code typeidx}.
   */
  public Function indirect(int typeidx, int tableidx, int i) {
    long ref = tables[tableidx].element(i);
    if (ref == Table.NULL) {
      throw Ops.trap(io.wali4j.core.wasm.Failure.UNINITIALIZED_ELEMENT);
    }
    int id = (int) ref;
    if (store.typeId(id) != typeIds[typeidx]) {
      throw Ops.trap(io.wali4j.core.wasm.Failure.INDIRECT_CALL_TYPE_MISMATCH);
    }
    return store.function(id);
  }
}
