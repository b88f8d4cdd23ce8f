package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.ProcessExit;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.kernel.ThreadExit;
import io.wali4j.core.kernel.Threads;
import io.wali4j.core.kernel.WaliThread;
import java.time.Instant;
import java.util.Arrays;

/**
 * Threads: __wasm_thread_spawn (wali-abi.md section B), futex, gettid, set_tid_address, exit of one
 * thread and exit_group of the process, sched_yield and sched_getaffinity. A futex word is a word
 * of linear memory, and futex waits use that memory's waiter queues, so a futex wake wakes a
 * memory.atomic.wait and a memory.atomic.notify wakes a futex wait.
 */
final class ThreadCalls {

  // futex(2) operations and flags (linux/futex.h)
  static final int FUTEX_WAIT = 0;
  static final int FUTEX_WAKE = 1;
  static final int FUTEX_REQUEUE = 3;
  static final int FUTEX_CMP_REQUEUE = 4;
  static final int FUTEX_WAKE_OP = 5;
  static final int FUTEX_WAIT_BITSET = 9;
  static final int FUTEX_WAKE_BITSET = 10;
  static final int FUTEX_PRIVATE_FLAG = 128;
  static final int FUTEX_CLOCK_REALTIME = 256;
  static final int FUTEX_BITSET_MATCH_ANY = -1;

  /** struct timespec on wasm32 WALI: i64 tv_sec, i64 tv_nsec. */
  static final int TIMESPEC_SIZE = 16;

  private static final long NANOS = 1_000_000_000L;

  @WaliImport("__wasm_thread_spawn")
  long threadSpawn(Ctx c, int fn, int arg) {
    return c.p.threads().spawn(fn, arg);
  }

  @WaliImport("SYS_gettid")
  long gettid(Ctx c) {
    return c.p.threads().currentTid();
  }

  /**
   * Records {@code tidptr}: when the calling thread exits, 0 is stored there and one futex waiter
   * on it is woken (CLONE_CHILD_CLEARTID). Returns the caller's tid.
   */
  /** WALI's struct robust_list_head: two pointers and a long, 8-aligned. */
  static final int ROBUST_LIST_HEAD_SIZE = 24;

  /**
   * set_robust_list: the head is kept for the thread's exit, where the futexes on the list it still
   * owns are marked FUTEX_OWNER_DIED and a waiter woken, as Linux does ({@code Threads}). A length
   * other than the struct's is EINVAL.
   */
  @WaliImport("SYS_set_robust_list")
  long setRobustList(Ctx c, int head, int len) {
    if (len != ROBUST_LIST_HEAD_SIZE) {
      return -Errno.EINVAL;
    }
    WaliThread t = c.p.threads().current();
    if (t != null) {
      t.robustList(head);
    }
    return 0;
  }

  /**
   * get_robust_list: the head a thread of this process registered (0 if none) and the struct's
   * size; pid 0 is the calling thread, another tid of the process that thread, else ESRCH.
   */
  @WaliImport("SYS_get_robust_list")
  long getRobustList(Ctx c, int pid, int headPtr, int lenPtr) {
    WaliThread t = pid == 0 ? c.p.threads().current() : c.p.threads().thread(pid);
    if (t == null) {
      return -Errno.ESRCH;
    }
    long head = c.addr(headPtr, 4);
    long len = c.addr(lenPtr, 4);
    NativeAccess.U.putInt(head, t.robustList());
    NativeAccess.U.putInt(len, ROBUST_LIST_HEAD_SIZE);
    return 0;
  }

  @WaliImport("SYS_set_tid_address")
  long setTidAddress(Ctx c, int tidptr) {
    WaliThread t = c.p.threads().current();
    if (t != null) {
      t.clearChildTid(tidptr);
    }
    return c.p.threads().currentTid();
  }

  /**
   * Ends the calling thread; the process ends when its last thread has (with the main thread's
   * status). A caller the process does not know as one of its threads ends the process.
   */
  @WaliImport("SYS_exit")
  long exit(Ctx c, int status) {
    if (c.p.threads().current() == null) {
      throw new ProcessExit(status);
    }
    throw new ThreadExit(status);
  }

