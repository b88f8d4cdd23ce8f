package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wali4j.api.ExitStatus;
import io.wali4j.api.SyscallTrap;
import io.wali4j.core.Limits;
import io.wali4j.core.WaliRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedder's syscall hook ({@link WaliRuntime#process(byte[],
 * java.util.function.UnaryOperator)}) that throws ends the process with its exception, and the
 * runtime still frees what the process held, although the hook also refuses the syscalls the
 * runtime makes to close it.
 */
class SyscallHookTest {

  @TempDir Path dir;

  /** Thrown by the hook. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused() {
      super("refused by the hook", null, false, false);
    }
  }

  /** Passes syscalls to the host until the first write (of any kind), then refuses every one. */
  private static final class RefuseFromFirstWrite implements SyscallTrap {
    private final SyscallTrap host;
    private volatile boolean refusing;

    RefuseFromFirstWrite(SyscallTrap host) {
      this.host = host;
    }

    private void check(int nr) {
      if (nr == HOST.nr().write || nr == HOST.nr().writev || nr == HOST.nr().pwritev2) {
        refusing = true;
      }
      if (refusing) {
        throw new Refused();
      }
    }

    @Override
    public long syscall0(int nr) {
      check(nr);
      return host.syscall0(nr);
    }

    @Override
    public long syscall1(int nr, long a1) {
      check(nr);
      return host.syscall1(nr, a1);
    }

    @Override
    public long syscall2(int nr, long a1, long a2) {
      check(nr);
      return host.syscall2(nr, a1, a2);
    }

    @Override
    public long syscall3(int nr, long a1, long a2, long a3) {
      check(nr);
      return host.syscall3(nr, a1, a2, a3);
    }

    @Override
    public long syscall4(int nr, long a1, long a2, long a3, long a4) {
      check(nr);
      return host.syscall4(nr, a1, a2, a3, a4);
    }

    @Override
    public long syscall5(int nr, long a1, long a2, long a3, long a4, long a5) {
      check(nr);
      return host.syscall5(nr, a1, a2, a3, a4, a5);
    }

    @Override
    public long syscall6(int nr, long a1, long a2, long a3, long a4, long a5, long a6) {
      check(nr);
      return host.syscall6(nr, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public long pwritev2(int nr, int fd, long iov, int iovcnt, int flags) {
      check(nr);
      return host.pwritev2(nr, fd, iov, iovcnt, flags);
    }
  }

  @Test
  void aHookThatThrowsEndsTheRunAndTheProcessStillFreesItsSlot() {
    WaliRuntime runtime = new WaliRuntime(HOST.trap());
    runtime.bindBackend(HOST.backend());
    runtime.limits(Limits.DEFAULT.withProcesses(1));
    byte[] writes =
        WaliModules.module(
            WaliModules.cstrings(600, "x"),
            """
            (drop (call $write (i32.const 2) (i32.const 600) (i32.const 1)))
            (call $exit (i32.const 3))
            """);
    assertThrows(
        Refused.class,
        () ->
            runtime
                .process(writes, RefuseFromFirstWrite::new)
                .argv(List.of("a"))
                .env(Map.of())
                .cwd(dir)
                .run());
    assertEquals(0, runtime.liveProcesses(), "the slot came back");
    byte[] quick = WaliModules.module("", "(call $exit (i32.const 7))");
    ExitStatus next = runtime.process(quick).argv(List.of("b")).env(Map.of()).cwd(dir).run();
    assertEquals(ExitStatus.exited(7), next);
  }
}
