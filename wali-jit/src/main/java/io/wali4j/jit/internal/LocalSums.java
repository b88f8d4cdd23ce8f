package io.wali4j.jit.internal;

import java.util.Arrays;

/**
 * Which i32 operands (and which values of i32 locals) are known to be {@code L + C} or {@code L + M
 * + C}: the value of local {@code L} at a given version (see {@link ProvenExtents#version}) plus a
 * constant {@code C} in {@code [0, 2^31)}, computed with i32 arithmetic ({@code local.get}, then
 * {@code i32.add} or {@code i32.sub} of constants; {@code local.set} or {@code local.tee} carries
 * the fact over to the local written). An address operand {@code t} of that form lets the memory
 * access compute its offset as {@code (long) L + C} instead of {@code u32(t)} wherever {@code t >=
 * 0} as a signed int (see {@link MemoryEmitter}): then the i32 add did not wrap, since {@code L <=
 * 2^31 - 1} and a wrapped {@code L + C} is below {@code C - 2^31 < 0}. HotSpot folds {@code C} into
 * the addressing mode and shares {@code (long) L} between the accesses from the same pointer, where
 * {@code u32(L + 8)}, {@code u32(L + 16)}... each cost a register and an instruction.
 *
 * <p>A sum of two locals ({@code i32.add} of two operands that are each a local's value, as clang
 * indexes an array: {@code base + i}) is {@code L + M}, and adding constants to it gives {@code L +
 * M + C}. Its offset is {@code (long) L + (long) M + C} where {@code L >= 0}, {@code M >= 0} and,
 * when {@code C != 0}, {@code L + M >= 0} as i32s: then the i32 add of the two did not wrap (two
 * values below 2^31 that wrap give a negative i32), and {@code t >= 0} proves that adding {@code C}
 * did not either, as above. In a loop over {@code a[i]} with {@code a} loop-invariant, HotSpot then
 * keeps {@code base + (long) a} in one register and addresses every unrolled copy from the loop
 * counter with a displacement, where {@code (long) (a + i + k)} took a register, an add and a sign
 * extension per copy (sha256's message schedule and rounds).
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

  /** Per operand height: the second local {@code M} of a sum of two, -1 when none. */
  private int[] second = new int[16];

  private int[] secondVersion = new int[16];

  /** Per local: the version of its value the definition below is for, -1 when none. */
  private final int[] definedVersion;

  private final int[] defBase;
  private final int[] defBaseVersion;
  private final long[] defAddend;
  private final int[] defSecond;
  private final int[] defSecondVersion;

  LocalSums(int numLocals) {
    Arrays.fill(base, -1);
    definedVersion = new int[numLocals];
    Arrays.fill(definedVersion, -1);
    defBase = new int[numLocals];
    defBaseVersion = new int[numLocals];
    defAddend = new long[numLocals];
    defSecond = new int[numLocals];
    defSecondVersion = new int[numLocals];
  }

  private void ensure(int h) {
    if (h >= base.length) {
      int old = base.length;
      int n = Math.max(h + 1, old * 2);
      base = Arrays.copyOf(base, n);
      Arrays.fill(base, old, n, -1);
      baseVersion = Arrays.copyOf(baseVersion, n);
      addend = Arrays.copyOf(addend, n);
      second = Arrays.copyOf(second, n);
      secondVersion = Arrays.copyOf(secondVersion, n);
    }
  }

  /** The operand at height {@code h} is read from local {@code i} at {@code version}. */
  void read(int h, int i, int version) {
    ensure(h);
    if (definedVersion[i] == version) {
      base[h] = defBase[i];
      baseVersion[h] = defBaseVersion[i];
      addend[h] = defAddend[i];
      second[h] = defSecond[i];
      secondVersion[h] = defSecondVersion[i];
    } else {
      base[h] = i;
      baseVersion[h] = version;
      addend[h] = 0;
      second[h] = -1;
    }
  }

  /**
   * The operand at height {@code h} is {@code local b at bv + a} (computed with i32 arithmetic),
   * plus {@code local m at mv} when {@code m >= 0}; not recorded unless {@code a} is in {@code [0,
   * 2^31)}.
   */
  void set(int h, int b, int bv, long a, int m, int mv) {
    ensure(h);
    if (a < 0 || a > Integer.MAX_VALUE) {
      base[h] = -1;
      return;
    }
    base[h] = b;
    baseVersion[h] = bv;
    addend[h] = a;
    second[h] = m;
    secondVersion[h] = mv;
  }

  /**
   * The operand at height {@code h} is the i32 sum of the operands {@code h} and {@code h + 1} as
   * they were before the add, when each was a local's value (no constant added, not a sum of two).
   */
  void setPair(int h, int b, int bv, int m, int mv) {
    set(h, b, bv, 0, m, mv);
  }

  /**
   * Local {@code i} at {@code version} holds {@code local b at bv + c}, plus {@code local m at mv}
   * when {@code m >= 0}.
   */
  void define(int i, int version, int b, int bv, long c, int m, int mv) {
    if (b == i || m == i) {
      // L = L + C: the fact would name a version of L that no longer exists.
      definedVersion[i] = -1;
      return;
    }
    definedVersion[i] = version;
    defBase[i] = b;
    defBaseVersion[i] = bv;
    defAddend[i] = c;
    defSecond[i] = m;
    defSecondVersion[i] = mv;
  }

  /**
   * Whether the operand at height {@code h} is a sum whose local still holds the version it names
   * (so that the local's JVM slot holds {@code L}).
   */
  boolean known(int h, Frame f) {
    return h < base.length
        && base[h] >= 0
        && f.extents.version(base[h]) == baseVersion[h]
        && (second[h] < 0 || f.extents.version(second[h]) == secondVersion[h]);
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

  /** The second local of a sum of two, -1 for a local plus a constant. */
  int second(int h) {
    return second[h];
  }

  int secondVersion(int h) {
    return secondVersion[h];
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
    second[to] = second[from];
    secondVersion[to] = secondVersion[from];
  }

  /** At a point other paths join: no fact holds on all of them. */
  void forgetAll() {
    Arrays.fill(base, -1);
    Arrays.fill(definedVersion, -1);
  }
}
