package io.wali4j.jit.internal;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.MemoryBacking;

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
