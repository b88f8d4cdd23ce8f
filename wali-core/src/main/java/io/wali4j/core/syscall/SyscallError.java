package io.wali4j.core.syscall;

/**
 * Ends a syscall early with {@code -errno}: thrown by the argument checks (a pointer outside
 * memory, an fd that is not open) so that each syscall method stays a one-liner. The binding turns
 * it into the i64 result. Preallocated and without a stack trace: it is a return path.
 */
public final class SyscallError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public static final SyscallError E2BIG = new SyscallError(Errno.E2BIG);
  public static final SyscallError EBADF = new SyscallError(Errno.EBADF);
  public static final SyscallError EFAULT = new SyscallError(Errno.EFAULT);
  public static final SyscallError EINVAL = new SyscallError(Errno.EINVAL);
  public static final SyscallError ENAMETOOLONG = new SyscallError(Errno.ENAMETOOLONG);
  public static final SyscallError EMSGSIZE = new SyscallError(Errno.EMSGSIZE);
  public static final SyscallError ENOMEM = new SyscallError(Errno.ENOMEM);
  public static final SyscallError ESRCH = new SyscallError(Errno.ESRCH);

  private final int errno;

  private SyscallError(int errno) {
    super("errno " + errno, null, false, false);
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }
}
