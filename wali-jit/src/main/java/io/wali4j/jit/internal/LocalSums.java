package io.wali4j.jit.internal;

import java.util.Arrays;

/**
 * Which i32 operands (and which values of i32 locals) are known to be {@code L + C}: the value of
 * local {@code L} at a given version (see {@link ProvenExtents#version}) plus a constant {@code C}
 * in {@code [0, 2^31)}, computed with i32 arithmetic ({@code local.get}, then {@code i32.add} or
 * {@code i32.sub} of constants; {@code local.set} or {@code local.tee} carries the fact over to the
 * local written). An address operand {@code t} of that form lets the memory access compute its
 * offset as {@code (long) L + C} instead of {@code u32(t)} wherever {@code t >= 0} as a signed int
 * (see {@link MemoryEmitter}): then the i32 add did not wrap, since {@code L <= 2^31 - 1} and a
 * wrapped {@code L + C} is below {@code C - 2^31 < 0}. HotSpot folds {@code C} into the addressing
 * mode and shares {@code (long) L} between the accesses from the same pointer, where {@code u32(L +
 * 8)}, {@code u32(L + 16)}... each cost a register and an instruction.
 *
 * <p>As with {@link ProvenExtents}, facts hold within code the emitter reaches in one straight run:
 * a branch target ends them all ({@link #forgetAll}), and a fact about a local's value names the
 * version it holds for, so a later write of either local ends it.
 */
final class LocalSums {

  /** Per operand height: the local {@code L}, -1 when not known. */
  private int[] base = new int[16];

  private int[] baseVersion = new int[16];

  private long[] addend = new long[16];

  /** Per local: the version of its value the definition below is for, -1 when none. */
  private final int[] definedVersion;

  private final int[] defBase;
  private final int[] defBaseVersion;
  private final long[] defAddend;

  LocalSums(int numLocals) {
    Arrays.fill(base, -1);
    definedVersion = new int[numLocals];
    Arrays.fill(definedVersion, -1);
    defBase = new int[numLocals];
    defBaseVersion = new int[numLocals];
    defAddend = new long[numLocals];
  }

  private void ensure(int h) {
    if (h >= base.length) {
      int old = base.length;
      int n = Math.max(h + 1, old * 2);
      base = Arrays.copyOf(base, n);
      Arrays.fill(base, old, n, -1);
      baseVersion = Arrays.copyOf(baseVersion, n);
      addend = Arrays.copyOf(addend, n);
    }
  }

  /** The operand at height {@code h} is read from local {@code i} at {@code version}. */
  void read(int h, int i, int version) {
    ensure(h);
    if (definedVersion[i] == version) {
      base[h] = defBase[i];
      baseVersion[h] = defBaseVersion[i];
      addend[h] = defAddend[i];
    } else {
      base[h] = i;
      baseVersion[h] = version;
      addend[h] = 0;
    }
  }

  /**
   * The operand at height {@code h} is {@code local b at bv + a} (computed with i32 arithmetic);
   * not recorded unless {@code a} is in {@code [0, 2^31)}.
   */
  void set(int h, int b, int bv, long a) {
    ensure(h);
    if (a < 0 || a > Integer.MAX_VALUE) {
      base[h] = -1;
      return;
    }
    base[h] = b;
    baseVersion[h] = bv;
    addend[h] = a;
  }

  /** Local {@code i} at {@code version} holds {@code local b at bv + c}. */
  void define(int i, int version, int b, int bv, long c) {
    if (b == i) {
      // L = L + C: the fact would name a version of L that no longer exists.
      definedVersion[i] = -1;
      return;
    }
    definedVersion[i] = version;
    defBase[i] = b;
    defBaseVersion[i] = bv;
    defAddend[i] = c;
  }

  /**
   * Whether the operand at height {@code h} is a sum whose local still holds the version it names
   * (so that the local's JVM slot holds {@code L}).
   */
  boolean known(int h, Frame f) {
    return h < base.length && base[h] >= 0 && f.extents.version(base[h]) == baseVersion[h];
  }

  int base(int h) {
    return base[h];
  }

  int baseVersion(int h) {
    return baseVersion[h];
  }

  long addend(int h) {
    return addend[h];
  }

  void forget(int h) {
    ensure(h);
    base[h] = -1;
  }

  void copy(int from, int to) {
    ensure(Math.max(from, to));
    base[to] = base[from];
    baseVersion[to] = baseVersion[from];
    addend[to] = addend[from];
  }

  /** At a point other paths join: no fact holds on all of them. */
  void forgetAll() {
    Arrays.fill(base, -1);
    Arrays.fill(definedVersion, -1);
  }
}
