package io.wali4j.core.syscall;

import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.Global;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.SafePoint;
import io.wali4j.core.exec.Table;
import io.wali4j.core.kernel.AltStack;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.ProcessKilled;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.Signals;
import io.wali4j.core.kernel.WaliThread;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.WasmException;

/**
 * Delivers the pending signals of the calling thread at the return of a syscall (a safe point): a
 * handler is called on this thread's Wasm stack with sa_mask (and the signal itself, unless
 * SA_NODEFER) blocked; a default action terminates, stops or ignores. A syscall that was
 * interrupted returns {@link #ERESTARTSYS}: it is restarted when every handler that ran has
 * SA_RESTART (or none ran), else it fails with EINTR — Linux's rule. Wasm that makes no syscall
 * stops at the safe points of the engine instead ({@link #atSafePoint}).
 */
public final class SignalDelivery {

  /** An interrupted syscall that may be restarted (Linux's ERESTARTSYS). */
  public static final long ERESTARTSYS = -512;

  /**
   * An interrupted syscall that is restarted only when no handler ran (Linux's ERESTARTNOHAND:
   * poll, select), else fails with EINTR, whatever SA_RESTART says.
   */
  public static final long ERESTARTNOHAND = -514;

  /** What {@link #afterSyscall} returns when the syscall must be made again. */
  public static final long RESTART = Long.MIN_VALUE;

  static final int SIGINFO_SIZE = 128;

  /** One frame: a siginfo_t and a zeroed ucontext of up to 128 bytes. */
  static final int FRAME = 256;

  private SignalDelivery() {}

  /**
   * What a thread of {@code c}'s process does at a safe point of pure Wasm code (a branch, a call)
   * when asked to stop: it unwinds when the process is ending, else it delivers the pending signals
   * its mask lets through, as at a syscall's return (handlers run above the interrupted frame).
   */
  public static SafePoint.Action atSafePoint(Ctx c) {
    return instance -> {
      c.safePoint();
      if (c.p.signals().pending() != 0) {
        afterSyscall(c, instance, 0);
      }
    };
  }

  /** Whether the result {@code r} of a syscall of {@code c}'s process needs this class. */
  public static boolean needed(Ctx c, long r) {
    return r == ERESTARTSYS || r == ERESTARTNOHAND || c.p.signals().pending() != 0;
  }

  /**
   * Delivers what is deliverable after a syscall returned {@code r}; returns the result the Wasm
   * code sees, or {@link #RESTART}.
   */
  public static long afterSyscall(Ctx c, Instance inst, long r) {
    Signals signals = c.p.signals();
    // Taken out before a handler runs (a poll in it must not find it); back only for the restart.
    long restartDeadline = r == ERESTARTNOHAND ? RestartBlock.take() : RestartBlock.NONE;
    boolean handled = false;
    boolean restart = true;
    // A temporary mask (sigsuspend, ppoll...) is the base of every handler run here and goes when
    // they ran; taken over now, so that a handler's own ppoll or sigsuspend cannot restore it.
    long saved = SignalMask.takeTemporary();
    try {
      for (Signals.Taken t = signals.take(SignalMask.get());
          t != null;
          t = signals.take(SignalMask.get())) {
        Signals.Action a = signals.action(t.sig());
        if (a.handler() == Signals.SIG_IGN) {
          continue;
        }
        if (a.handler() == Signals.SIG_DFL) {
          defaultAction(c, t.sig());
          continue;
        }
        handled = true;
        restart &= (a.flags() & Signals.SA_RESTART) != 0;
        runHandler(c, inst, t, a);
      }
    } finally {
      if (saved != SignalMask.NO_TEMPORARY) {
        SignalMask.set(saved);
      }
    }
    if (r == ERESTARTSYS) {
      return handled && !restart ? -Errno.EINTR : RESTART;
    }
    if (r == ERESTARTNOHAND) {
      if (handled) {
        return -Errno.EINTR;
      }
      RestartBlock.put(restartDeadline);
      return RESTART;
    }
    return r;
  }

  private static void defaultAction(Ctx c, int sig) {
    switch (Signals.defaultAction(sig)) {
      case TERMINATE:
        throw new ProcessKilled(sig);
      case STOP:
        c.p.kernel().stop(c.p, sig);
        break;
      default:
        break;
    }
  }

