package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.api.ExitStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clone in the fork shape: a fork whose child's pid is stored in the parent's memory and in the
 * child's, the flags Linux rejects (EINVAL, in its order), the new namespaces an unprivileged
 * process may not make (EPERM), and what cannot be emulated (ENOSYS, on which a libc falls back).
 */
class CloneTest {

  @TempDir Path dir;

  private static final int SIGCHLD = 17;

  private static final String MORE_IMPORTS =
      """
      (import "wali" "SYS_clone" (func $clone (param i64 i32 i32 i32 i64) (result i64)))
      (import "wali" "SYS_wait4" (func $wait4 (param i32 i32 i32 i32) (result i64)))
      """;

  private static byte[] module(String start) {
    return WaliModules.module(MORE_IMPORTS, "", start);
  }

  /**
   * The parent and the child each check what they see at parent_tid (64) and child_tid (68), both
   * -1 before the clone; the parent exits with the child's exit status.
   */
  private static byte[] settidModule(long flags, int ptid, int ctid) {
    return module(
        """
        (local $pid i64)
        (i32.store (i32.const 64) (i32.const -1))
        (i32.store (i32.const 68) (i32.const -1))
        (local.set $pid (call $must (call $clone (i64.const FLAGS) (i32.const 0) (i32.const PTID)
                                      (i32.const CTID) (i64.const 0))))
        (if (i64.eqz (local.get $pid))
          (then
            ;; the child: its pid at child_tid (when 68), parent_tid untouched in its copy
            (if (i32.ne (i32.load (i32.const 64)) (i32.const -1)) (then (call $exit (i32.const 40))))
            (if (i32.eq (i32.const CTID) (i32.const 68))
              (then
                (if (i64.ne (i64.extend_i32_s (i32.load (i32.const 68))) (call $getpid))
                  (then (call $exit (i32.const 41))))))
            (call $exit (i32.const 30))))
        ;; the parent: the child's pid at parent_tid (when 64), child_tid untouched in its memory
        (if (i32.eq (i32.const PTID) (i32.const 64))
          (then
            (if (i64.ne (i64.extend_i32_s (i32.load (i32.const 64))) (local.get $pid))
              (then (call $exit (i32.const 1))))))
        (if (i32.ne (i32.load (i32.const 68)) (i32.const -1)) (then (call $exit (i32.const 2))))
        (if (i64.ne (call $wait4 (i32.wrap_i64 (local.get $pid)) (i32.const 128) (i32.const 0)
                      (i32.const 0))
                    (local.get $pid))
          (then (call $exit (i32.const 3))))
        (call $exit (i32.shr_u (i32.load (i32.const 128)) (i32.const 8)))
        """
            .replace("FLAGS", Long.toString(flags))
            .replace("PTID", Integer.toString(ptid))
            .replace("CTID", Integer.toString(ctid)));
  }

  @Test
  void theForkShapeStoresTheChildsPidInTheParentAndInTheChild() {
    long flags =
        ProcessCalls.CLONE_PARENT_SETTID
            | ProcessCalls.CLONE_CHILD_SETTID
            | ProcessCalls.CLONE_CHILD_CLEARTID
            | SIGCHLD;
    assertEquals(ExitStatus.exited(30), run(settidModule(flags, 64, 68), dir));
  }

  @Test
  void onlyTheLow32BitsOfTheFlagsCount() {
    long flags = (1L << 40) | ProcessCalls.CLONE_PARENT_SETTID | SIGCHLD;
    assertEquals(ExitStatus.exited(30), run(settidModule(flags, 64, 0), dir));
  }

  @Test
  void tidPointersOutsideMemoryAreSkippedAndTheChildIsStillMade() {
    long flags = ProcessCalls.CLONE_PARENT_SETTID | ProcessCalls.CLONE_CHILD_SETTID | SIGCHLD;
    assertEquals(ExitStatus.exited(30), run(settidModule(flags, -16, -16), dir));
  }

  @Test
  void aNewStackWithoutCloneVmIsIgnored() {
    byte[] m =
        module(
            """
            (local $pid i64)
            (local.set $pid (call $must (call $clone (i64.const 17) (i32.const 4096) (i32.const 0)
                                          (i32.const 0) (i64.const 0))))
            (if (i64.eqz (local.get $pid)) (then (call $exit (i32.const 12))))
            (drop (call $must (call $wait4 (i32.wrap_i64 (local.get $pid)) (i32.const 128)
                                (i32.const 0) (i32.const 0))))
            (call $exit (i32.shr_u (i32.load (i32.const 128)) (i32.const 8)))
            """);
    assertEquals(ExitStatus.exited(12), run(m, dir));
  }

