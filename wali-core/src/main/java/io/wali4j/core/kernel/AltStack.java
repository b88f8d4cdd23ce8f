package io.wali4j.core.kernel;

/**
 * A thread's alternate signal stack (sigaltstack(2)): {ss_sp, ss_flags, ss_size} as the program set
 * it, and how many handlers run on it now. Each thread has its own; a new thread starts without
 * one, a forked child's thread has the forking thread's, execve disables it. Only the owning thread
 * reads or changes it.
 */
public final class AltStack {

  public static final int SS_ONSTACK = 1;
  public static final int SS_DISABLE = 2;

  private int sp;
  private int flags = SS_DISABLE;
  private int size;
  private int depth;

  /** {ss_sp, ss_flags, ss_size} as set (without SS_ONSTACK). */
  public int[] get() {
    return new int[] {sp, flags, size};
  }

  public void set(int sp, int flags, int size) {
    this.sp = sp;
    this.flags = flags;
    this.size = size;
  }

  /** Whether a stack is installed (not SS_DISABLE). */
  public boolean enabled() {
    return (flags & SS_DISABLE) == 0;
  }

  /** Whether Wasm address {@code address} lies in the stack. */
  public boolean contains(int address) {
    long a = Integer.toUnsignedLong(address);
    long lo = Integer.toUnsignedLong(sp);
    return a >= lo && a < lo + Integer.toUnsignedLong(size);
  }

  /** The initial stack pointer on it: its end, aligned down to 16 as the ABI wants a frame. */
  public int top() {
    return (int) ((Integer.toUnsignedLong(sp) + Integer.toUnsignedLong(size)) & ~15L);
  }

  /** A handler starts (+1) or ends (-1) on the stack. */
  public void enter(int delta) {
    depth += delta;
  }

  /** Whether a handler runs on the stack now (sigaltstack reports SS_ONSTACK). */
  public boolean inUse() {
    return depth > 0;
  }

  void copyFrom(int[] s) {
    set(s[0], s[1], s[2]);
    depth = 0;
  }
}
