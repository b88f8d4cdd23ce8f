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

  /**
   * Makes host signal {@code sig} (one nothing else in this JVM uses, such as a real-time one) able
   * to interrupt a blocking host call: installs, once, a handler that is native code doing nothing
   * (no JVM state, no Java upcall), without SA_RESTART, so that the signal sent to a thread blocked
   * in a read, write, accept, send or receive ends that call with EINTR (or the count it moved so
   * far). Other threads are not affected unless the signal is sent to them. Returns 0 once the
   * handler is in place (also when this trap installed it before), -EBUSY when the signal already
   * has another handler, -ENOSYS when this trap cannot install one (the default).
   */
  default long installInterruptHandler(int sig) {
    return -38;
  }
}
