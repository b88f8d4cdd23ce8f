package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.api.ExitStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fork at the level of the Wasm engine: the child resumes inside the caller's frames with result 0,
 * with copies of memory, globals and tables that the parent's later writes do not reach; wait4
 * returns the child's status; a child's trap is its signal death.
 */
class ForkTest {

  @TempDir Path dir;

  private static final String MORE_IMPORTS =
      """
      (import "wali" "SYS_fork" (func $fork (result i64)))
      (import "wali" "SYS_wait4" (func $wait4 (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_kill" (func $kill (param i32 i32) (result i64)))
      """;

  private static final String EXTRA =
      """
      (global $g (mut i32) (i32.const 5))
      (table 2 funcref)
      (elem (i32.const 1) $seven)
      (type $ret (func (result i32)))
      (func $seven (result i32) (i32.const 7))
      ;; forks one frame down, so the child resumes in a caller's frame too
      (func $forked (param $base i32) (result i64)
        (i64.add (call $fork) (i64.extend_i32_u (local.get $base))))
      """;

  /** A WALI module with the shared imports plus fork, wait4 and kill, and {@code start}. */
  private static byte[] module(String extra, String start) {
    return WaliModules.module(MORE_IMPORTS, extra, start);
  }

  @Test
  void theChildResumesWithZeroAndCopiesOfMemoryGlobalsAndTables() {
    // child: exit with memory[64] + $g + table[1]() = 10 + 5 + 7 (the parent's later writes unseen)
    // parent: exit with the child's wait status byte (22) if wait4 returned the child's pid
    byte[] m =
        module(
            EXTRA,
            """
            (local $pid i64)
            (i32.store (i32.const 64) (i32.const 10))
            (local.set $pid (call $must (call $forked (i32.const 0))))
            (if (i64.eqz (local.get $pid))
              (then
                (call $exit
                  (i32.add
                    (i32.add (i32.load (i32.const 64)) (global.get $g))
                    (call_indirect (type $ret) (i32.const 1))))))
            (i32.store (i32.const 64) (i32.const 99))
            (global.set $g (i32.const 99))
            (if (i64.ne (call $wait4 (i32.wrap_i64 (local.get $pid)) (i32.const 128) (i32.const 0)
                          (i32.const 0))
                        (local.get $pid))
              (then (call $exit (i32.const 1))))
            (call $exit (i32.shr_u (i32.load (i32.const 128)) (i32.const 8)))
            """);
    assertEquals(ExitStatus.exited(22), run(m, dir));
  }

  @Test
  void aChildsTrapIsSeenAsItsSignalDeath() {
    byte[] m =
        module(
            EXTRA,
            """
            (local $pid i64)
            (local.set $pid (call $must (call $fork)))
            (if (i64.eqz (local.get $pid)) (then unreachable))
            (drop (call $must (call $wait4 (i32.const -1) (i32.const 128) (i32.const 0)
                                (i32.const 0))))
            (call $exit (i32.load (i32.const 128)))
            """);
    assertEquals(ExitStatus.exited(4), run(m, dir), "SIGILL, no exit code");
  }

  @Test
  void waitWithoutChildrenIsEchild() {
    byte[] m =
        module(
            EXTRA,
            """
            (call $errno (call $wait4 (i32.const -1) (i32.const 0) (i32.const 0) (i32.const 0)))
            """);
    assertEquals(ExitStatus.exited(10), run(m, dir));
  }

  @Test
  void killOfAnUnknownPidIsEsrchAndNeverReachesTheHost() {
    // pid 1 is the host's init: a WALI process cannot name it
    byte[] m =
        module(
            EXTRA,
            """
            (call $errno (call $kill (i32.const 1) (i32.const 0)))
            """);
    assertEquals(ExitStatus.exited(3), run(m, dir));
  }
}
