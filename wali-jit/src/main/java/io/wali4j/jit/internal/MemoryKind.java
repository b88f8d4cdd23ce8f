package io.wali4j.jit.internal;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.MemoryBacking;
import io.wali4j.core.wasm.Module;

/**
 * What compiled code assumes about memory 0's backing, so that HotSpot sees each Unsafe access as
 * plainly off-heap (a null base) or on-heap (a {@code long[]} base): an access whose base may be
 * either is compiled with memory barriers around it. A module's code is compiled once per kind.
 */
enum MemoryKind {
  /** No memory, or a backing of another shape: the base is an Object. */
  GENERIC,
  /** A native reservation that grows in place: base null, address fixed. */
  NATIVE,
  /** The heap backing: a {@code long[]} that may be replaced on grow. */
  HEAP;

  /**
   * The kind an instance of {@code m} will have when its memory is a new native reservation (a WALI
   * process's) or a new heap memory: what ahead-of-time compilation assumes.
   */
  static MemoryKind forNewMemory(Module m, boolean nativeMemory) {
    if (m.allMemories().isEmpty()) {
      return GENERIC;
    }
    return nativeMemory ? NATIVE : HEAP;
  }

  static MemoryKind of(Instance inst) {
    Memory m = inst.memory();
    if (m == null) {
      return GENERIC;
    }
    MemoryBacking b = m.backing();
    if (b.base() == null && b.growsInPlace()) {
      return NATIVE;
    }
    if (b.base() instanceof long[]) {
      return HEAP;
    }
    return GENERIC;
  }
}
