package io.wali4j.core.kernel;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.SyscallTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link ArchBackend} a host uses, replaceable while processes run (architecture section 5: a
 * process picks up the new backend at its next syscall). Backends come and go as OSGi services do;
 * of those bound, the first that serves {@code os.arch} is in force. While none is, a syscall waits
 * for one up to a bound ({@link #waitNanos()}), then fails with ENOSYS: updating or replacing the
 * backend bundle makes no syscall fail.
 *
 * <p>The host numbers live in one {@link SyscallNumbers} object that every process of the host
 * reads; binding a backend refills it before publishing the backend through a volatile write, and
 * each syscall reads that volatile field first ({@link GatedTrap}), so the new numbers are visible
 * to the syscall that follows.
 */
public final class BackendSlot {

  /** Default bound of a syscall's wait for a backend: system property {@code wali.backend.wait}. */
  public static final long DEFAULT_WAIT_MILLIS = Long.getLong("wali.backend.wait", 10_000L);

  private final String osArch;
  private final SyscallNumbers numbers;
  private final HostAbi abi = new HostAbi();
  private final List<ArchBackend> bound = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile ArchBackend current;
  private volatile long waitNanos = TimeUnit.MILLISECONDS.toNanos(DEFAULT_WAIT_MILLIS);

  /** An empty slot for a JVM whose {@code os.arch} is {@code osArch}. */
  public BackendSlot(String osArch) {
    this.osArch = osArch;
    this.numbers = new SyscallNumbers(new SyscallTable(Map.of()));
  }

  /** A slot holding {@code backend} for good (the plain-JVM launcher's case). */
  public static BackendSlot fixed(ArchBackend backend) {
    BackendSlot slot = new BackendSlot(null);
    slot.bind(backend);
    return slot;
  }

  /**
   * Offers {@code backend}; it comes into force when none is and it serves this slot's {@code
   * os.arch} (a fixed slot takes any).
   */
  public void bind(ArchBackend backend) {
    lock.lock();
    try {
      bound.add(backend);
      if (current == null && serves(backend)) {
        install(backend);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Withdraws {@code backend}; another bound one that serves takes over, if any. */
  public void unbind(ArchBackend backend) {
    lock.lock();
    try {
      bound.remove(backend);
      if (current == backend) {
        current = null;
        bound.stream().filter(this::serves).findFirst().ifPresent(this::install);
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean serves(ArchBackend backend) {
    return osArch == null || backend.servesOsArch(osArch);
  }

  private void install(ArchBackend backend) {
    numbers.fill(backend.syscalls());
    abi.fill(backend);
    current = backend;
    changed.signalAll();
  }

  /** The backend in force, or null while there is none. */
  public ArchBackend current() {
    return current;
  }

  /** Every backend offered and not withdrawn, in force or not. */
  public List<ArchBackend> bound() {
    lock.lock();
    try {
      return List.copyOf(bound);
    } finally {
      lock.unlock();
    }
  }

  /** The host numbers of the backend in force (of the last one, while there is none). */
  public SyscallNumbers numbers() {
    return numbers;
  }

  /**
   * The host layouts and flag translation of the backend in force (of the last one, while none).
   */
  public HostAbi abi() {
    return abi;
  }

  public long waitNanos() {
    return waitNanos;
  }

  /** How long a syscall waits for a backend before it fails with ENOSYS. */
  public void waitNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("negative wait: " + nanos);
    }
    this.waitNanos = nanos;
  }

  /**
   * Whether a backend is in force, waiting up to {@link #waitNanos()} for one if not. A thread
   * interrupted while it waits stops waiting (and keeps its interrupt status).
   */
  public boolean awaitBackend() {
    if (current != null) {
      return true;
    }
    long left = waitNanos;
    lock.lock();
    try {
      while (current == null && left > 0) {
        left = changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
    return current != null;
  }
}
