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
  private final BackendSlot backends;
  private final SyscallNumbers nr;
  private final HostInterrupt interrupt = new HostInterrupt(this);

  /** A host whose backend never changes: syscalls go straight to {@code trap}. */
  public Host(SyscallTrap trap, ArchBackend backend) {
    this.trap = trap;
    this.backends = BackendSlot.fixed(backend);
    this.nr = backends.numbers();
  }

  /**
   * A host whose backend is whatever {@code backends} holds when each syscall is made: a syscall
   * made while it holds none waits for one (see {@link BackendSlot}).
   */
  public Host(SyscallTrap trap, BackendSlot backends) {
    this.trap = new GatedTrap(trap, backends);
    this.backends = backends;
    this.nr = backends.numbers();
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

  /** The backend in force, or null while a replacement is awaited. */
  public ArchBackend backend() {
    return backends.current();
  }

  public BackendSlot backends() {
    return backends;
  }

  public SyscallNumbers nr() {
    return nr;
  }

  /** The host signal that ends a thread's blocking host call (see {@link HostInterrupt}). */
  public HostInterrupt interrupt() {
    return interrupt;
  }

  /** The host layouts and flag translation of the backend in force. */
  public HostAbi abi() {
    return backends.abi();
  }
}
