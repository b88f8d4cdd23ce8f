/**
 * Virtual processes over the host kernel: {@link io.wali4j.core.kernel.Process} (argv, environment,
 * fd table, cwd fd, umask, limits, address-space bookkeeping), the native linear memory reservation
 * and the {@link io.wali4j.core.kernel.Host} services (syscall trap and ISA backend). Internal: not
 * exported.
 */
package io.wali4j.core.kernel;
