package io.wali4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.testing.Wat;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals reach Wasm that makes no syscall: the interpreter stops at its safe points (branches and
 * function entries) when a signal becomes pending. Without them these loops never end (the run
 * times out).
 */
class SafePointTest {

  private static final Duration LIMIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  /**
   * A module with a SIGALRM action whose handler (table 0 index 2) stores the signal number at 500
   * and counts its calls at 504; {@code _start} runs {@code start}.
   */
  private static byte[] module(String start) {
    return Wat.compile(
        "(module\n"
            + WaliModules.IMPORTS
            + """
        (import "wali" "SYS_rt_sigaction" (func $sigaction (param i32 i32 i32 i32) (result i64)))
        (import "wali" "SYS_alarm" (func $alarm (param i32) (result i64)))
        (import "wali" "SYS_rt_sigprocmask"
          (func $sigprocmask (param i32 i32 i32 i32) (result i64)))
        (import "wali" "SYS_rt_sigpending" (func $sigpending (param i32 i32) (result i64)))
        (memory (export "memory") 2 64 shared)
        """
            + WaliModules.HELPERS
            + """
        (table 4 funcref)
        (elem (i32.const 2) $on_signal)
        (func $on_signal (param $sig i32)
          (i32.store (i32.const 500) (local.get $sig))
          (i32.store (i32.const 504) (i32.add (i32.load (i32.const 504)) (i32.const 1))))
        (func $act (param $sig i32) (param $handler i32)
          (i32.store (i32.const 1000) (local.get $handler))
          (drop (call $must (call $sigaction (local.get $sig) (i32.const 1000) (i32.const 0)
            (i32.const 8)))))
        (func $fib (param $n i32) (result i32)
          (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
            (then (local.get $n))
            (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                           (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
        (func (export "_start")
        """
            + start
            + "))");
  }

  private ExitStatus run(byte[] module) {
    return assertTimeoutPreemptively(LIMIT, () -> WaliModules.run(module, dir));
  }

  @Test
  void anAlarmRunsItsHandlerInALoopWithoutSyscalls() {
    // alarm(1), then spin until the handler has stored SIGALRM; the handler ran exactly once.
    byte[] m =
        module(
            """
            (call $act (i32.const 14) (i32.const 2))
            (drop (call $alarm (i32.const 1)))
            (loop $spin (br_if $spin (i32.eqz (i32.load (i32.const 500)))))
            (if (i32.ne (i32.load (i32.const 504)) (i32.const 1)) (then (call $exit (i32.const 1))))
            (call $exit (i32.load (i32.const 500)))
            """);
    assertEquals(ExitStatus.exited(14), run(m));
  }

  @Test
  void anAlarmWithTheDefaultActionKillsALoopWithoutSyscalls() {
    byte[] m =
        module(
            """
            (call $act (i32.const 14) (i32.const 0))
            (drop (call $alarm (i32.const 1)))
            (loop $spin (br $spin))
            """);
    assertEquals(ExitStatus.signaled(14), run(m));
  }

  @Test
  void anAlarmInterruptsRecursionWithoutLoops() {
    // fib(47) takes minutes in the interpreter and several seconds compiled (fib(40), under a
    // second with the compiler tier, could end before the alarm): the signal's default action
    // ends it after a second, at a function entry or a branch of the recursion (fib has no loop).
    byte[] m =
        module(
            """
            (call $act (i32.const 14) (i32.const 0))
            (drop (call $alarm (i32.const 1)))
            (drop (call $fib (i32.const 47)))
            (call $exit (i32.const 2))
            """);
    assertEquals(ExitStatus.signaled(14), run(m));
  }

  @Test
  void aBlockedSignalWaitsForTheSyscallThatUnblocksIt() {
    // SIGALRM blocked: once it is pending (rt_sigpending), a pure loop passes its safe points
    // without running the handler; unblocking it (a syscall) delivers it at the syscall's return.
    byte[] m =
        module(
            """
            (local $i i32)
            (call $act (i32.const 14) (i32.const 2))
            (i64.store (i32.const 1200) (i64.const 8192))
            (drop (call $must (call $sigprocmask (i32.const 0) (i32.const 1200) (i32.const 0)
              (i32.const 8))))
            (drop (call $alarm (i32.const 1)))
            (loop $pending
              (drop (call $must (call $sigpending (i32.const 1300) (i32.const 8))))
              (br_if $pending (i64.eqz (i64.and (i64.load (i32.const 1300)) (i64.const 8192)))))
            (local.set $i (i32.const 1000000))
            (loop $spin
              (local.set $i (i32.sub (local.get $i) (i32.const 1)))
              (br_if $spin (local.get $i)))
            (if (i32.load (i32.const 504)) (then (call $exit (i32.const 3))))
            (drop (call $must (call $sigprocmask (i32.const 1) (i32.const 1200) (i32.const 0)
              (i32.const 8))))
            (call $exit (i32.add (i32.load (i32.const 500)) (i32.load (i32.const 504))))
            """);
    assertEquals(ExitStatus.exited(15), run(m));
  }
}
