package io.wali4j.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes a real host system call. One method per arity, because a call with fewer arguments is
 * cheaper through the FFI than a general one. Every method returns what the kernel returned: the
 * result, or {@code -errno} on failure.
 */
@ProviderType
public interface SyscallTrap {

  long syscall0(int nr);

  long syscall1(int nr, long a1);

  long syscall2(int nr, long a1, long a2);

  long syscall3(int nr, long a1, long a2, long a3);

  long syscall4(int nr, long a1, long a2, long a3, long a4);

  long syscall5(int nr, long a1, long a2, long a3, long a4, long a5);

  long syscall6(int nr, long a1, long a2, long a3, long a4, long a5, long a6);

  /**
   * preadv2(2) of {@code fd} at its file position (offset -1) with {@code flags}; {@code nr} is the
   * host's number of preadv2. It has its own method because it is a six-argument syscall on a hot
   * path (a read of a pipe or socket first tries RWF_NOWAIT), and an FFI may make the
   * seven-argument {@link #syscall6} call much more slowly than libc's five-argument preadv2. The
   * default makes the syscall through {@link #syscall6}.
   */
  default long preadv2(int nr, int fd, long iov, int iovcnt, int flags) {
    return syscall6(nr, fd, iov, iovcnt, -1, 0, flags);
  }

  /**
   * pwritev2(2) of {@code fd} at its file position (offset -1) with {@code flags}; {@code nr} is
   * the host's number of pwritev2. Like {@link #preadv2}, its own method because a write first
   * tries RWF_NOWAIT on a hot path. The default makes the syscall through {@link #syscall6}.
   */
  default long pwritev2(int nr, int fd, long iov, int iovcnt, int flags) {
    return syscall6(nr, fd, iov, iovcnt, -1, 0, flags);
  }
}
