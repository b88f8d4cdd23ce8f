package io.wali4j.nativeaccess;

import io.wali4j.api.SyscallTrap;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;
import org.osgi.service.component.annotations.Component;

/**
 * {@link SyscallTrap} through libc's {@code syscall(2)} wrapper, bound once per arity. The wrapper
 * reports failure as -1 with errno set; we turn that back into the kernel's {@code -errno}.
 */
@Component(service = SyscallTrap.class)
public final class JnrSyscallTrap implements SyscallTrap {

  static {
    // jnr-ffi's x86 assembly stubs corrupt the sixth argument of six-argument calls (jnr-ffi
    // issue 181); the generic path costs the same within 1-2 ns. Must be set before the first
    // binding is made.
    System.setProperty("jnr.ffi.x86asm.enabled", "false");
  }

  /** The libc entry points we bind; each arity is its own native signature. */
  public interface LibC {
    @SaveError
    long syscall(long nr);

    @SaveError
    long syscall(long nr, long a1);

    @SaveError
    long syscall(long nr, long a1, long a2);

    @SaveError
    long syscall(long nr, long a1, long a2, long a3);

    @SaveError
    long syscall(long nr, long a1, long a2, long a3, long a4);

    @SaveError
    long syscall(long nr, long a1, long a2, long a3, long a4, long a5);

    @SaveError
    long syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

    /** glibc's preadv2 (2.26): five arguments, where the raw syscall needs seven. */
    @SaveError
    long preadv2(int fd, long iov, int iovcnt, long offset, int flags);

    /** glibc's pwritev2 (2.26), for the same reason. */
    @SaveError
    long pwritev2(int fd, long iov, int iovcnt, long offset, int flags);

    /**
     * glibc's sigaction: its struct is the generic one on x86_64, aarch64 and riscv64 (the handler
     * first), and glibc supplies the restorer the raw syscall would need on x86_64.
     */
    @SaveError
    int sigaction(int sig, Pointer act, Pointer oldact);

    /** dlsym(3); handle 0 is RTLD_DEFAULT (glibc), the global symbols. */
    long dlsym(long handle, String symbol);
  }

  /** How the handler of {@link #installInterruptHandler} is found: a libc function by name. */
  private static final String HANDLER = "getpid";

  /** glibc's struct sigaction is 152 bytes on the supported ISAs; room to spare. */
  private static final int SIGACTION_BYTES = 256;

  private static final long ENOSYS = 38;
  private static final long EBUSY = 16;

  private final LibC libc;
  private final Runtime runtime;
  private volatile boolean noLibcPreadv2;
  private volatile boolean noLibcPwritev2;

  /** The signal {@link #installInterruptHandler} installed its handler for, or 0. */
  private int interruptSignal;

  public JnrSyscallTrap() {
    libc = LibraryLoader.create(LibC.class).load("c");
    runtime = Runtime.getRuntime(libc);
  }

  private long result(long r) {
    return r == -1 ? -runtime.getLastError() : r;
  }

  @Override
  public long syscall0(int nr) {
    return result(libc.syscall(nr));
  }

  @Override
  public long syscall1(int nr, long a1) {
    return result(libc.syscall(nr, a1));
  }

  @Override
  public long syscall2(int nr, long a1, long a2) {
    return result(libc.syscall(nr, a1, a2));
  }

  @Override
  public long syscall3(int nr, long a1, long a2, long a3) {
    return result(libc.syscall(nr, a1, a2, a3));
  }

  @Override
  public long syscall4(int nr, long a1, long a2, long a3, long a4) {
    return result(libc.syscall(nr, a1, a2, a3, a4));
  }

  @Override
  public long syscall5(int nr, long a1, long a2, long a3, long a4, long a5) {
    return result(libc.syscall(nr, a1, a2, a3, a4, a5));
  }

  @Override
  public long syscall6(int nr, long a1, long a2, long a3, long a4, long a5, long a6) {
    return result(libc.syscall(nr, a1, a2, a3, a4, a5, a6));
  }

  /**
   * Through libc's preadv2: a seven-argument call (syscall6) goes through jffi's generic path,
   * about 100 ns slower than one with at most six.
   */
  @Override
  public long preadv2(int nr, int fd, long iov, int iovcnt, int flags) {
    if (noLibcPreadv2) {
      return SyscallTrap.super.preadv2(nr, fd, iov, iovcnt, flags);
    }
    try {
      return result(libc.preadv2(fd, iov, iovcnt, -1, flags));
    } catch (UnsatisfiedLinkError e) {
      noLibcPreadv2 = true; // a libc older than 2.26
      return SyscallTrap.super.preadv2(nr, fd, iov, iovcnt, flags);
    }
  }

  /** Through libc's pwritev2, as {@link #preadv2}. */
  @Override
  public long pwritev2(int nr, int fd, long iov, int iovcnt, int flags) {
    if (noLibcPwritev2) {
      return SyscallTrap.super.pwritev2(nr, fd, iov, iovcnt, flags);
    }
    try {
      return result(libc.pwritev2(fd, iov, iovcnt, -1, flags));
    } catch (UnsatisfiedLinkError e) {
      noLibcPwritev2 = true; // a libc older than 2.26
      return SyscallTrap.super.pwritev2(nr, fd, iov, iovcnt, flags);
    }
  }

  /**
   * The handler is libc's getpid: it ignores its arguments, is async-signal-safe
   * (signal-safety(7)), never sets errno and touches no JVM state, so the signal's only effect is
   * to end the blocked call with EINTR. sa_flags 0: no SA_RESTART (the call must return), no
   * SA_SIGINFO; an empty sa_mask. A signal that already has a handler other than this one is left
   * alone (-EBUSY).
   */
  @Override
  public synchronized long installInterruptHandler(int sig) {
    if (sig == interruptSignal) {
      return 0;
    }
    long handler;
    try {
      handler = libc.dlsym(0, HANDLER);
    } catch (UnsatisfiedLinkError e) {
      return -ENOSYS; // a libc without dlsym (glibc before 2.34 keeps it in libdl)
    }
    if (handler == 0) {
      return -ENOSYS;
    }
    Pointer old = Memory.allocateDirect(runtime, SIGACTION_BYTES, true);
    if (libc.sigaction(sig, null, old) != 0) {
      return -runtime.getLastError();
    }
    long current = old.getLong(0);
    if (current != 0 && current != handler) {
      return -EBUSY; // SIG_DFL is 0; anything else (SIG_IGN, a handler) is someone else's
    }
    Pointer act = Memory.allocateDirect(runtime, SIGACTION_BYTES, true);
    act.putLong(0, handler);
    if (libc.sigaction(sig, act, null) != 0) {
      return -runtime.getLastError();
    }
    interruptSignal = sig;
    return 0;
  }
}
