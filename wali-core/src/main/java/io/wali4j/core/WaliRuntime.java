package io.wali4j.core;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.HostSpawner;
import io.wali4j.api.SyscallTrap;
import io.wali4j.core.kernel.BackendSlot;
import io.wali4j.core.kernel.Host;
import io.wali4j.core.kernel.HostPrograms;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.ProcessSlots;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A runtime whose architecture backends come and go while its processes run: what a service
 * registry (OSGi Declarative Services in the wali-shell bundle) feeds with the {@link ArchBackend}
 * services it sees. The plain-JVM launcher does not need it: {@link Wali.Builder#run()} finds a
 * fixed backend through {@link java.util.ServiceLoader}.
 *
 * <p>Of the backends bound, the first that serves this JVM's {@code os.arch} is in force. When it
 * is withdrawn (its bundle updated, replaced or uninstalled), the next that serves takes over;
 * while none does, each syscall waits for one up to {@link #backendWait()} and then fails with
 * ENOSYS.
 */
public final class WaliRuntime {

  private static final int O_CLOEXEC = 0x80000;

  private final SyscallTrap trap;
  private final BackendSlot backends;
  private volatile Limits limits = Limits.DEFAULT;
  private final ProcessSlots processes = new ProcessSlots(Limits.DEFAULT.processes());

  /** A runtime for this JVM's {@code os.arch}, making syscalls through {@code trap}. */
  public WaliRuntime(SyscallTrap trap) {
    this(trap, System.getProperty("os.arch"));
  }

  /** A runtime for a JVM whose {@code os.arch} is {@code osArch}. */
  public WaliRuntime(SyscallTrap trap, String osArch) {
    this.trap = trap;
    this.backends = new BackendSlot(osArch);
  }

  /** Offers a backend (a service that appeared). */
  public void bindBackend(ArchBackend backend) {
    backends.bind(backend);
  }

  /** Withdraws a backend (a service that went away). */
  public void unbindBackend(ArchBackend backend) {
    backends.unbind(backend);
  }

  /**
   * Offers the spawner of host programs (execve of a native binary) to every WALI process of this
   * JVM: in OSGi, ServiceLoader finds none, so the registry's service comes this way.
   */
  public static void bindHostSpawner(HostSpawner spawner) {
    HostPrograms.register(spawner);
  }

  /**
   * Withdraws a spawner offered by {@link #bindHostSpawner}; execve of a native binary then fails.
   */
  public static void unbindHostSpawner(HostSpawner spawner) {
    HostPrograms.unregister(spawner);
  }

  /** The backend in force, if any. */
  public Optional<ArchBackend> backend() {
    return Optional.ofNullable(backends.current());
  }

  /** Every backend bound, in force or not. */
  public List<ArchBackend> backends() {
    return backends.bound();
  }

  /** How long a syscall waits for a backend before it fails with ENOSYS. */
  public Duration backendWait() {
    return Duration.ofNanos(backends.waitNanos());
  }

  public void backendWait(Duration wait) {
    backends.waitNanos(wait.toNanos());
  }

  /** The limits every process of this runtime starts with. */
  public Limits limits() {
    return limits;
  }

  /**
   * Sets the limits of the processes started from now on; the process limit counts the processes
   * already live.
   */
  public void limits(Limits newLimits) {
    processes.limit(newLimits.processes());
    this.limits = newLimits;
  }

  /** Processes of this runtime live now. */
  public int liveProcesses() {
    return processes.live();
  }

  /** A process of {@code moduleBytes} that runs on this runtime's host. */
  public Wali.Builder process(byte[] moduleBytes) {
    return process(moduleBytes, UnaryOperator.identity());
  }

  /**
   * A process of {@code moduleBytes} whose syscalls go through {@code around} applied to this
   * runtime's trap (a hook that sees every syscall of that process and of the runtime on its
   * behalf, e.g. to count or trace them; to end the process, signal it through {@link
   * ProcessControl}). Waits up to {@link #backendWait()} for a backend.
   *
   * @throws IllegalStateException when no backend serves this host
   */
  public Wali.Builder process(byte[] moduleBytes, UnaryOperator<SyscallTrap> around) {
    requireBackend();
    return Wali.process(moduleBytes)
        .host(new Host(around.apply(trap), backends))
        .limits(limits)
        .slots(processes);
  }

  /**
   * A host pipe: {@code [read end, write end]}, both close-on-exec, for wiring a process's stdio to
   * Java streams.
   *
   * @throws IllegalStateException when the kernel refuses
   */
  public int[] pipe() {
    requireBackend();
    long fds = NativeAccess.U.allocateMemory(8);
    try {
      long r = trap.syscall2(backends.numbers().pipe2, fds, O_CLOEXEC);
      if (r < 0) {
        throw new IllegalStateException("pipe2 failed: errno " + -r);
      }
      return new int[] {NativeAccess.U.getInt(fds), NativeAccess.U.getInt(fds + 4)};
    } finally {
      NativeAccess.U.freeMemory(fds);
    }
  }

  /** Closes a host fd that {@link #pipe()} returned. */
  public void close(int hostFd) {
    trap.syscall1(backends.numbers().close, hostFd);
  }

  private void requireBackend() {
    if (!backends.awaitBackend()) {
      throw new IllegalStateException(
          "no ArchBackend serves os.arch " + System.getProperty("os.arch"));
    }
  }
}
