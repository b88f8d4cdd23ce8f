package io.wali4j.core.syscall;

import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.SignalMask;

/**
 * The sigmask argument of ppoll, pselect6 and epoll_pwait, on the calling thread's WALI mask as
 * Linux's set_user_sigmask and restore_saved_sigmask_unless treat it: the mask is in force for the
 * wait (SIGKILL and SIGSTOP stay unblocked); a signal it lets through that is pending or arrives
 * ends the wait, and the handlers of the signals it lets through run with that mask as their base,
 * the original coming back when they returned ({@link SignalDelivery}); any other end of the call
 * puts the original back at once, so a signal only the temporary mask let through stays pending.
 */
final class WaitMask {

  private WaitMask() {}

  /**
   * Installs the mask at {@code ptr} of {@code sigsetsize} bytes for the call, or nothing when
   * {@code ptr} is NULL; returns whether one was installed. EINVAL unless {@code sigsetsize} is 8,
   * EFAULT for a pointer outside memory (the mask is then unchanged).
   */
  static boolean install(Ctx c, long ptr, long sigsetsize) {
    if (ptr == 0) {
      return false;
    }
    if (sigsetsize != SignalCalls.KERNEL_SIGSET) {
      throw SyscallError.EINVAL;
    }
    if (ptr < 0 || ptr > 0xffff_ffffL) {
      throw SyscallError.EFAULT;
    }
    long mask = NativeAccess.U.getLong(c.addr((int) ptr, SignalCalls.KERNEL_SIGSET));
    long old = SignalMask.setTemporary(mask);
    retarget(c, SignalMask.get() & ~old);
    return true;
  }

  /**
   * Ends the call that returned {@code r}: the temporary mask stays only when {@code r} is what a
   * signal makes the call return ({@code onSignal}) and a signal is pending, for its delivery to
   * restore; else the original mask comes back now.
   */
  static void finish(Ctx c, boolean installed, long r, long onSignal) {
    if (!installed || (r == onSignal && SignalDelivery.needed(c, r))) {
      return;
    }
    long during = SignalMask.get();
    SignalMask.restoreTemporary();
    retarget(c, SignalMask.get() & ~during);
  }

  /** Process-directed pending signals this thread now blocks go to another thread that does not. */
  private static void retarget(Ctx c, long newlyBlocked) {
    if ((newlyBlocked & c.p.signals().pendingForProcess()) != 0) {
      c.p.threads().retarget(newlyBlocked);
    }
  }
}
