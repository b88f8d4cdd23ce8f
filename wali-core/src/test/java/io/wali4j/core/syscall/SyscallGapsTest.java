package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.cstrings;
import static io.wali4j.core.syscall.WaliModules.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.kernel.HostUmask;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls that closed the WALI layer's single-process gaps: the fd table under RLIMIT_NOFILE,
 * preadv/pwritev, getgroups/setgroups, renameat2 flags, the argument checks of mmap, mprotect and
 * madvise, the process umask on creation, statx, ioctl FIOASYNC, chroot, fadvise, utimes,
 * futimesat, the robust list calls, the virtual scheduling policies and the memory locks a process
 * may not take. Each module exits with 0, or with a number saying which check failed.
 */
class SyscallGapsTest {

  private static final String IMPORTS =
      """
      (import "wali" "SYS_preadv" (func $preadv (param i32 i32 i32 i64 i64) (result i64)))
      (import "wali" "SYS_pwritev" (func $pwritev (param i32 i32 i32 i64 i64) (result i64)))
      (import "wali" "SYS_getgroups" (func $getgroups (param i32 i32) (result i64)))
      (import "wali" "SYS_setgroups" (func $setgroups (param i32 i32) (result i64)))
      (import "wali" "SYS_renameat2" (func $renameat2 (param i32 i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_mprotect" (func $mprotect (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_madvise" (func $madvise (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_mknod" (func $mknod (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_statx" (func $statx (param i32 i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_socketpair" (func $socketpair (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_dup3" (func $dup3 (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_socket" (func $socket (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_bind" (func $bind (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_chroot" (func $chroot (param i32) (result i64)))
      (import "wali" "SYS_fadvise" (func $fadvise (param i32 i64 i64 i32) (result i64)))
      (import "wali" "SYS_utimes" (func $utimes (param i32 i32) (result i64)))
      (import "wali" "SYS_set_robust_list" (func $set_robust_list (param i32 i32) (result i64)))
      (import "wali" "SYS_get_robust_list" (func $get_robust_list (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_futimesat" (func $futimesat (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_sched_setscheduler" (func $sched_setscheduler (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_sched_getscheduler" (func $sched_getscheduler (param i32) (result i64)))
      (import "wali" "SYS_sched_setparam" (func $sched_setparam (param i32 i32) (result i64)))
      (import "wali" "SYS_sched_getparam" (func $sched_getparam (param i32 i32) (result i64)))
      (import "wali" "SYS_sched_get_priority_max" (func $prio_max (param i32) (result i64)))
      (import "wali" "SYS_sched_get_priority_min" (func $prio_min (param i32) (result i64)))
      (import "wali" "SYS_sched_rr_get_interval" (func $rr_interval (param i32 i32) (result i64)))
      (import "wali" "SYS_mlock" (func $mlock (param i32 i32) (result i64)))
      (import "wali" "SYS_mlock2" (func $mlock2 (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_munlock" (func $munlock (param i32 i32) (result i64)))
      (import "wali" "SYS_mlockall" (func $mlockall (param i32) (result i64)))
      (import "wali" "SYS_munlockall" (func $munlockall (result i64)))
      (import "wali" "SYS_getpriority" (func $getpriority (param i32 i32) (result i64)))
      (import "wali" "SYS_setpriority" (func $setpriority (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_rt_sigprocmask" (func $sigprocmask (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_rt_sigtimedwait" (func $sigtimedwait (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_rt_tgsigqueueinfo" (func $tgsigqueueinfo (param i32 i32 i32 i32) (result i64)))
      """;

  /** Exits with {@code code} unless {@code got == want}. */
  private static final String EXPECT =
      """
      (func $expect (param $got i64) (param $want i64) (param $code i32)
        (if (i64.ne (local.get $got) (local.get $want)) (then (call $exit (local.get $code)))))
      """;

  @TempDir Path dir;

  private static byte[] module(String data, String start) {
    return Wat.compile(
        "(module\n"
            + WaliModules.IMPORTS
            + IMPORTS
            + "(memory (export \"memory\") 2 64 shared)\n"
            + WaliModules.HELPERS
            + EXPECT
            + data
            + "\n(func (export \"_start\")\n(local $fd i32) (local $a i32)\n"
            + start
            + "\n(call $exit (i32.const 0))))");
  }

