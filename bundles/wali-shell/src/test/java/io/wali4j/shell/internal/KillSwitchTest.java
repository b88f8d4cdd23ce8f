package io.wali4j.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wali4j.api.SyscallTrap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KillSwitchTest {

  /** Counts the calls that reach the host. */
  private static final class CountingTrap implements SyscallTrap {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public long syscall0(int nr) {
      calls.incrementAndGet();
      return 0;
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

  @Test
  void syscallsPassUntilAKillThenTheNextOneEndsTheProcess() {
    CountingTrap host = new CountingTrap();
    KillSwitch sw = new KillSwitch().around(host);
    sw.syscall3(1, 1, 2, 3);
    sw.syscall6(9, 1, 2, 3, 4, 5, 6);
    assertEquals(2, host.calls.get());
    sw.kill(15);
    Killed k = assertThrows(Killed.class, () -> sw.syscall1(39, 0));
    assertEquals(15, k.signal());
    assertEquals(2, host.calls.get(), "the killed call never reached the host");
  }
}