  private static void runHandler(Ctx c, Instance inst, Signals.Taken t, Signals.Action a) {
    Signals signals = c.p.signals();
    int sig = t.sig();
    if ((a.flags() & Signals.SA_RESETHAND) != 0) {
      signals.setAction(sig, Signals.Action.DEFAULT);
    }
    Function f = handler(inst, a.handler());
    long old = SignalMask.get();
    long during = old | a.mask() | ((a.flags() & Signals.SA_NODEFER) != 0 ? 0 : Signals.bit(sig));
    SignalMask.set(during);
    AltStack alt = altStack(c, a);
    Global sp = alt == null ? null : stackPointer(inst);
    long interruptedSp = sp == null ? 0 : sp.get();
    if (alt != null) {
      alt.enter(1);
      if (sp != null && !alt.contains((int) interruptedSp)) {
        // Linux moves to the alternate stack unless the interrupted code already runs on it.
        sp.set(alt.top());
      }
    }
    long frame = 0;
    try {
      int params = f.type().params().length;
      if (params > 3 && allI64(f.type())) {
        // A table entry rewritten by binaryen's --fpcast-emu (bash needs it): every function
        // takes the same number of i64 arguments, the real ones first, and returns an i64.
        long[] args = new long[params];
        args[0] = sig;
        if ((a.flags() & Signals.SA_SIGINFO) != 0) {
          frame = frame(c, t);
          args[1] = frame;
          args[2] = frame == 0 ? 0 : frame + SIGINFO_SIZE;
        }
        f.call(args);
      } else if (params == 3) {
        frame = frame(c, t);
        f.call(sig, frame, frame == 0 ? 0 : frame + SIGINFO_SIZE);
      } else if (params == 1) {
        f.call(sig);
      } else {
        throw new WasmException(
            Failure.INDIRECT_CALL_TYPE_MISMATCH, "signal handler " + a.handler() + " for " + sig);
      }
    } finally {
      if (alt != null) {
        alt.enter(-1);
      }
      if (sp != null) {
        // Back on the interrupted stack, also when a siglongjmp leaves the handler.
        sp.set(interruptedSp);
      }
      if (frame != 0) {
        framesInUse(c, -1);
      }
    }
    // A normal return restores the mask; a siglongjmp out of the handler does not come here.
    SignalMask.set(old);
  }

  private static boolean allI64(FuncType type) {
    for (ValType v : type.params()) {
      if (v != ValType.I64) {
        return false;
      }
    }
    return true;
  }

  static final int SA_ONSTACK = 0x08000000;

  /** The calling thread's alternate stack when an SA_ONSTACK handler is to run on it, else null. */
  private static AltStack altStack(Ctx c, Signals.Action a) {
    if ((a.flags() & SA_ONSTACK) == 0) {
      return null;
    }
    WaliThread t = c.p.threads().current();
    return t != null && t.altStack().enabled() ? t.altStack() : null;
  }

  /**
   * The module's C stack pointer, {@code __stack_pointer}: wasm-ld makes it global 0, a mutable i32
   * (the toolchain's name section says so); null when global 0 is not such a global, and the
   * handler then runs where the interrupted code's stack is.
   */
  private static Global stackPointer(Instance inst) {
    Global g = inst.globalCount() > 0 ? inst.global(0) : null;
    return g != null && g.type().mutable() && g.type().type() == ValType.I32 ? g : null;
  }

  /** The function at table 0 index {@code idx}, or a trap as the bad call would be. */
  private static Function handler(Instance inst, int idx) {
    Table t = inst.table(0);
    if (t == null || idx < 0 || idx >= t.size()) {
      throw new WasmException(Failure.UNDEFINED_ELEMENT, "signal handler " + idx);
    }
    long ref = t.element(idx);
    if (ref == Table.NULL) {
      throw new WasmException(Failure.UNINITIALIZED_ELEMENT, "signal handler " + idx);
    }
    return inst.store().function((int) ref);
  }

  /**
   * A siginfo_t for {@code t} in the process's signal-frame page (allocated on first use, one frame
   * per nested handler), or 0 when there is no room.
   */
  private static long frame(Ctx c, Signals.Taken t) {
    Signals signals = c.p.signals();
    long page;
    synchronized (signals) {
      page = signals.framePage();
      if (page < 0) {
        page = MemoryCalls.allocate(c, PAGE);
        if (page < 0) {
          return 0;
        }
        c.p.addressSpace().claim(page, PAGE);
        signals.framePage(page);
        NativeAccess.U.putInt(c.addr((int) page, 4), 0);
      }
    }
    int depth = framesInUse(c, 1) - 1;
    if ((depth + 1) * FRAME + 8 > PAGE) {
      framesInUse(c, -1);
      return 0;
    }
    long off = page + 8 + (long) depth * FRAME;
    long at = c.addr((int) off, FRAME);
    NativeAccess.U.setMemory(at, FRAME, (byte) 0);
    siginfo(c, at, t);
    return off;
  }

  /**
   * Writes the siginfo_t of {@code t} at host address {@code at} (si_signo, si_code, si_pid...).
   */
  static void siginfo(Ctx c, long at, Signals.Taken t) {
    NativeAccess.U.setMemory(at, SIGINFO_SIZE, (byte) 0);
    NativeAccess.U.putInt(at, t.sig());
    NativeAccess.U.putInt(at + 8, t.code());
    NativeAccess.U.putInt(at + 16, t.sender());
    NativeAccess.U.putInt(at + 20, (int) c.sys0(c.nr.getuid));
    if (t.sig() == Signals.SIGCHLD && t.code() > 0 && t.code() < SI_KERNEL) {
      NativeAccess.U.putInt(at + 24, t.status()); // si_status of a CLD_* code
    } else if (t.code() < 0) {
      NativeAccess.U.putInt(at + 24, t.value()); // si_value (SI_QUEUE; 0 for tkill)
    }
  }

  /** si_code of a signal the kernel sends itself; CLD_* codes of SIGCHLD lie between 0 and it. */
  static final int SI_KERNEL = 0x80;

  private static final int PAGE = 4096;

  /** Adds {@code delta} to the count of frames in use (kept at the page's offset 0). */
  private static int framesInUse(Ctx c, int delta) {
    long page = c.p.signals().framePage();
    long at = c.addr((int) page, 4);
    int n = Math.max(0, NativeAccess.U.getInt(at) + delta);
    NativeAccess.U.putInt(at, n);
    return n;
  }
}