  @Test
  void chrootChecksThePathThenRefusesAndFadviseReachesTheHost() throws IOException {
    // The root is the host process's, shared by every WALI process: never changed. A missing
    // path is ENOENT, a file ENOTDIR, a directory (relative to the cwd, or absolute) EPERM; the
    // relative and absolute opens after it still resolve as before. fadvise takes the host call
    // (POSIX_FADV_WILLNEED 0, an unknown advice EINVAL, an fd not open EBADF).
    Files.createDirectory(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/file"), "x");
    byte[] m =
        module(
            cstrings(1024, "missing", "sub/file", "sub", "/"),
            """
            (call $expect (call $chroot (i32.const 1024)) (i64.const -2) (i32.const 1))
            (call $expect (call $chroot (i32.const 1032)) (i64.const -20) (i32.const 2))
            (call $expect (call $chroot (i32.const 1041)) (i64.const -1) (i32.const 3))
            (call $expect (call $chroot (i32.const 1045)) (i64.const -1) (i32.const 4))
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1032) (i32.const 0) (i32.const 0)))))
            (call $expect (call $fadvise (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 4)) (i64.const 0) (i32.const 5))
            (call $expect (call $fadvise (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 77)) (i64.const -22) (i32.const 6))
            (call $expect (call $fadvise (i32.const 999) (i64.const 0) (i64.const 0) (i32.const 0)) (i64.const -9) (i32.const 7))
            (drop (call $must (call $open (i32.const 1045) (i32.const 0x10000) (i32.const 0))))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void utimesAndFutimesatSetTimesInMicroseconds() throws IOException {
    // Timevals at 2048 (access, modification): utimes on "sub/file" from the cwd, futimesat on
    // "file" from an fd of "sub"; a microsecond count of 1000000 is EINVAL, a missing file ENOENT,
    // NULL times set both to now.
    Files.createDirectory(dir.resolve("sub"));
    Path file = Files.writeString(dir.resolve("sub/file"), "x");
    Path other = Files.writeString(dir.resolve("sub/other"), "y");
    Files.setLastModifiedTime(other, FileTime.fromMillis(0));
    byte[] m =
        module(
            cstrings(1024, "sub/file", "sub", "file", "missing", "other"),
            """
            (i64.store (i32.const 2048) (i64.const 1000))
            (i64.store (i32.const 2056) (i64.const 500))
            (i64.store (i32.const 2064) (i64.const 2000))
            (i64.store (i32.const 2072) (i64.const 999999))
            (call $expect (call $utimes (i32.const 1024) (i32.const 2048)) (i64.const 0) (i32.const 1))
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1033) (i32.const 0x10000) (i32.const 0)))))
            (call $expect (call $futimesat (local.get $fd) (i32.const 1042) (i32.const 2048)) (i64.const -2) (i32.const 2))
            (i64.store (i32.const 2072) (i64.const 1000000))
            (call $expect (call $futimesat (local.get $fd) (i32.const 1037) (i32.const 2048)) (i64.const -22) (i32.const 3))
            (call $expect (call $futimesat (local.get $fd) (i32.const 1050) (i32.const 0)) (i64.const 0) (i32.const 4))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    assertEquals(
        TimeUnit.MICROSECONDS.toNanos(2000_999_999L),
        a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    assertEquals(
        TimeUnit.MICROSECONDS.toNanos(1000_000_500L), a.lastAccessTime().to(TimeUnit.NANOSECONDS));
    long now = System.currentTimeMillis();
    long set = Files.getLastModifiedTime(other).toMillis();
    assertTrue(Math.abs(now - set) < 60_000, "futimesat NULL: now, got " + set);
  }

  @Test
  void theRobustListHeadIsKeptPerThread() {
    // set_robust_list takes WALI's 24-byte head only; get_robust_list reads it back (pid 0: the
    // caller), with the size; a tid that is no thread of the process is ESRCH.
    byte[] m =
        module(
            "",
            """
            (call $expect (call $set_robust_list (i32.const 4096) (i32.const 12)) (i64.const -22) (i32.const 1))
            (call $expect (call $get_robust_list (i32.const 0) (i32.const 5000) (i32.const 5004)) (i64.const 0) (i32.const 2))
            (call $expect (i64.load32_u (i32.const 5000)) (i64.const 0) (i32.const 3))
            (call $expect (call $set_robust_list (i32.const 4096) (i32.const 24)) (i64.const 0) (i32.const 4))
            (call $expect (call $get_robust_list (i32.const 0) (i32.const 5000) (i32.const 5004)) (i64.const 0) (i32.const 5))
            (call $expect (i64.load32_u (i32.const 5000)) (i64.const 4096) (i32.const 6))
            (call $expect (i64.load32_u (i32.const 5004)) (i64.const 24) (i32.const 7))
            (call $expect (call $get_robust_list (i32.const 99999) (i32.const 5000) (i32.const 5004)) (i64.const -3) (i32.const 8))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void schedulingPoliciesAreVirtualAndRealTimeOnesRefused() {
    // 300: priority 0; 304: priority 10; 400: an rlimit {0, 0}. 0x40000000: SCHED_RESET_ON_FORK.
    byte[] m =
        module(
            "(data (i32.const 304) \"\\0a\")",
            """
            (call $expect (call $setrlimit (i32.const 13) (i32.const 400)) (i64.const 0) (i32.const 1))
            (call $expect (call $sched_getscheduler (i32.const 0)) (i64.const 0) (i32.const 2))
            (call $expect (call $prio_max (i32.const 1)) (i64.const 99) (i32.const 3))
            (call $expect (call $prio_min (i32.const 2)) (i64.const 1) (i32.const 4))
            (call $expect (call $prio_max (i32.const 3)) (i64.const 0) (i32.const 5))
            (call $expect (call $prio_min (i32.const 4)) (i64.const -22) (i32.const 6))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 3) (i32.const 300)) (i64.const 0) (i32.const 7))
            (call $expect (call $sched_getscheduler (i32.const 0)) (i64.const 3) (i32.const 8))
            (call $expect (call $sched_getscheduler (i32.wrap_i64 (call $getpid))) (i64.const 3) (i32.const 9))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 1) (i32.const 304)) (i64.const -1) (i32.const 10))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 2) (i32.const 304)) (i64.const -1) (i32.const 11))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 1) (i32.const 300)) (i64.const -22) (i32.const 12))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 0) (i32.const 304)) (i64.const -22) (i32.const 13))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 6) (i32.const 300)) (i64.const -22) (i32.const 14))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 4) (i32.const 300)) (i64.const -22) (i32.const 15))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const -1) (i32.const 300)) (i64.const -22) (i32.const 16))
            (call $expect (call $sched_setscheduler (i32.const -1) (i32.const 0) (i32.const 300)) (i64.const -22) (i32.const 17))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 0) (i32.const 0)) (i64.const -22) (i32.const 18))
            (call $expect (call $sched_setscheduler (i32.const 99999) (i32.const 0) (i32.const 300)) (i64.const -3) (i32.const 19))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 0) (i32.const -16)) (i64.const -14) (i32.const 20))
            (call $expect (call $sched_getscheduler (i32.const 0)) (i64.const 3) (i32.const 21))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 0x40000005) (i32.const 300)) (i64.const 0) (i32.const 22))
            (call $expect (call $sched_getscheduler (i32.const 0)) (i64.const 0x40000005) (i32.const 23))
            (call $expect (call $sched_setparam (i32.const 0) (i32.const 300)) (i64.const 0) (i32.const 24))
            (call $expect (call $sched_setparam (i32.const 0) (i32.const 304)) (i64.const -22) (i32.const 25))
            (call $expect (call $sched_getscheduler (i32.const 0)) (i64.const 0x40000005) (i32.const 26))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 5) (i32.const 300)) (i64.const -1) (i32.const 27))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 0x40000000) (i32.const 300)) (i64.const -1) (i32.const 28))
            (call $expect (call $sched_getscheduler (i32.const 0)) (i64.const 0x40000005) (i32.const 29))
            (i32.store (i32.const 308) (i32.const 7))
            (call $expect (call $sched_getparam (i32.const 0) (i32.const 308)) (i64.const 0) (i32.const 30))
            (call $expect (i64.load32_u (i32.const 308)) (i64.const 0) (i32.const 31))
            (call $expect (call $sched_getparam (i32.const 0) (i32.const 0)) (i64.const -22) (i32.const 32))
            (call $expect (call $sched_getparam (i32.const 99999) (i32.const 308)) (i64.const -3) (i32.const 33))
            (call $expect (call $sched_getscheduler (i32.const -1)) (i64.const -22) (i32.const 34))
            (call $expect (call $rr_interval (i32.const 0) (i32.const 320)) (i64.const 0) (i32.const 35))
            (call $expect (call $rr_interval (i32.const -1) (i32.const 320)) (i64.const -22) (i32.const 36))
            (call $expect (call $rr_interval (i32.const 99999) (i32.const 320)) (i64.const -3) (i32.const 37))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void aNiceValueIsRaisedFreelyAndLoweredOnlyAsRlimitNiceAllows() {
    // The kernel's getpriority answers 20 - nice. 400: an rlimit {0, 0}; 300: priority 0.
    byte[] m =
        module(
            "",
            """
            (call $expect (call $setrlimit (i32.const 13) (i32.const 400)) (i64.const 0) (i32.const 1))
            (call $expect (call $getpriority (i32.const 0) (i32.const 0)) (i64.const 20) (i32.const 2))
            (call $expect (call $setpriority (i32.const 0) (i32.const 0) (i32.const 5)) (i64.const 0) (i32.const 3))
            (call $expect (call $getpriority (i32.const 0) (i32.const 0)) (i64.const 15) (i32.const 4))
            (call $expect (call $setpriority (i32.const 0) (i32.const 0) (i32.const 4)) (i64.const -13) (i32.const 5))
            (call $expect (call $setpriority (i32.const 0) (i32.const 0) (i32.const -30)) (i64.const -13) (i32.const 6))
            (call $expect (call $getpriority (i32.const 0) (i32.const 0)) (i64.const 15) (i32.const 7))
            (call $expect (call $setpriority (i32.const 1) (i32.const 0) (i32.const 50)) (i64.const 0) (i32.const 8))
            (call $expect (call $getpriority (i32.const 1) (i32.const 0)) (i64.const 1) (i32.const 9))
            (call $expect (call $getpriority (i32.const 2) (i32.const 0)) (i64.const 1) (i32.const 10))
            (call $expect (call $getpriority (i32.const 0) (i32.wrap_i64 (call $getpid))) (i64.const 1) (i32.const 11))
            (call $expect (call $getpriority (i32.const 3) (i32.const 0)) (i64.const -22) (i32.const 12))
            (call $expect (call $getpriority (i32.const 0) (i32.const 99999)) (i64.const -3) (i32.const 13))
            (call $expect (call $setpriority (i32.const 1) (i32.const 99999) (i32.const 1)) (i64.const -3) (i32.const 14))
            ;; SCHED_IDLE can be left only when nice 0 is allowed: RLIMIT_NICE 20 or more.
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 5) (i32.const 300)) (i64.const 0) (i32.const 15))
            (call $expect (call $sched_setscheduler (i32.const 0) (i32.const 0) (i32.const 300)) (i64.const -1) (i32.const 16))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void noMemoryMayBeLockedAsRlimitMemlockSays() {
    // 400: getrlimit's output.
    byte[] m =
        module(
            "",
            """
            (i64.store (i32.const 400) (i64.const -1))
            (i64.store (i32.const 408) (i64.const -1))
            (call $expect (call $getrlimit (i32.const 8) (i32.const 400)) (i64.const 0) (i32.const 1))
            (call $expect (i64.load (i32.const 400)) (i64.const 0) (i32.const 2))
            (call $expect (i64.load (i32.const 408)) (i64.const 0) (i32.const 3))
            (call $expect (call $getrlimit (i32.const 14) (i32.const 400)) (i64.const 0) (i32.const 4))
            (call $expect (i64.load (i32.const 408)) (i64.const 0) (i32.const 5))
            (i64.store (i32.const 400) (i64.const 4096))
            (i64.store (i32.const 408) (i64.const 4096))
            (call $expect (call $setrlimit (i32.const 8) (i32.const 400)) (i64.const -1) (i32.const 6))
            (call $expect (call $mlock (i32.const 0) (i32.const 4096)) (i64.const -1) (i32.const 7))
            (call $expect (call $mlock2 (i32.const 0) (i32.const 4096) (i32.const 1)) (i64.const -1) (i32.const 8))
            (call $expect (call $mlock2 (i32.const 0) (i32.const 4096) (i32.const 2)) (i64.const -22) (i32.const 9))
            (call $expect (call $mlockall (i32.const 3)) (i64.const -1) (i32.const 10))
            (call $expect (call $mlockall (i32.const 0)) (i64.const -22) (i32.const 11))
            (call $expect (call $mlockall (i32.const 4)) (i64.const -22) (i32.const 12))
            (call $expect (call $mlockall (i32.const 9)) (i64.const -22) (i32.const 13))
            (call $expect (call $munlockall) (i64.const 0) (i32.const 14))
            (call $expect (call $munlock (i32.const 100) (i32.const 4096)) (i64.const 0) (i32.const 15))
            (call $expect (call $munlock (i32.const 0) (i32.const 0x7fff0000)) (i64.const -12) (i32.const 16))
            (call $expect (call $munlock (i32.const 0x7fff0000) (i32.const 0)) (i64.const 0) (i32.const 17))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void rtTgsigqueueinfoQueuesTheSendersCodePidAndValueForOneThread() {
    // 100: {SIGUSR1}; 200: a siginfo_t SIGUSR1, SI_QUEUE, si_pid 77, si_value 5; 400: the one
    // sigtimedwait fills.
    byte[] m =
        module(
            "(data (i32.const 100) \"\\00\\02\")"
                + "(data (i32.const 200) \"\\0a\\00\\00\\00\\00\\00\\00\\00\\ff\\ff\\ff\\ff\")"
                + "(data (i32.const 216) \"\\4d\")(data (i32.const 224) \"\\05\")",
            """
            (local.set $a (i32.wrap_i64 (call $getpid)))
            (call $expect (call $sigprocmask (i32.const 0) (i32.const 100) (i32.const 0) (i32.const 8)) (i64.const 0) (i32.const 1))
            (call $expect (call $tgsigqueueinfo (i32.const 0) (i32.const 1) (i32.const 10) (i32.const 200)) (i64.const -22) (i32.const 2))
            (call $expect (call $tgsigqueueinfo (local.get $a) (i32.const 99999) (i32.const 10) (i32.const 200)) (i64.const -3) (i32.const 3))
            (call $expect (call $tgsigqueueinfo (local.get $a) (local.get $a) (i32.const 65) (i32.const 200)) (i64.const -22) (i32.const 4))
            (call $expect (call $tgsigqueueinfo (local.get $a) (local.get $a) (i32.const 10) (i32.const -16)) (i64.const -14) (i32.const 5))
            (call $expect (call $tgsigqueueinfo (local.get $a) (local.get $a) (i32.const 10) (i32.const 200)) (i64.const 0) (i32.const 6))
            (call $expect (call $sigtimedwait (i32.const 100) (i32.const 400) (i32.const 0) (i32.const 8)) (i64.const 10) (i32.const 7))
            (call $expect (i64.load32_s (i32.const 408)) (i64.const -1) (i32.const 8))
            (call $expect (i64.load32_u (i32.const 416)) (i64.const 77) (i32.const 9))
            (call $expect (i64.load32_u (i32.const 424)) (i64.const 5) (i32.const 10))
            (i32.store (i32.const 208) (i32.const 0))
            (call $expect (call $tgsigqueueinfo (local.get $a) (i32.const 99999) (i32.const 10) (i32.const 200)) (i64.const -1) (i32.const 11))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void theSoftNofileLimitBoundsTheFdTable() {
    // rlimit at 4096: soft limit 8. Descriptors 0..7 are all that can exist; fds past it are
    // EMFILE (dup), EBADF (dup2/dup3 to 8) and EINVAL (F_DUPFD from 8); raising it again works.
    byte[] m =
        module(
            cstrings(1024, "."),
            """
            (drop (call $must (call $getrlimit (i32.const 7) (i32.const 4096))))
            (i64.store (i32.const 4096) (i64.const 8))
            (drop (call $must (call $setrlimit (i32.const 7) (i32.const 4096))))
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1024) (i32.const 0x10000) (i32.const 0)))))
            (block $full (loop $more
              (local.set $a (i32.wrap_i64 (call $dup (local.get $fd))))
              (br_if $full (i32.lt_s (local.get $a) (i32.const 0)))
              (if (i32.ge_s (local.get $a) (i32.const 8)) (then (call $exit (i32.const 1))))
              (br $more)))
            (call $expect (i64.extend_i32_s (local.get $a)) (i64.const -24) (i32.const 2))
            (call $expect (call $open (i32.const 1024) (i32.const 0x10000) (i32.const 0)) (i64.const -24) (i32.const 3))
            (call $expect (call $dup2 (local.get $fd) (i32.const 8)) (i64.const -9) (i32.const 4))
            (call $expect (call $dup3 (local.get $fd) (i32.const 8) (i32.const 0)) (i64.const -9) (i32.const 5))
            (call $expect (call $fcntl (local.get $fd) (i32.const 0) (i64.const 8)) (i64.const -22) (i32.const 6))
            (call $expect (call $fcntl (local.get $fd) (i32.const 0) (i64.const 7)) (i64.const -24) (i32.const 7))
            (i64.store (i32.const 4096) (i64.const 64))
            (drop (call $must (call $setrlimit (i32.const 7) (i32.const 4096))))
            (call $expect (call $dup2 (local.get $fd) (i32.const 40)) (i64.const 40) (i32.const 8))
            (call $expect (call $fcntl (local.get $fd) (i32.const 0) (i64.const 50)) (i64.const 50) (i32.const 9))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void theDefaultSoftNofileLimitIsTheOneNativeChildrenGet() {
    // The JVM raised its soft limit to the hard one; a native child of it gets that, so does a
    // WALI process. Exit with whether getrlimit's soft limit equals the host's (read via /proc).
    long soft = hostSoftNofile();
    byte[] m =
        module(
            "",
            """
            (drop (call $must (call $getrlimit (i32.const 7) (i32.const 4096))))
            (call $expect (i64.load (i32.const 4096)) (i64.const %d) (i32.const 1))
            """
                .formatted(soft));
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void preadvAndPwritevUseTheirOffsetNotTheFilePosition() throws IOException {
    Files.writeString(dir.resolve("v.txt"), "0123456789");
    // iovecs at 2048: {3000, 2} {3002, 3}; "ABCDE" at 3000. pwritev at 4, preadv at 3 into 3100.
    byte[] m =
        module(
            cstrings(1024, "v.txt")
                + "(data (i32.const 2048) \"\\b8\\0b\\00\\00\\02\\00\\00\\00\\ba\\0b\\00\\00\\03\\00\\00\\00\")"
                + "(data (i32.const 2064) \"\\1c\\0c\\00\\00\\04\\00\\00\\00\")"
                + "(data (i32.const 3000) \"ABCDE\")",
            """
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1024) (i32.const 2) (i32.const 0)))))
            (call $expect (call $pwritev (local.get $fd) (i32.const 2048) (i32.const 2) (i64.const 4) (i64.const 0)) (i64.const 5) (i32.const 1))
            (call $expect (call $lseek (local.get $fd) (i64.const 0) (i32.const 1)) (i64.const 0) (i32.const 2))
            (call $expect (call $preadv (local.get $fd) (i32.const 2064) (i32.const 1) (i64.const 3) (i64.const 0)) (i64.const 4) (i32.const 3))
            (call $expect (i64.extend_i32_u (i32.load (i32.const 3100))) (i64.const 0x43424133) (i32.const 4))
            (call $expect (call $preadv (local.get $fd) (i32.const 2064) (i32.const -1) (i64.const 0) (i64.const 0)) (i64.const -22) (i32.const 5))
            (call $expect (call $pwritev (i32.const 99) (i32.const 2064) (i32.const 1) (i64.const 0) (i64.const 0)) (i64.const -9) (i32.const 6))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
    assertEquals("0123ABCDE9", Files.readString(dir.resolve("v.txt")));
  }

  @Test
  void getgroupsReportsTheHostGroupsAndSetgroupsNeverChangesTheJvms() {
    int hostGroups = hostGroupCount();
    boolean root = hostEuid() == 0;
    // setgroups([7, 3]) at 4096: root may (then getgroups lists 3, 7), others get EPERM.
    byte[] m =
        module(
            "(data (i32.const 4096) \"\\07\\00\\00\\00\\03\\00\\00\\00\")",
            """
            (call $expect (call $getgroups (i32.const 0) (i32.const 0)) (i64.const %d) (i32.const 1))
            (call $expect (call $getgroups (i32.const 64) (i32.const 8192)) (i64.const %d) (i32.const 2))
            (call $expect (call $getgroups (i32.const -1) (i32.const 8192)) (i64.const -22) (i32.const 3))
            (if (i32.const %d) (then
              (call $expect (call $setgroups (i32.const 2) (i32.const 4096)) (i64.const 0) (i32.const 4))
              (call $expect (call $getgroups (i32.const 1) (i32.const 8192)) (i64.const -22) (i32.const 5))
              (call $expect (call $getgroups (i32.const 2) (i32.const 8192)) (i64.const 2) (i32.const 6))
              (call $expect (i64.load (i32.const 8192)) (i64.const 0x0000000700000003) (i32.const 7))
              (call $expect (call $setgroups (i32.const 70000) (i32.const 4096)) (i64.const -22) (i32.const 8)))
            (else
              (call $expect (call $setgroups (i32.const 2) (i32.const 4096)) (i64.const -1) (i32.const 9))))
            """
                .formatted(hostGroups, hostGroups, root ? 1 : 0));
    assertEquals(ExitStatus.exited(0), run(m, dir));
    assertEquals(hostGroups, hostGroupCount(), "the JVM's groups changed");
  }

  @Test
  void renameat2FlagsBehaveAsTheHostSays() throws IOException {
    Files.writeString(dir.resolve("a"), "A");
    Files.writeString(dir.resolve("b"), "B");
    byte[] m =
        module(
            cstrings(1024, "a") + cstrings(1040, "b") + cstrings(1056, "c"),
            """
            (call $expect (call $renameat2 (i32.const -100) (i32.const 1024) (i32.const -100) (i32.const 1040) (i32.const 1)) (i64.const -17) (i32.const 1))
            (call $expect (call $renameat2 (i32.const -100) (i32.const 1024) (i32.const -100) (i32.const 1040) (i32.const 2)) (i64.const 0) (i32.const 2))
            (call $expect (call $renameat2 (i32.const -100) (i32.const 1024) (i32.const -100) (i32.const 1040) (i32.const 3)) (i64.const -22) (i32.const 3))
            (call $expect (call $renameat2 (i32.const -100) (i32.const 1024) (i32.const -100) (i32.const 1056) (i32.const 1)) (i64.const 0) (i32.const 4))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
    assertEquals("A", Files.readString(dir.resolve("b")));
    assertEquals("B", Files.readString(dir.resolve("c")));
  }

  @Test
  void mmapMprotectAndMadviseCheckTheirArgumentsAsLinux() {
    byte[] m =
        module(
            "",
            """
            ;; mmap: a mapping type is required; MAP_SHARED_VALIDATE is one; EBADF comes first.
            (call $expect (call $mmap (i32.const 0) (i32.const 4096) (i32.const 3) (i32.const 0x20) (i32.const -1) (i64.const 0)) (i64.const -22) (i32.const 1))
            (call $expect (call $mmap (i32.const 0) (i32.const 4096) (i32.const 3) (i32.const 0x0f) (i32.const -1) (i64.const 0)) (i64.const -9) (i32.const 2))
            (local.set $a (i32.wrap_i64 (call $must
              (call $mmap (i32.const 0) (i32.const 8192) (i32.const 3) (i32.const 0x23) (i32.const -1) (i64.const 0)))))
            ;; mprotect: unknown bits EINVAL (not for an empty range), both GROWS flags EINVAL.
            (call $expect (call $mprotect (local.get $a) (i32.const 4096) (i32.const 0x12340)) (i64.const -22) (i32.const 3))
            (call $expect (call $mprotect (local.get $a) (i32.const 0) (i32.const 0x12340)) (i64.const 0) (i32.const 4))
            (call $expect (call $mprotect (local.get $a) (i32.const 4096) (i32.const 0x03000001)) (i64.const -22) (i32.const 5))
            (call $expect (call $mprotect (local.get $a) (i32.const 1) (i32.const 7)) (i64.const 0) (i32.const 6))
            (call $expect (call $mprotect (i32.add (local.get $a) (i32.const 1)) (i32.const 1) (i32.const 1)) (i64.const -22) (i32.const 7))
            ;; madvise: an invalid advice is EINVAL before anything else.
            (call $expect (call $madvise (local.get $a) (i32.const 4096) (i32.const 12345)) (i64.const -22) (i32.const 8))
            (call $expect (call $madvise (i32.add (local.get $a) (i32.const 1)) (i32.const 4096) (i32.const 0)) (i64.const -22) (i32.const 9))
            (call $expect (call $madvise (local.get $a) (i32.const 8192) (i32.const 3)) (i64.const 0) (i32.const 10))
            ;; after munmap of the second page, a range touching it is ENOMEM for both.
            (drop (call $must (call $munmap (i32.add (local.get $a) (i32.const 4096)) (i32.const 4096))))
            (call $expect (call $madvise (local.get $a) (i32.const 8192) (i32.const 0)) (i64.const -12) (i32.const 11))
            (call $expect (call $mprotect (local.get $a) (i32.const 8192) (i32.const 1)) (i64.const -12) (i32.const 12))
            (call $expect (call $madvise (local.get $a) (i32.const 4096) (i32.const 0)) (i64.const 0) (i32.const 13))
            (call $expect (call $mprotect (i32.const 0x7fff0000) (i32.const 4096) (i32.const 1)) (i64.const -12) (i32.const 14))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void theProcessUmaskAppliesToFilesDirectoriesAndFifos() throws IOException {
    Path existing = dir.resolve("old");
    Files.writeString(existing, "x");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-------"));
    // umask 0: f (0666), d (0777), p a fifo (0666), e (O_EXCL, 0777), old keeps 0600;
    // umask 077: g (0600).
    byte[] m =
        module(
            cstrings(1024, "f")
                + cstrings(1030, "d")
                + cstrings(1036, "p")
                + cstrings(1042, "old")
                + cstrings(1050, "g")
                + cstrings(1056, "e"),
            """
            (drop (call $umask (i32.const 0)))
            (drop (call $must (call $open (i32.const 1024) (i32.const 0x41) (i32.const 0x1b6))))
            (drop (call $must (call $mkdir (i32.const 1030) (i32.const 0x1ff))))
            (call $expect (call $open (i32.const 1030) (i32.const 0x40) (i32.const 0x1b6)) (i64.const -21) (i32.const 2))
            (drop (call $must (call $mknod (i32.const 1036) (i32.const 0x11b6) (i32.const 0))))
            (drop (call $must (call $open (i32.const 1042) (i32.const 0x41) (i32.const 0x1b6))))
            (drop (call $must (call $open (i32.const 1056) (i32.const 0xc1) (i32.const 0x1ff))))
            (call $expect (call $umask (i32.const 0x3f)) (i64.const 0) (i32.const 1))
            (drop (call $must (call $open (i32.const 1050) (i32.const 0x41) (i32.const 0x1b6))))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
    assertEquals("rw-rw-rw-", perms("f"));
    assertEquals("rwxrwxrwx", perms("d"));
    assertEquals("rw-rw-rw-", perms("p"));
    assertEquals(0010000, mode("p") & 0170000, "p is a fifo");
    assertEquals("rw-------", perms("old"));
    assertEquals("rwxrwxrwx", perms("e"));
    assertEquals("rw-------", perms("g"));
  }

  @Test
  void aUnixSocketFileGetsItsModeFromTheProcessUmask() throws IOException {
    // sockaddr_un {AF_UNIX, "s.sock"} at 2048 (a relative path), bound under umask 0 and 027.
    byte[] m =
        module(
            "(data (i32.const 2048) \"\\01\\00s.sock\\00\")"
                + "(data (i32.const 2064) \"\\01\\00t.sock\\00\")",
            """
            (drop (call $umask (i32.const 0)))
            (local.set $fd (i32.wrap_i64 (call $must (call $socket (i32.const 1) (i32.const 1) (i32.const 0)))))
            (drop (call $must (call $bind (local.get $fd) (i32.const 2048) (i32.const 9))))
            (drop (call $umask (i32.const 0x17)))
            (local.set $fd (i32.wrap_i64 (call $must (call $socket (i32.const 1) (i32.const 1) (i32.const 0)))))
            (drop (call $must (call $bind (local.get $fd) (i32.const 2064) (i32.const 9))))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
    assertEquals("rwxrwxrwx", perms("s.sock"));
    assertEquals("rwxr-x---", perms("t.sock"));
  }

  @Test
  void aNewProcessStartsWithTheHostUmask() {
    byte[] m = module("", "(call $exit (i32.wrap_i64 (call $umask (i32.const 0))))");
    assertEquals(ExitStatus.exited(HostUmask.value()), run(m, dir));
  }

  @Test
  void statxFillsTheWaliStructStatx() throws IOException {
    Files.writeString(dir.resolve("s"), "sixteen bytes!!!");
    byte[] m =
        module(
            cstrings(1024, "s") + cstrings(1030, ""),
            """
            (call $expect (call $statx (i32.const -100) (i32.const 1024) (i32.const 0) (i32.const 0x7ff) (i32.const 4096)) (i64.const 0) (i32.const 1))
            (call $expect (i64.extend_i32_u (i32.and (i32.load (i32.const 4096)) (i32.const 0x7ff))) (i64.const 0x7ff) (i32.const 2))
            (call $expect (i64.load (i32.const 4136)) (i64.const 16) (i32.const 3))
            (call $expect (i64.extend_i32_u (i32.and (i32.load16_u (i32.const 4124)) (i32.const 0xf000))) (i64.const 0x8000) (i32.const 4))
            (call $expect (i64.extend_i32_u (i32.load (i32.const 4112))) (i64.const 1) (i32.const 5))
            (call $expect (call $statx (i32.const -100) (i32.const 1024) (i32.const 0) (i32.const 0x80000000) (i32.const 4096)) (i64.const -22) (i32.const 6))
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1024) (i32.const 0) (i32.const 0)))))
            (call $expect (call $statx (local.get $fd) (i32.const 1030) (i32.const 0x1000) (i32.const 0x200) (i32.const 4096)) (i64.const 0) (i32.const 7))
            (call $expect (i64.load (i32.const 4136)) (i64.const 16) (i32.const 8))
            (call $expect (call $statx (i32.const -100) (i32.const 1024) (i32.const 0) (i32.const 0x7ff) (i32.const 131000)) (i64.const -14) (i32.const 9))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void ioctlFioasyncFionbioAndFioclexReachTheDescriptor() {
    // socketpair at 4096, the int 1 at 4104 and 0 at 4108; F_GETFL shows O_ASYNC and O_NONBLOCK.
    byte[] m =
        module(
            "(data (i32.const 4104) \"\\01\\00\\00\\00\\00\\00\\00\\00\")",
            """
            (drop (call $must (call $socketpair (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 4096))))
            (local.set $fd (i32.load (i32.const 4096)))
            (drop (call $must (call $ioctl (local.get $fd) (i32.const 0x5452) (i32.const 4104))))
            (call $expect (i64.and (call $fcntl (local.get $fd) (i32.const 3) (i64.const 0)) (i64.const 0x2000)) (i64.const 0x2000) (i32.const 1))
            (drop (call $must (call $ioctl (local.get $fd) (i32.const 0x5452) (i32.const 4108))))
            (call $expect (i64.and (call $fcntl (local.get $fd) (i32.const 3) (i64.const 0)) (i64.const 0x2000)) (i64.const 0) (i32.const 2))
            (drop (call $must (call $ioctl (local.get $fd) (i32.const 0x5421) (i32.const 4104))))
            (call $expect (i64.and (call $fcntl (local.get $fd) (i32.const 3) (i64.const 0)) (i64.const 0x800)) (i64.const 0x800) (i32.const 3))
            (drop (call $must (call $ioctl (local.get $fd) (i32.const 0x5451) (i32.const 0))))
            (call $expect (call $fcntl (local.get $fd) (i32.const 1) (i64.const 0)) (i64.const 1) (i32.const 4))
            (drop (call $must (call $ioctl (local.get $fd) (i32.const 0x5450) (i32.const 0))))
            (call $expect (call $fcntl (local.get $fd) (i32.const 1) (i64.const 0)) (i64.const 0) (i32.const 5))
            (call $expect (call $ioctl (local.get $fd) (i32.const 0x5452) (i32.const -4)) (i64.const -14) (i32.const 6))
            (call $expect (call $ioctl (i32.const 77) (i32.const 0x5452) (i32.const 4104)) (i64.const -9) (i32.const 7))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  private String perms(String name) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve(name), LinkOption.NOFOLLOW_LINKS));
  }

  private int mode(String name) throws IOException {
    return (Integer) Files.getAttribute(dir.resolve(name), "unix:mode", LinkOption.NOFOLLOW_LINKS);
  }

  private static List<String> status() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int hostGroupCount() {
    for (String line : status()) {
      if (line.startsWith("Groups:")) {
        String g = line.substring("Groups:".length()).strip();
        return g.isEmpty() ? 0 : g.split("\\s+").length;
      }
    }
    throw new IllegalStateException("no Groups line");
  }

  private static long hostEuid() {
    for (String line : status()) {
      if (line.startsWith("Uid:")) {
        return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
      }
    }
    throw new IllegalStateException("no Uid line");
  }

  private static long hostSoftNofile() {
    long buf = NativeAccess.U.allocateMemory(16);
    try {
      long r = WaliModules.HOST.trap().syscall4(WaliModules.HOST.nr().prlimit64, 0, 7, 0, buf);
      assertEquals(0, r);
      return NativeAccess.U.getLong(buf);
    } finally {
      NativeAccess.U.freeMemory(buf);
    }
  }
}
