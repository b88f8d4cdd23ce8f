package io.wali4j.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Translates the fixed WALI ABI (x86_64-style names, flags, signal numbers and struct layouts, seen
 * from wasm32) to one host ISA. Backends are stateless data: syscall numbers, the host layouts of
 * the structs the runtime converts, and the host values of the flags and constants it translates;
 * the runtime derives every conversion from them. Found through {@link java.util.ServiceLoader}
 * outside OSGi and as a service inside it; third parties add an ISA by implementing this interface.
 */
@ConsumerType
public interface ArchBackend {

  /** The ISA's canonical name: {@code x86_64}, {@code aarch64}, {@code riscv64}. */
  String isa();

  /** Whether this backend serves a JVM whose {@code os.arch} is {@code osArch}. */
  boolean servesOsArch(String osArch);

  /** The host syscall numbers. */
  SyscallTable syscalls();

  /**
   * The host's layouts of the structs the runtime converts (struct stat, statfs, epoll_event, ...).
   */
  StructLayouts layouts();

  /** The host's values of the flags and constants the runtime translates (O_*, SIG*, AT_*). */
  HostConstants constants();
}
