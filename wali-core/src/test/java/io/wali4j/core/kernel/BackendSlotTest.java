package io.wali4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.HostConstants;
import io.wali4j.api.StructLayouts;
import io.wali4j.api.SyscallTable;
import io.wali4j.api.SyscallTrap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Replacing the backend under running syscalls: they wait for the next one, never fail. */
class BackendSlotTest {

  /** A trap that returns the syscall number it was given, so a test sees which table was used. */
  private static final class EchoTrap implements SyscallTrap {
    final AtomicLong calls = new AtomicLong();

    @Override
    public long syscall0(int nr) {
      calls.incrementAndGet();
      return nr;
    }

    @Override
    public long syscall1(int nr, long a1) {
      return syscall0(nr);
    }

    @Override
    public long syscall2(int nr, long a1, long a2) {
      return syscall0(nr);
    }

    @Override
    public long syscall3(int nr, long a1, long a2, long a3) {
      return syscall0(nr);
    }

    @Override
    public long syscall4(int nr, long a1, long a2, long a3, long a4) {
      return syscall0(nr);
    }

    @Override
    public long syscall5(int nr, long a1, long a2, long a3, long a4, long a5) {
      return syscall0(nr);
    }

    @Override
    public long syscall6(int nr, long a1, long a2, long a3, long a4, long a5, long a6) {
      return syscall0(nr);
    }
  }

  private static ArchBackend backend(String arch, int getppid) {
    SyscallTable table = new SyscallTable(Map.of("getppid", getppid, "getpid", 39));
    return new ArchBackend() {
      @Override
      public String isa() {
        return arch;
      }

      @Override
      public boolean servesOsArch(String osArch) {
        return arch.equals(osArch);
      }

      @Override
      public SyscallTable syscalls() {
        return table;
      }

      @Override
      public StructLayouts layouts() {
        return new StructLayouts(Map.of());
      }

      @Override
      public HostConstants constants() {
        return new HostConstants(Map.of());
      }
    };
  }

  @Test
  void aSyscallWithNoBackendFailsWithEnosysAfterTheBound() {
    BackendSlot slot = new BackendSlot("x86_64");
    slot.waitNanos(TimeUnit.MILLISECONDS.toNanos(50));
    EchoTrap trap = new EchoTrap();
    Host host = new Host(trap, slot);
    long start = System.nanoTime();
    assertEquals(-GatedTrap.ENOSYS, host.trap().syscall0(110));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
    assertEquals(0, trap.calls.get(), "the host trap was not reached");
  }

  @Test
  void aWaitingSyscallProceedsWhenABackendArrives() throws Exception {
    BackendSlot slot = new BackendSlot("x86_64");
    slot.waitNanos(TimeUnit.SECONDS.toNanos(20));
    Host host = new Host(new EchoTrap(), slot);
    CompletableFuture<Long> call =
        CompletableFuture.supplyAsync(() -> host.trap().syscall0(host.nr().getppid));
    Thread.sleep(50);
    assertTrue(!call.isDone(), "the syscall waits while no backend is bound");
    slot.bind(backend("x86_64", 110));
    // The number was read before the backend came (-1: none yet); the call itself went through.
    assertEquals(SyscallTable.NO_SYSCALL, call.get(10, TimeUnit.SECONDS));
    assertEquals(110, host.nr().getppid);
  }

  @Test
  void onlyABackendThatServesTheHostComesIntoForce() {
    BackendSlot slot = new BackendSlot("x86_64");
    ArchBackend other = backend("riscv64", 173);
    ArchBackend mine = backend("x86_64", 110);
    slot.bind(other);
    assertNull(slot.current());
    slot.bind(mine);
    assertSame(mine, slot.current());
    assertEquals(2, slot.bound().size());
  }

  @Test
  void withdrawingTheBackendInForceHandsOverToAnotherThatServes() {
    BackendSlot slot = new BackendSlot("x86_64");
    ArchBackend first = backend("x86_64", 110);
    ArchBackend second = backend("x86_64", 111);
    slot.bind(first);
    slot.bind(second);
    slot.unbind(first);
    assertSame(second, slot.current());
    assertEquals(111, slot.numbers().getppid);
    slot.unbind(second);
    assertNull(slot.current());
  }

  @Test
  void replacingTheBackendTwentyTimesUnderLoadFailsNoSyscall() throws Exception {
    BackendSlot slot = new BackendSlot("x86_64");
    slot.bind(backend("x86_64", 110));
    Host host = new Host(new EchoTrap(), slot);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong failed = new AtomicLong();
    AtomicLong made = new AtomicLong();
    Thread caller =
        new Thread(
            () -> {
              while (!stop.get()) {
                if (host.trap().syscall0(host.nr().getppid) != 110) {
                  failed.incrementAndGet();
                }
                made.incrementAndGet();
              }
            });
    caller.start();
    for (int i = 0; i < 20; i++) {
      ArchBackend old = slot.current();
      slot.unbind(old);
      Thread.sleep(2);
      slot.bind(backend("x86_64", 110));
      Thread.sleep(2);
    }
    stop.set(true);
    caller.join(10_000);
    assertEquals(0, failed.get(), "failed syscalls out of " + made.get());
    assertTrue(made.get() > 20, "syscalls made: " + made.get());
  }
}
