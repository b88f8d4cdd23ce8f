package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.testing.Wat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sockets and polling from Wasm: fd translation (SCM_RIGHTS, poll, select, epoll), the WALI
 * msghdr/cmsghdr/epoll_event layouts, socklen_t in/out pointers and their range checks. Each module
 * exits 0 when every check holds, else with the number of the check that failed (or 100 + errno
 * from {@code $must}).
 */
class NetSyscallTest {

  static final String NET_IMPORTS =
      """
      (import "wali" "SYS_socket" (func $socket (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_socketpair" (func $socketpair (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_bind" (func $bind (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_connect" (func $connect (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_listen" (func $listen (param i32 i32) (result i64)))
      (import "wali" "SYS_accept4" (func $accept4 (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_getsockname" (func $getsockname (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_getpeername" (func $getpeername (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_setsockopt"
        (func $setsockopt (param i32 i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_sendto" (func $sendto (param i32 i32 i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_recvfrom" (func $recvfrom (param i32 i32 i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_sendmsg" (func $sendmsg (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_recvmsg" (func $recvmsg (param i32 i32 i32) (result i64)))
      (import "wali" "SYS_poll" (func $poll (param i32 i64 i32) (result i64)))
      (import "wali" "SYS_select" (func $select (param i32 i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_epoll_create1" (func $epoll_create1 (param i32) (result i64)))
      (import "wali" "SYS_epoll_ctl" (func $epoll_ctl (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_epoll_wait" (func $epoll_wait (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_eventfd2" (func $eventfd2 (param i32 i32) (result i64)))
      """;

  @TempDir Path dir;

  private static byte[] module(String extra, String start) {
    return Wat.compile(
        "(module\n"
            + WaliModules.IMPORTS
            + NET_IMPORTS
            + "(memory (export \"memory\") 2 64 shared)\n"
            + WaliModules.HELPERS
            + """
            (func $check (param i64 i64 i32)
              (if (i64.ne (local.get 0) (local.get 1)) (then (call $exit (local.get 2)))))
            """
            + extra
            + "\n(func (export \"_start\")\n"
            + start
            + "\n(call $exit (i32.const 0))))");
  }

