package io.wali4j.core.exec;

import io.wali4j.core.wasm.FuncType;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Canonical ints for function types: structurally equal types get the same id, process-wide, so
 * call_indirect compares two ints instead of two type arrays.
 */
public final class TypeIds {

  private static final ConcurrentHashMap<FuncType, Integer> IDS = new ConcurrentHashMap<>();

  private TypeIds() {}

  public static int of(FuncType type) {
    Integer id = IDS.get(type);
    if (id != null) {
      return id;
    }
    synchronized (IDS) {
      return IDS.computeIfAbsent(type, t -> IDS.size());
    }
  }
}
