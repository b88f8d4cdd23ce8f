package io.wali4j.core.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.SwitchPoint;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Java thread's safe-point request: whoever makes a signal pending for the thread's process or
 * ends that process calls {@link #request()}, and the thread, running pure Wasm, stops at its next
 * safe point (a taken or tested branch, a Wasm function entry) and runs the {@link Action} the
 * layer that runs it installed (deliver the signal, unwind an ending thread). Without a request the
 * thread pays one plain load of {@link #requested()} per safe point.
 *
 * <p>Memory model: the requester changes its state (a pending bit, an exiting flag) first and then
 * sets the flag with a volatile write; the thread reads the flag opaquely (C2 may not hoist it out
 * of the interpreter loop) and clears it with a volatile write before the action looks at that
 * state, so a request is never lost: either the action sees the change, or the flag stays set for
 * the next safe point.
 */
public final class SafePoint {

  /** What the thread does at a safe point with a request pending. */
  @FunctionalInterface
  public interface Action {
    /**
     * Runs at a safe point of Wasm code of {@code instance}, with the thread's Wasm registers saved
     * (Wasm may be called on this thread, above the interrupted frame); may throw to unwind it.
     */
    void reached(Instance instance);
  }

  /**
   * The flag, for code that reads it without calling {@link #requested()}: the compiler tier emits
   * {@code REQUESTED.getOpaque(point)} at its loop heads, which HotSpot inlines as one load even in
   * methods too large for ordinary inlining. Only {@code getOpaque} is meant for others.
   */
  public static final VarHandle REQUESTED;

  /**
   * How many threads have a request they have not reached yet, for code that reads it with {@code
   * OUTSTANDING.getOpaque()}: the compiler tier's function entries look up their own thread's flag
   * ({@link #atEntry}) only while it is not 0, so an entry costs one load of a static field, where
   * a thread-local lookup at every call would slow call-heavy code down.
   */
  public static final VarHandle OUTSTANDING;

  @SuppressWarnings("unused") // through OUTSTANDING
  private static int outstanding;

  /**
   * Valid until the first {@link #request()} in this JVM ({@link #armed()} false), invalidated for
   * good then. HotSpot compiles {@link SwitchPoint#hasBeenInvalidated()} of this constant switch as
   * a constant and records that its code depends on the switch's call site; {@link #arm()}
   * invalidates it, which throws that code away (its frames go on in HotSpot's interpreter, and are
   * compiled again with the checks).
   */
  private static final SwitchPoint QUIET = new SwitchPoint();

  private static final AtomicBoolean ARMING = new AtomicBoolean();

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      REQUESTED = l.findVarHandle(SafePoint.class, "requested", boolean.class);
      OUTSTANDING = l.findStaticVarHandle(SafePoint.class, "outstanding", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final ThreadLocal<SafePoint> CURRENT = ThreadLocal.withInitial(SafePoint::new);

  @SuppressWarnings("unused") // through REQUESTED
  private boolean requested;

  /** Set and read by the owning thread only. */
  private Action action;

  private SafePoint() {}

  /** The calling Java thread's safe point. */
  public static SafePoint current() {
    return CURRENT.get();
  }

  /** Asks the thread to stop at its next safe point (any thread may call it). */
  public void request() {
    if (REQUESTED.compareAndSet(this, false, true)) {
      OUTSTANDING.getAndAdd(1);
      arm();
    }
  }

  /**
   * Whether a safe point of compiled code has to look at {@link #OUTSTANDING}: false until some
   * thread of this JVM was first asked to stop, true for good after. The compiler tier tests it
   * before {@code OUTSTANDING}; in C2's code the test is a constant, so until then a loop head or a
   * function entry costs nothing (no load, no branch), and after it one load, as before.
   */
  public static boolean armed() {
    return QUIET.hasBeenInvalidated();
  }

  /**
   * Makes {@link #armed()} true for good, once per JVM. HotSpot throws away the compiled code that
   * took it as false before this returns: it deoptimizes the frames of that code on every thread's
   * stack (a thread running in such a loop at its next poll of HotSpot's own), so the thread that
   * was asked to stop goes on in code that reads {@link #OUTSTANDING}. A concurrent second caller
   * returns at once; its request is seen once the first caller's change is done.
   */
  private static void arm() {
    if (ARMING.compareAndSet(false, true)) {
      SwitchPoint.invalidateAll(new SwitchPoint[] {QUIET});
    }
  }

  /**
   * Withdraws a request the thread will not reach (it ends, or has seen what the request was for at
   * a syscall): only the owning thread calls it.
   */
  public void cancel() {
    if (REQUESTED.compareAndSet(this, true, false)) {
      OUTSTANDING.getAndAdd(-1);
    }
  }

  /**
   * A safe point at the entry of a compiled function, reached when {@link #OUTSTANDING} was not 0:
   * runs the calling thread's action if the request is its own.
   */
  public static void atEntry(Instance instance) {
    SafePoint p = CURRENT.get();
    if (p.requested()) {
      p.reach(instance);
    }
  }

  /** Whether a stop is requested: the one read a safe point costs. */
  public boolean requested() {
    return (boolean) REQUESTED.getOpaque(this);
  }

  /**
   * Installs what this thread does at its safe points (null: nothing); returns the previous action.
   * Only the owning thread calls it.
   */
  public Action action(Action a) {
    Action old = action;
    action = a;
    return old;
  }

  /** Called by an engine tier at a safe point where {@link #requested()} was true. */
  public void reach(Instance instance) {
    cancel();
    Action a = action;
    if (a != null) {
      a.reached(instance);
    }
  }
}
