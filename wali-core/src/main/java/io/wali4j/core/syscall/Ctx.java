package io.wali4j.core.syscall;

import io.wali4j.api.SyscallTrap;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.kernel.HostAbi;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.SyscallNumbers;

/**
 * What a syscall method works with: the calling process, the host trap and syscall numbers, and the
 * translations every syscall needs (a Wasm pointer and length to a checked host address, a WALI fd
 * to its host fd, a WALI dirfd to the process's cwd). A check that fails throws a {@link
 * SyscallError}, which the binding turns into {@code -errno}.
 */
public final class Ctx {

  /** Linux PATH_MAX, NUL included. */
  public static final int PATH_MAX = 4096;

  public static final int AT_FDCWD = -100;
  public static final int O_CLOEXEC = 0x80000;

  final Process p;
  final SyscallTrap k;
  final SyscallNumbers nr;
  final HostAbi abi;
  final Diagnostics diagnostics;
  private Memory memory;
  private long base;

  public Ctx(Process p) {
    this(p, Diagnostics.defaults());
  }

  public Ctx(Process p, Diagnostics diagnostics) {
    this.p = p;
    this.k = p.trap();
    this.nr = p.nr();
    this.abi = p.abi();
    this.diagnostics = diagnostics;
  }

  /** Where this process's runtime reports, and whether its syscalls are traced. */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** Binds this context to the module's memory 0, which must be natively backed. */
  public void attach(Memory m) {
    if (m.backing().base() != null) {
      throw new IllegalArgumentException("a WALI process needs natively backed linear memory");
    }
    memory = m;
    base = m.backing().address();
    p.attachMemory(m);
  }

  public Process process() {
    return p;
  }

  public Memory memory() {
    return memory;
  }

  /** The host address of byte 0 of linear memory. */
  public long base() {
    return base;
  }

  /** A C {@code size_t} or {@code unsigned} passed as i32: its unsigned value. */
  static long u(int n) {
    return n & 0xFFFFFFFFL;
  }

  /** The host address of {@code [ptr, ptr + len)}, which must lie inside memory (else EFAULT). */
  public long addr(int ptr, long len) {
    long off = u(ptr);
    Memory m = memory;
    if (m == null || len < 0 || off + len > m.size()) {
      throw SyscallError.EFAULT;
    }
    return base + off;
  }

  /** Like {@link #addr}, but a NULL pointer stays 0 (for optional arguments). */
  public long addrOrNull(int ptr, long len) {
    return ptr == 0 ? 0 : addr(ptr, len);
  }

  /** The host address of the NUL-terminated string at {@code ptr}, checked to end inside memory. */
  public long str(int ptr) {
    long off = u(ptr);
    Memory m = memory;
    long size = m == null ? 0 : m.size();
    for (int i = 0; i < PATH_MAX; i++) {
      if (off + i >= size) {
        throw SyscallError.EFAULT;
      }
      if (NativeAccess.U.getByte(base + off + i) == 0) {
        return base + off;
      }
    }
    throw SyscallError.ENAMETOOLONG;
  }

  /** Like {@link #str}, but NULL stays 0. */
  public long strOrNull(int ptr) {
    return ptr == 0 ? 0 : str(ptr);
  }

  /** The host fd behind WALI fd {@code fd} (else EBADF). */
  public int fd(int fd) {
    int h = p.fds().host(fd);
    if (h < 0) {
      throw SyscallError.EBADF;
    }
    return h;
  }

  /**
   * The host dirfd for an *at call: AT_FDCWD is the process's cwd; an fd that is not open becomes
   * -1, which the kernel rejects with EBADF for a relative path and ignores for an absolute one, as
   * it would the original.
   */
  public int dirfd(int fd) {
    return fd == AT_FDCWD ? p.cwdFd() : p.fds().host(fd);
  }

  /**
   * Installs the host fd a syscall returned as the lowest free WALI fd {@code >= min}; passes an
   * error through.
   */
  public long newFd(long hostResult, int min, boolean closeOnExec) {
    if (hostResult < 0) {
      return hostResult;
    }
    int fd = p.fds().install(min, p.rlimits().fdLimit(), (int) hostResult, closeOnExec);
    if (fd < 0) {
      k.syscall1(nr.close, hostResult);
      return -Errno.EMFILE;
    }
    return fd;
  }

  /** A safe point: the calling thread stops here (unwinds) when its process is ending. */
  void safePoint() {
    p.threads().safePoint();
  }

  /** WALI open flags as the host numbers them (aarch64 numbers four differently). */
  int hostOpenFlags(int flags) {
    return abi.openFlags().toHost(flags);
  }

  /** The calling thread's scratch buffer for host-side structs and strings. */
  public long scratch() {
    return p.scratch().address();
  }

  // ---- the trap, named by arity, so that syscall methods read as one line ----

  long sys0(int n) {
    return k.syscall0(n);
  }

  long sys1(int n, long a) {
    return k.syscall1(n, a);
  }

  long sys2(int n, long a, long b) {
    return k.syscall2(n, a, b);
  }

  long sys3(int n, long a, long b, long c) {
    return k.syscall3(n, a, b, c);
  }

  long sys4(int n, long a, long b, long c, long d) {
    return k.syscall4(n, a, b, c, d);
  }

  long sys5(int n, long a, long b, long c, long d, long e) {
    return k.syscall5(n, a, b, c, d, e);
  }

  long sys6(int n, long a, long b, long c, long d, long e, long f) {
    return k.syscall6(n, a, b, c, d, e, f);
  }
}
