package io.wali4j.core.exec;

import io.wali4j.core.wasm.MemoryType;
import io.wali4j.core.wasm.TableType;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The store (spec 4.2.3): owns the function instances that references may name, so a funcref is a
 * plain int id that works across instances. Instances that call each other must share one store.
 */
public final class Store {

  private final Map<Function, Integer> ids = new IdentityHashMap<>();
  private Function[] functions = new Function[64];
  private int[] typeIds = new int[64];
  private int count;

  /** Allocates a module's own memories; the default puts them on the Java heap. */
  @FunctionalInterface
  public interface MemoryAllocator {
    Memory allocate(MemoryType type);
  }

  private final MemoryAllocator memoryAllocator;
  private final int tableElementLimit;
  private volatile Jit.Mode jitMode = Jit.DEFAULT_MODE;

  public Store() {
    this(Memory::new);
  }

  /** A store whose instances allocate their memories with {@code memoryAllocator}. */
  public Store(MemoryAllocator memoryAllocator) {
    this(memoryAllocator, Table.MAX_ELEMENTS);
  }

  /**
   * A store whose instances allocate their memories with {@code memoryAllocator} and create tables
   * of at most {@code tableElementLimit} elements.
   */
  public Store(MemoryAllocator memoryAllocator, int tableElementLimit) {
    this.memoryAllocator = memoryAllocator;
    this.tableElementLimit = tableElementLimit;
  }

  /**
   * A store whose instances put their memories on the Java heap, each of at most {@code
   * memoryPageLimit} pages, and create tables of at most {@code tableElementLimit} elements.
   */
  public static Store limited(long memoryPageLimit, int tableElementLimit) {
    return new Store(type -> new Memory(type, memoryPageLimit), tableElementLimit);
  }

  /** A new table of {@code type}, for a module that defines one, within this store's limit. */
  public Table newTable(TableType type) {
    return new Table(type, tableElementLimit);
  }

  /** Which tier runs this store's code; {@link Jit#DEFAULT_MODE} unless set. */
  public Jit.Mode jitMode() {
    return jitMode;
  }

  /** Chooses the tier for instances created from now on (eager compiles at instantiation). */
  public void jitMode(Jit.Mode mode) {
    this.jitMode = mode;
  }

  /** A new memory of {@code type}, for a module that defines one. */
  public Memory newMemory(MemoryType type) {
    return memoryAllocator.allocate(type);
  }

  /** The id of {@code f} in this store, registering it on first use. */
  public synchronized int register(Function f) {
    Integer id = ids.get(f);
    if (id != null) {
      return id;
    }
    if (count == functions.length) {
      functions = Arrays.copyOf(functions, count * 2);
      typeIds = Arrays.copyOf(typeIds, count * 2);
    }
    functions[count] = f;
    typeIds[count] = TypeIds.of(f.type());
    ids.put(f, count);
    return count++;
  }

  /** The function with id {@code id}. */
  public Function function(int id) {
    return functions[id];
  }

  /** The canonical type id ({@link TypeIds}) of the function with id {@code id}. */
  public int typeId(int id) {
    return typeIds[id];
  }
}
