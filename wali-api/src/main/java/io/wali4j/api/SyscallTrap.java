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
}
