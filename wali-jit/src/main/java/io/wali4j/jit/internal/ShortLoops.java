package io.wali4j.jit.internal;

import io.wali4j.core.wasm.Opcodes;

/**
 * Loops that run a small, constant number of times, whose heads need no safe point of their own: a
 * stop requested while one runs is taken at most {@link #MAX_TRIPS} iterations later, at the next
 * safe point around it (the loop's body keeps those of its inner loops and calls). HotSpot drops
 * its own poll in such counted loops too; C2 unrolls them, and a poll stayed in every unrolled
 * copy.
 *
 * <p>A loop qualifies when its one back edge is {@code br_if} on {@code i != c} (either order), or
 * on {@code i} itself ({@code c = 0}), right after {@code local.tee i (i32.add (local.get i)
 * (i32.const t))}, with {@code c} and {@code t} constants, {@code i} written nowhere else in the
 * loop, no other branch to the loop head, and {@code i} set to a constant {@code s} by the last
 * write before the loop head with no branch target in between: the loop then runs exactly {@code k}
 * times where {@code s + k * t == c} (mod 2^32) for the smallest {@code k >= 1}, and only such a
 * {@code k} up to {@link #MAX_TRIPS} counts (a step that never meets {@code c} does not).
 */
final class ShortLoops {

  /** The most iterations a loop without its own safe point may run. */
  static final long MAX_TRIPS = 1024;

  private ShortLoops() {}

  /**
   * Marks in {@code out} the heads of the short loops of {@code code}. {@code starts} are the pcs
   * where instructions start, in order; {@code targets} the pcs branches go to; {@code branches}
   * counts the branches to each pc (a loop whose head is reached by another branch, backward or
   * forward, does not count).
   */
  static void mark(int[] code, int[] starts, boolean[] targets, int[] branches, boolean[] out) {
    for (int n = 0; n < starts.length; n++) {
      int pc = starts[n];
      if (code[pc] == Opcodes.JUMP_IF && code[pc + 1] <= pc && branches[code[pc + 1]] == 1) {
        long trips = trips(code, starts, targets, n);
        if (trips >= 1 && trips <= MAX_TRIPS) {
          out[code[pc + 1]] = true;
        }
      }
    }
  }

  /**
   * The iterations of the loop whose back edge ({@code br_if} to its head) is instruction {@code
   * n}, or -1 when not known: on {@code i != c} as in the class comment, or on {@code i} itself
   * ({@code br_if} right after the {@code local.tee}, so {@code c} is 0: clang's loop over a
   * constant count, its index running from {@code -count} up to 0).
   */
  static long trips(int[] code, int[] starts, boolean[] targets, int n) {
    if (n < 4 || code[starts[n]] != Opcodes.JUMP_IF) {
      return -1;
    }
    int head = code[starts[n] + 1];
    // local.get i; i32.const t; i32.add; local.tee i; then i32.const c before or after it, and
    // i32.ne; or nothing (c = 0).
    int tee;
    int limit = -1;
    if (code[starts[n - 1]] == Opcodes.LOCAL_TEE) {
      tee = n - 1;
    } else if (n < 6 || code[starts[n - 1]] != Opcodes.I32_NE) {
      return -1;
    } else if (code[starts[n - 2]] == Opcodes.I32_CONST) {
      tee = n - 3;
      limit = n - 2;
    } else if (code[starts[n - 6]] == Opcodes.I32_CONST) {
      tee = n - 2;
      limit = n - 6;
    } else {
      return -1;
    }
    if (tee < 3) {
      return -1;
    }
    if (code[starts[tee]] != Opcodes.LOCAL_TEE
        || code[starts[tee - 1]] != Opcodes.I32_ADD
        || code[starts[tee - 2]] != Opcodes.I32_CONST
        || code[starts[tee - 3]] != Opcodes.LOCAL_GET) {
      return -1;
    }
    int local = code[starts[tee] + 1];
    if (code[starts[tee - 3] + 1] != local) {
      return -1;
    }
    int step = code[starts[tee - 2] + 1];
    int c = limit < 0 ? 0 : code[starts[limit] + 1];
    for (int k = n - 1; k >= 0 && starts[k] >= head; k--) {
      if (k != tee && writes(code, starts[k], local)) {
        return -1;
      }
    }
    Integer start = startValue(code, starts, targets, head, local);
    if (start == null || step == 0) {
      return -1;
    }
    long distance = step > 0 ? (c - (long) start) & 0xFFFFFFFFL : ((long) start - c) & 0xFFFFFFFFL;
    long stride = Math.abs((long) step);
    if (distance == 0 || distance % stride != 0) {
      return -1;
    }
    return distance / stride;
  }

  /**
   * The constant local {@code local} holds at {@code head}: set by {@code i32.const s} and {@code
   * local.set} or {@code local.tee} in the straight code before it (no branch target from there on,
   * so no other path enters), or null.
   */
  private static Integer startValue(
      int[] code, int[] starts, boolean[] targets, int head, int local) {
    int k = 0;
    while (k < starts.length && starts[k] < head) {
      k++;
    }
    for (k--; k >= 1; k--) {
      int pc = starts[k];
      if (targets[pc]) {
        return null;
      }
      if (writes(code, pc, local)) {
        return code[starts[k - 1]] == Opcodes.I32_CONST ? code[starts[k - 1] + 1] : null;
      }
    }
    return null;
  }

  private static boolean writes(int[] code, int pc, int local) {
    return (code[pc] == Opcodes.LOCAL_SET || code[pc] == Opcodes.LOCAL_TEE)
        && code[pc + 1] == local;
  }
}