  /** Ends the process: every other thread stops at its next safe point. */
  @WaliImport("SYS_exit_group")
  long exitGroup(Ctx c, int status) {
    c.p.threads().endProcess(ExitStatus.exited(status));
    throw new ProcessExit(status);
  }

  @WaliImport("SYS_sched_yield")
  long schedYield(Ctx c) {
    return c.sys0(c.nr.sched_yield);
  }

  /** The affinity of the JVM's threads stands for the process's and each of its threads'. */
  @WaliImport("SYS_sched_getaffinity")
  long schedGetaffinity(Ctx c, int pid, int cpusetsize, int mask) {
    Threads threads = c.p.threads();
    int host = pid == 0 || pid == c.p.pid() || threads.thread(pid) != null ? 0 : pid;
    return c.sys3(c.nr.sched_getaffinity, host, u(cpusetsize), c.addr(mask, u(cpusetsize)));
  }

  static final int PR_GET_DUMPABLE = 3;
  static final int PR_SET_NAME = 15;
  static final int PR_GET_NAME = 16;

  /**
   * prctl(2), the options that concern threads: PR_SET_NAME and PR_GET_NAME name the calling thread
   * (kept here, the JVM's thread names never change), PR_GET_DUMPABLE reads the JVM's. Any other
   * option is refused with EINVAL, as Linux refuses an option it does not know.
   */
  @WaliImport("SYS_prctl")
  long prctl(Ctx c, int option, long arg2, long arg3, long arg4, long arg5) {
    WaliThread t = c.p.threads().current();
    switch (option) {
      case PR_SET_NAME:
        if (t == null) {
          return -Errno.EINVAL;
        }
        t.name(readName(c, (int) arg2));
        return 0;
      case PR_GET_NAME:
        if (t == null) {
          return -Errno.EINVAL;
        }
        long out = c.addr((int) arg2, WaliThread.NAME_MAX + 1);
        byte[] name = t.name();
        for (int i = 0; i <= WaliThread.NAME_MAX; i++) {
          NativeAccess.U.putByte(out + i, i < name.length ? name[i] : 0);
        }
        return 0;
      case PR_GET_DUMPABLE:
        return c.sys5(c.nr.prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
      default:
        return -Errno.EINVAL;
    }
  }

  /** Up to 15 bytes of the string at {@code ptr} (Linux copies no more into a task's comm). */
  private static byte[] readName(Ctx c, int ptr) {
    byte[] b = new byte[WaliThread.NAME_MAX];
    int n = 0;
    while (n < b.length) {
      byte x = NativeAccess.U.getByte(c.addr(ptr + n, 1));
      if (x == 0) {
        break;
      }
      b[n++] = x;
    }
    return Arrays.copyOf(b, n);
  }

  /**
   * futex(2) on a word of linear memory. A private and a shared futex on the same word are kept
   * apart, as Linux keys them apart (a Wasm wait or notify meets both). An interrupt of the waiting
   * thread ({@link WaliThread#interrupt()}) ends a wait with EINTR.
   */
  @WaliImport("SYS_futex")
  long futex(Ctx c, int uaddr, int futexOp, int val, int timeout, int uaddr2, int val3) {
    int cmd = futexOp & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    boolean realtime = (futexOp & FUTEX_CLOCK_REALTIME) != 0;
    int kind = Memory.futexKind((futexOp & FUTEX_PRIVATE_FLAG) != 0);
    // Linux accepts the flag only where a timeout is absolute.
    if (realtime && cmd != FUTEX_WAIT_BITSET) {
      return -Errno.ENOSYS;
    }
    switch (cmd) {
      case FUTEX_WAIT:
        return wait(c, uaddr, val, relativeTimeout(c, timeout), FUTEX_BITSET_MATCH_ANY, kind);
      case FUTEX_WAIT_BITSET:
        if (val3 == 0) {
          return -Errno.EINVAL;
        }
        return wait(c, uaddr, val, absoluteTimeout(c, timeout, realtime), val3, kind);
      case FUTEX_WAKE:
        return memory(c, uaddr).futexWake(u(uaddr), wakeCount(val), FUTEX_BITSET_MATCH_ANY, kind);
      case FUTEX_WAKE_BITSET:
        if (val3 == 0) {
          return -Errno.EINVAL;
        }
        return memory(c, uaddr).futexWake(u(uaddr), wakeCount(val), val3, kind);
      case FUTEX_REQUEUE:
      case FUTEX_CMP_REQUEUE:
        return requeue(c, uaddr, val, timeout, uaddr2, kind, cmd == FUTEX_CMP_REQUEUE, val3);
      case FUTEX_WAKE_OP:
        memory(c, uaddr2);
        return FutexWakeOp.run(memory(c, uaddr), kind, uaddr, val, timeout, uaddr2, val3);
      default:
        // FUTEX_FD is gone from Linux; PI futexes are not provided.
        return -Errno.ENOSYS;
    }
  }

  /** The kernel wakes at least one waiter even for a count of 0 or less. */
  static long wakeCount(int val) {
    return val <= 0 ? 1 : val;
  }

  private static long wait(Ctx c, int uaddr, int val, long timeoutNanos, int bitset, int kind) {
    Memory m = memory(c, uaddr);
    WaliThread self = c.p.threads().current();
    int r;
    if (self == null) {
      r = m.futexWait(u(uaddr), val, bitset, kind, timeoutNanos);
    } else {
      // Flag first, then look: a signal sent in between either is seen here or interrupts the wait.
      self.enterFutexWait();
      try {
        if (c.p.signals().deliverable(SignalMask.get())) {
          return -Errno.EINTR;
        }
        r = m.futexWait(u(uaddr), val, bitset, kind, timeoutNanos);
      } finally {
        self.leaveFutexWait();
      }
    }
    switch (r) {
      case Memory.FUTEX_WOKEN:
        return 0;
      case Memory.FUTEX_NOT_EQUAL:
        return -Errno.EAGAIN;
      case Memory.FUTEX_TIMED_OUT:
        return -Errno.ETIMEDOUT;
      default:
        // The interrupt has done its job (a pending signal or an ending process is seen at the
        // syscall's return or the next safe point): clear it so the next wait can block.
        Thread.interrupted();
        return -Errno.EINTR;
    }
  }

  private static long requeue(
      Ctx c, int uaddr, int nrWake, int nrRequeue, int uaddr2, int kind, boolean cmp, int val3) {
    if (nrWake < 0 || nrRequeue < 0) {
      return -Errno.EINVAL;
    }
    Memory m = memory(c, uaddr);
    memory(c, uaddr2);
    int r = m.futexRequeue(u(uaddr), u(uaddr2), nrWake, nrRequeue, kind, cmp, val3);
    return r < 0 ? -Errno.EAGAIN : r;
  }

  /** The memory of a futex word: EINVAL when misaligned, EFAULT outside memory. */
  static Memory memory(Ctx c, int uaddr) {
    if ((uaddr & 3) != 0) {
      throw SyscallError.EINVAL;
    }
    c.addr(uaddr, 4);
    return c.memory();
  }

  /** FUTEX_WAIT's timeout: relative, NULL waits forever (-1). */
  private static long relativeTimeout(Ctx c, int timeout) {
    if (timeout == 0) {
      return -1;
    }
    return timespecNanos(c, timeout);
  }

  /** FUTEX_WAIT_BITSET's timeout: absolute on CLOCK_MONOTONIC or CLOCK_REALTIME. */
  private static long absoluteTimeout(Ctx c, int timeout, boolean realtime) {
    if (timeout == 0) {
      return -1;
    }
    long deadline = timespecNanos(c, timeout);
    long now;
    if (realtime) {
      Instant i = Instant.now();
      now = i.getEpochSecond() * NANOS + i.getNano();
    } else {
      // System.nanoTime is CLOCK_MONOTONIC on Linux, the clock the program's own reads use.
      now = System.nanoTime();
    }
    return Math.max(0, deadline - now);
  }

  /** A struct timespec as nanoseconds (saturated); EINVAL when it is not normalized. */
  private static long timespecNanos(Ctx c, int ts) {
    long a = c.addr(ts, TIMESPEC_SIZE);
    long sec = NativeAccess.U.getLong(a);
    long nsec = NativeAccess.U.getLong(a + 8);
    if (sec < 0 || nsec < 0 || nsec >= NANOS) {
      throw SyscallError.EINVAL;
    }
    return sec >= Long.MAX_VALUE / NANOS ? Long.MAX_VALUE : sec * NANOS + nsec;
  }
}
