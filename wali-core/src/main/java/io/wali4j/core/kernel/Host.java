package io.wali4j.core.kernel;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.SyscallTrap;
import java.util.ServiceLoader;

/**
 * The host kernel as the WALI layer sees it: the native {@link SyscallTrap} and the {@link
 * ArchBackend} for this JVM's ISA, both found as services, never named here.
 */
public final class Host {

  private final SyscallTrap trap;
  private final ArchBackend backend;
  private final SyscallNumbers nr;

  public Host(SyscallTrap trap, ArchBackend backend) {
    this.trap = trap;
    this.backend = backend;
    this.nr = new SyscallNumbers(backend.syscalls());
  }

  /**
   * The trap and the backend that serves {@code os.arch}, through {@link ServiceLoader}.
   *
   * @throws IllegalStateException when either is missing from the module or class path
   */
  public static Host load() {
    SyscallTrap trap =
        ServiceLoader.load(SyscallTrap.class)
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("no SyscallTrap service (wali-native missing?)"));
    String arch = System.getProperty("os.arch");
    ArchBackend backend =
        ServiceLoader.load(ArchBackend.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(b -> b.servesOsArch(arch))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no ArchBackend serves os.arch " + arch));
    return new Host(trap, backend);
  }

  public SyscallTrap trap() {
    return trap;
  }

  public ArchBackend backend() {
    return backend;
  }

  public SyscallNumbers nr() {
    return nr;
  }
}
