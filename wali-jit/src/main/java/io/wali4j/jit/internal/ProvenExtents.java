package io.wali4j.jit.internal;

import java.util.Arrays;

/**
 * What the bounds checks emitted so far prove about the Wasm locals' current values, so that a
 * later access need not check again: an access of {@code n} bytes at offset {@code offset} from an
 * address read from local {@code L} is inside memory 0 once an earlier access from the same value
 * of {@code L}, on every path to it, passed a check of an extent {@code offset' + n'} at least
 * {@code offset + n} (the effective address is {@code u32(L) + offset}, and a memory never
 * shrinks).
 *
 * <p>Nothing is moved or merged: the first access of a value still checks exactly as before and
 * traps where the interpreter traps; only accesses that the interpreter's rule lets through for
 * certain lose their check. So the largest extent must come first: a struct read field by field
 * from the last one down, or {@code p[1]} then {@code p[0]}. Facts hold within code the emitter
 * reaches in one straight run: a write of the local ends its value ({@link #written}), and a branch
 * target, where other paths join, ends them all ({@link #forgetAll}).
 */
final class ProvenExtents {

  /** Per local: bumped at every write, so a value read before a write is told apart. */
  private final int[] version;

  /** Per local: the largest extent proved for the value of {@link #provenVersion}. */
  private final long[] extent;

  private final int[] provenVersion;

  ProvenExtents(int numLocals) {
    version = new int[numLocals];
    extent = new long[numLocals];
    provenVersion = new int[numLocals];
    Arrays.fill(provenVersion, -1);
  }

  /** The version of local {@code i}'s current value. */
  int version(int i) {
    return version[i];
  }

  /** Local {@code i} gets a new value. */
  void written(int i) {
    version[i]++;
  }

  /** At a point other paths join: no fact holds on all of them. */
  void forgetAll() {
    Arrays.fill(provenVersion, -1);
  }

  /** The extent proved for version {@code v} of local {@code i}, 0 when none. */
  long proven(int i, int v) {
    return provenVersion[i] == v ? extent[i] : 0;
  }

  /** An access of extent {@code e} from version {@code v} of local {@code i} passed its check. */
  void prove(int i, int v, long e) {
    if (provenVersion[i] != v) {
      provenVersion[i] = v;
      extent[i] = e;
    } else if (e > extent[i]) {
      extent[i] = e;
    }
  }
}