  @Test
  void flagsAreAnsweredAsLinuxThenAsAnUnprivilegedProcessThenEnosys() {
    int vm = ProcessCalls.CLONE_VM;
    int sighand = ProcessCalls.CLONE_SIGHAND;
    int thread = ProcessCalls.CLONE_THREAD;
    int pidfd = ProcessCalls.CLONE_PIDFD;
    int fs = ProcessCalls.CLONE_FS;
    Map<Long, Integer> want = new LinkedHashMap<>();
    // EINVAL, whatever else is asked
    want.put((long) (sighand | SIGCHLD), Errno.EINVAL);
    want.put((long) (thread | SIGCHLD), Errno.EINVAL);
    want.put((long) (pidfd | ProcessCalls.CLONE_PARENT_SETTID | SIGCHLD), Errno.EINVAL);
    want.put((long) (pidfd | ProcessCalls.CLONE_DETACHED | SIGCHLD), Errno.EINVAL);
    want.put((long) (pidfd | thread | sighand | vm), Errno.EINVAL);
    want.put((long) (ProcessCalls.CLONE_NEWNS | fs | SIGCHLD), Errno.EINVAL);
    want.put((long) (ProcessCalls.CLONE_NEWUSER | fs | SIGCHLD), Errno.EINVAL);
    want.put((long) (thread | sighand | vm | ProcessCalls.CLONE_NEWPID), Errno.EINVAL);
    want.put(0xFFFFFFFFL, Errno.EINVAL);
    want.put(-1L, Errno.EINVAL);
    // EPERM: a new namespace, even with what would otherwise be ENOSYS
    want.put((long) (ProcessCalls.CLONE_NEWNS | SIGCHLD), Errno.EPERM);
    want.put((long) (ProcessCalls.CLONE_NEWUSER | SIGCHLD), Errno.EPERM);
    want.put((long) (ProcessCalls.CLONE_NEWPID | SIGCHLD), Errno.EPERM);
    want.put((long) (ProcessCalls.CLONE_NEWNET | SIGCHLD), Errno.EPERM);
    want.put((long) (ProcessCalls.CLONE_NEWUTS | SIGCHLD), Errno.EPERM);
    want.put((long) (ProcessCalls.CLONE_NEWIPC | SIGCHLD), Errno.EPERM);
    want.put((long) (ProcessCalls.CLONE_NEWCGROUP | SIGCHLD), Errno.EPERM);
    want.put((long) (ProcessCalls.CLONE_NEWNET | vm), Errno.EPERM);
    // ENOSYS: sharing, threads, TLS, pidfds, another parent, another exit signal
    want.put((long) (vm | SIGCHLD), Errno.ENOSYS);
    want.put((long) (vm | ProcessCalls.CLONE_VFORK | SIGCHLD), Errno.ENOSYS);
    want.put((long) (vm | fs | ProcessCalls.CLONE_FILES | sighand | thread), Errno.ENOSYS);
    want.put((long) (fs | SIGCHLD), Errno.ENOSYS);
    want.put((long) (ProcessCalls.CLONE_FILES | SIGCHLD), Errno.ENOSYS);
    want.put((long) (ProcessCalls.CLONE_SETTLS | SIGCHLD), Errno.ENOSYS);
    want.put((long) (pidfd | SIGCHLD), Errno.ENOSYS);
    want.put((long) (ProcessCalls.CLONE_PARENT | SIGCHLD), Errno.ENOSYS);
    want.put(0L, Errno.ENOSYS);
    want.put(10L, Errno.ENOSYS); // SIGUSR1 as the exit signal
    want.put(1L << 40, Errno.ENOSYS);
    for (Map.Entry<Long, Integer> e : want.entrySet()) {
      byte[] m =
          module(
              "(call $errno (call $clone (i64.const "
                  + e.getKey()
                  + ") (i32.const 0) (i32.const 64) (i32.const 68) (i64.const 0)))");
      assertEquals(
          ExitStatus.exited(e.getValue()), run(m, dir), "flags 0x" + Long.toHexString(e.getKey()));
    }
  }
}