  @Test
  void scmRightsPassesAnFdAndTheReceiverGetsItsOwnNumber() {
    byte[] m =
        module(
            "(data (i32.const 1024) \"F\")",
            """
            (local $a i32) (local $b i32) (local $r i32) (local $w i32) (local $got i32)
            (drop (call $must (call $socketpair (i32.const 1) (i32.const 1) (i32.const 0)
              (i32.const 4000))))
            (local.set $a (i32.load (i32.const 4000)))
            (local.set $b (i32.load (i32.const 4004)))
            (drop (call $must (call $pipe (i32.const 4008))))
            (local.set $r (i32.load (i32.const 4008)))
            (local.set $w (i32.load (i32.const 4012)))
            ;; iovec {1024, 1}; cmsghdr {len 20, pad, SOL_SOCKET, SCM_RIGHTS, $w}; msghdr (36 bytes)
            (i32.store (i32.const 4100) (i32.const 1024))
            (i32.store (i32.const 4104) (i32.const 1))
            (i32.store (i32.const 4200) (i32.const 20))
            (i32.store (i32.const 4208) (i32.const 1))
            (i32.store (i32.const 4212) (i32.const 1))
            (i32.store (i32.const 4216) (local.get $w))
            (i32.store (i32.const 4308) (i32.const 4100))
            (i32.store (i32.const 4312) (i32.const 1))
            (i32.store (i32.const 4320) (i32.const 4200))
            (i32.store (i32.const 4324) (i32.const 20))
            (call $check (call $sendmsg (local.get $a) (i32.const 4300) (i32.const 0))
              (i64.const 1) (i32.const 1))
            (drop (call $must (call $close (local.get $w))))
            ;; receive with MSG_CMSG_CLOEXEC into a 24-byte control buffer
            (i32.store (i32.const 4400) (i32.const 5000))
            (i32.store (i32.const 4404) (i32.const 1))
            (i32.store (i32.const 4608) (i32.const 4400))
            (i32.store (i32.const 4612) (i32.const 1))
            (i32.store (i32.const 4620) (i32.const 4500))
            (i32.store (i32.const 4624) (i32.const 24))
            (call $check (call $recvmsg (local.get $b) (i32.const 4600) (i32.const 0x40000000))
              (i64.const 1) (i32.const 2))
            (call $check (i64.load32_u (i32.const 4500)) (i64.const 20) (i32.const 3))
            (call $check (i64.load32_u (i32.const 4508)) (i64.const 1) (i32.const 4))
            (call $check (i64.load32_u (i32.const 4512)) (i64.const 1) (i32.const 5))
            (local.set $got (i32.load (i32.const 4516)))
            ;; the lowest free WALI number: the one just closed
            (call $check (i64.extend_i32_u (local.get $got)) (i64.extend_i32_u (local.get $w))
              (i32.const 6))
            (call $check (call $fcntl (local.get $got) (i32.const 1) (i64.const 0))
              (i64.const 1) (i32.const 7))
            (call $check (i64.load32_u (i32.const 4624)) (i64.const 24) (i32.const 8))
            (call $check (i64.load32_u (i32.const 4632)) (i64.const 0x40000000) (i32.const 9))
            (drop (call $must (call $write (local.get $got) (i32.const 1024) (i32.const 1))))
            (drop (call $must (call $read (local.get $r) (i32.const 6000) (i32.const 1))))
            (call $check (i64.load8_u (i32.const 6000)) (i64.const 70) (i32.const 10))
            ;; an fd the process does not have cannot be passed: EBADF
            (i32.store (i32.const 4216) (i32.const 77))
            (call $check (call $sendmsg (local.get $a) (i32.const 4300) (i32.const 0))
              (i64.const -9) (i32.const 11))
            ;; a control message shorter than its header: EINVAL
            (i32.store (i32.const 4200) (i32.const 8))
            (call $check (call $sendmsg (local.get $a) (i32.const 4300) (i32.const 0))
              (i64.const -22) (i32.const 12))
            ;; a msghdr running off the end of memory: EFAULT
            (call $check (call $sendmsg (local.get $a) (i32.const 131060) (i32.const 0))
              (i64.const -14) (i32.const 13))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void passedFdThatDoesNotFitIsClosedAndFlaggedCtrunc() {
    byte[] m =
        module(
            "(data (i32.const 1024) \"F\")",
            """
            (local $a i32) (local $b i32)
            (drop (call $must (call $socketpair (i32.const 1) (i32.const 1) (i32.const 0)
              (i32.const 4000))))
            (local.set $a (i32.load (i32.const 4000)))
            (local.set $b (i32.load (i32.const 4004)))
            (i32.store (i32.const 4100) (i32.const 1024))
            (i32.store (i32.const 4104) (i32.const 1))
            (i32.store (i32.const 4200) (i32.const 20))
            (i32.store (i32.const 4208) (i32.const 1))
            (i32.store (i32.const 4212) (i32.const 1))
            (i32.store (i32.const 4216) (i32.const 1))
            (i32.store (i32.const 4308) (i32.const 4100))
            (i32.store (i32.const 4312) (i32.const 1))
            (i32.store (i32.const 4320) (i32.const 4200))
            (i32.store (i32.const 4324) (i32.const 20))
            (call $check (call $sendmsg (local.get $a) (i32.const 4300) (i32.const 0))
              (i64.const 1) (i32.const 1))
            ;; room for a header only
            (i32.store (i32.const 4400) (i32.const 5000))
            (i32.store (i32.const 4404) (i32.const 1))
            (i32.store (i32.const 4608) (i32.const 4400))
            (i32.store (i32.const 4612) (i32.const 1))
            (i32.store (i32.const 4620) (i32.const 4500))
            (i32.store (i32.const 4624) (i32.const 16))
            (call $check (call $recvmsg (local.get $b) (i32.const 4600) (i32.const 0))
              (i64.const 1) (i32.const 2))
            (call $check (i64.and (i64.load32_u (i32.const 4632)) (i64.const 8)) (i64.const 8)
              (i32.const 3))
            ;; no new fd appeared: the next dup is fd 5 (0-2 stdio, 3-4 the pair)
            (call $check (call $dup (i32.const 1)) (i64.const 5) (i32.const 4))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void pollTranslatesFdsAndReportsPollnvalForAClosedOne() {
    byte[] m =
        module(
            "(data (i32.const 1024) \"x\")",
            """
            (local $r i32) (local $w i32)
            (drop (call $must (call $pipe (i32.const 4000))))
            (local.set $r (i32.load (i32.const 4000)))
            (local.set $w (i32.load (i32.const 4004)))
            (drop (call $must (call $write (local.get $w) (i32.const 1024) (i32.const 1))))
            (i32.store (i32.const 4100) (local.get $r))
            (i32.store16 (i32.const 4104) (i32.const 1))
            (i32.store (i32.const 4108) (local.get $w))
            (i32.store16 (i32.const 4112) (i32.const 4))
            (i32.store (i32.const 4116) (i32.const -1))
            (i32.store16 (i32.const 4120) (i32.const 1))
            (i32.store (i32.const 4124) (i32.const 77))
            (i32.store16 (i32.const 4128) (i32.const 1))
            (call $check (call $poll (i32.const 4100) (i64.const 4) (i32.const 1000))
              (i64.const 3) (i32.const 1))
            (call $check (i64.load16_u (i32.const 4106)) (i64.const 1) (i32.const 2))
            (call $check (i64.load16_u (i32.const 4114)) (i64.const 4) (i32.const 3))
            (call $check (i64.load16_u (i32.const 4122)) (i64.const 0) (i32.const 4))
            (call $check (i64.load16_u (i32.const 4130)) (i64.const 0x20) (i32.const 5))
            (call $check (call $poll (i32.const 131068) (i64.const 4) (i32.const 0))
              (i64.const -14) (i32.const 6))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void selectMapsWaliFdBitsToHostFdsAndBack() {
    byte[] m =
        module(
            "(data (i32.const 1024) \"x\")",
            """
            (local $r i32) (local $w i32)
            (drop (call $must (call $pipe (i32.const 4000))))
            (local.set $r (i32.load (i32.const 4000)))
            (local.set $w (i32.load (i32.const 4004)))
            ;; nothing to read yet: a zero timeout returns 0 and clears the bit
            (i32.store8 (i32.const 4200) (i32.shl (i32.const 1) (local.get $r)))
            (call $check (call $select (i32.add (local.get $r) (i32.const 1)) (i32.const 4200)
              (i32.const 0) (i32.const 0) (i32.const 4400)) (i64.const 0) (i32.const 1))
            (call $check (i64.load8_u (i32.const 4200)) (i64.const 0) (i32.const 2))
            (drop (call $must (call $write (local.get $w) (i32.const 1024) (i32.const 1))))
            (i32.store8 (i32.const 4200) (i32.shl (i32.const 1) (local.get $r)))
            (i32.store8 (i32.const 4300) (i32.shl (i32.const 1) (local.get $w)))
            (call $check (call $select (i32.const 64) (i32.const 4200) (i32.const 4300)
              (i32.const 0) (i32.const 0)) (i64.const 2) (i32.const 3))
            (call $check (i64.load8_u (i32.const 4200))
              (i64.extend_i32_u (i32.shl (i32.const 1) (local.get $r))) (i32.const 4))
            (call $check (i64.load8_u (i32.const 4300))
              (i64.extend_i32_u (i32.shl (i32.const 1) (local.get $w))) (i32.const 5))
            ;; a bit for an fd that is not open: EBADF
            (i32.store8 (i32.const 4207) (i32.const 1))
            (call $check (call $select (i32.const 64) (i32.const 4200) (i32.const 0)
              (i32.const 0) (i32.const 4400)) (i64.const -9) (i32.const 6))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void epollKeepsTheOpaqueDataOfThePackedEventAndEventfdCounts() {
    byte[] m =
        module(
            "(data (i32.const 1024) \"\\05\\00\\00\\00\\00\\00\\00\\00\")",
            """
            (local $e i32) (local $ep i32)
            (local.set $e (i32.wrap_i64 (call $must (call $eventfd2 (i32.const 0) (i32.const 0)))))
            (local.set $ep (i32.wrap_i64 (call $must (call $epoll_create1 (i32.const 0x80000)))))
            (call $check (call $fcntl (local.get $ep) (i32.const 1) (i64.const 0)) (i64.const 1)
              (i32.const 1))
            (call $check (call $fcntl (local.get $e) (i32.const 1) (i64.const 0)) (i64.const 0)
              (i32.const 2))
            (i32.store (i32.const 4100) (i32.const 1))
            (i64.store (i32.const 4104) (i64.const 0x1122334455667788))
            (drop (call $must (call $epoll_ctl (local.get $ep) (i32.const 1) (local.get $e)
              (i32.const 4100))))
            (call $check (call $epoll_wait (local.get $ep) (i32.const 4200) (i32.const 4)
              (i32.const 0)) (i64.const 0) (i32.const 3))
            (drop (call $must (call $write (local.get $e) (i32.const 1024) (i32.const 8))))
            (call $check (call $epoll_wait (local.get $ep) (i32.const 4200) (i32.const 4)
              (i32.const 1000)) (i64.const 1) (i32.const 4))
            (call $check (i64.load32_u (i32.const 4200)) (i64.const 1) (i32.const 5))
            (call $check (i64.load (i32.const 4204)) (i64.const 0x1122334455667788) (i32.const 6))
            (drop (call $must (call $read (local.get $e) (i32.const 5000) (i32.const 8))))
            (call $check (i64.load (i32.const 5000)) (i64.const 5) (i32.const 7))
            (call $check (call $epoll_wait (local.get $ep) (i32.const 4200) (i32.const 0)
              (i32.const 0)) (i64.const -22) (i32.const 8))
            (call $check (call $epoll_wait (local.get $ep) (i32.const 131064) (i32.const 1)
              (i32.const 0)) (i64.const -14) (i32.const 9))
            (call $check (call $epoll_ctl (local.get $ep) (i32.const 1) (i32.const 77)
              (i32.const 4100)) (i64.const -9) (i32.const 10))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void tcpLoopbackAcceptSendRecvAndSocklenChecks() {
    byte[] m =
        module(
            "(data (i32.const 1024) \"hello\")",
            """
            (local $s i32) (local $c i32) (local $a i32)
            (local.set $s (i32.wrap_i64 (call $must (call $socket (i32.const 2) (i32.const 1)
              (i32.const 0)))))
            (i32.store16 (i32.const 4100) (i32.const 2))
            (i32.store (i32.const 4104) (i32.const 0x0100007f))
            (drop (call $must (call $bind (local.get $s) (i32.const 4100) (i32.const 16))))
            (drop (call $must (call $listen (local.get $s) (i32.const 4))))
            (i32.store (i32.const 4200) (i32.const 16))
            (drop (call $must (call $getsockname (local.get $s) (i32.const 4300) (i32.const 4200))))
            (call $check (i64.load32_u (i32.const 4200)) (i64.const 16) (i32.const 1))
            (if (i32.eqz (i32.load16_u (i32.const 4302))) (then (call $exit (i32.const 2))))
            (local.set $c (i32.wrap_i64 (call $must (call $socket (i32.const 2) (i32.const 1)
              (i32.const 0)))))
            (drop (call $must (call $connect (local.get $c) (i32.const 4300) (i32.const 16))))
            (i32.store (i32.const 4400) (i32.const 16))
            (local.set $a (i32.wrap_i64 (call $must (call $accept4 (local.get $s) (i32.const 4500)
              (i32.const 4400) (i32.const 0x80000)))))
            (call $check (call $fcntl (local.get $a) (i32.const 1) (i64.const 0)) (i64.const 1)
              (i32.const 3))
            (call $check (call $sendto (local.get $c) (i32.const 1024) (i32.const 5) (i32.const 0)
              (i32.const 0) (i32.const 0)) (i64.const 5) (i32.const 4))
            (call $check (call $recvfrom (local.get $a) (i32.const 6000) (i32.const 16)
              (i32.const 0) (i32.const 0) (i32.const 0)) (i64.const 5) (i32.const 5))
            (call $check (i64.load32_u (i32.const 6000)) (i64.load32_u (i32.const 1024))
              (i32.const 6))
            ;; the peer of the accepted socket is the client's name
            (i32.store (i32.const 4600) (i32.const 16))
            (drop (call $must (call $getpeername (local.get $a) (i32.const 4700) (i32.const 4600))))
            (i32.store (i32.const 4800) (i32.const 16))
            (drop (call $must (call $getsockname (local.get $c) (i32.const 4900) (i32.const 4800))))
            (call $check (i64.load (i32.const 4700)) (i64.load (i32.const 4900)) (i32.const 7))
            ;; socklen_t pointer outside memory, buffer running past the end, negative length
            (call $check (call $getsockname (local.get $s) (i32.const 4300) (i32.const -4))
              (i64.const -14) (i32.const 8))
            (i32.store (i32.const 4200) (i32.const 16))
            (call $check (call $getsockname (local.get $s) (i32.const 131064) (i32.const 4200))
              (i64.const -14) (i32.const 9))
            (i32.store (i32.const 4200) (i32.const -1))
            (call $check (call $getsockname (local.get $s) (i32.const 4300) (i32.const 4200))
              (i64.const -22) (i32.const 10))
            ;; an address longer than sockaddr_storage
            (call $check (call $connect (local.get $c) (i32.const 4300) (i32.const 129))
              (i64.const -22) (i32.const 11))
            ;; BPF attachments carry host pointers: refused
            (call $check (call $setsockopt (local.get $s) (i32.const 1) (i32.const 26)
              (i32.const 4300) (i32.const 8)) (i64.const -92) (i32.const 12))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void relativeUnixSocketPathResolvesInTheProcessCwd() {
    byte[] m =
        module(
            "(data (i32.const 1026) \"rel.sock\")",
            """
            (local $s i32)
            (local.set $s (i32.wrap_i64 (call $must (call $socket (i32.const 1) (i32.const 2)
              (i32.const 0)))))
            (i32.store16 (i32.const 1024) (i32.const 1))
            (drop (call $must (call $bind (local.get $s) (i32.const 1024) (i32.const 11))))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
    assertTrue(Files.exists(dir.resolve("rel.sock")), "rel.sock in the process's cwd");
  }
}
