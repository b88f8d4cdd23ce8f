package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.cstrings;
import static io.wali4j.core.syscall.WaliModules.module;
import static io.wali4j.core.syscall.WaliModules.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Wali;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Descriptors, pointers, linking, exit and traps, argv and environment. */
class ProcessAndFdTest {

  @TempDir Path dir;

  @Test
  void closeOfAnFdTheProcessNeverOpenedIsEbadf() {
    // fd 5 is almost certainly open in the JVM (jar files): the process still cannot name it.
    byte[] m = module("", "(call $errno (call $close (i32.const 5)))");
    assertEquals(ExitStatus.exited(9), run(m, dir));
  }

  @Test
  void writeToAnUnknownFdIsEbadfEvenWithAWildPointer() {
    byte[] m =
        module("", "(call $errno (call $write (i32.const 42) (i32.const -16) (i32.const 100)))");
    assertEquals(ExitStatus.exited(9), run(m, dir));
  }

  @Test
  void wildPointerIsEfault() {
    byte[] m =
        module("", "(call $errno (call $write (i32.const 1) (i32.const -16) (i32.const 100)))");
    assertEquals(ExitStatus.exited(14), run(m, dir));
  }

  @Test
  void lengthRunningPastTheEndOfMemoryIsEfault() {
    // memory is 2 pages = 131072 bytes: [131000, 131000 + 100) crosses the end.
    byte[] m =
        module("", "(call $errno (call $read (i32.const 0) (i32.const 131000) (i32.const 100)))");
    assertEquals(ExitStatus.exited(14), run(m, dir));
  }

  @Test
  void pathWithoutNulBeforeTheEndOfMemoryIsEfault() {
    byte[] m =
        module(
            "(data (i32.const 131070) \"ab\")",
            "(call $errno (call $open (i32.const 131070) (i32.const 0) (i32.const 0)))");
    assertEquals(ExitStatus.exited(14), run(m, dir));
  }

  @Test
  void stdoutGoesToTheHostFdGiven() throws IOException {
    Path out = dir.resolve("stdout.txt");
    int fd = WaliModules.hostFdForWriting(out);
    try {
      byte[] m =
          module(
              "(data (i32.const 1024) \"hi there\\0a\")",
              "(drop (call $must (call $write (i32.const 1) (i32.const 1024) (i32.const 9))))"
                  + "(drop (call $must (call $close (i32.const 1))))"
                  + "(call $errno (call $write (i32.const 1) (i32.const 1024) (i32.const 9)))");
      ExitStatus s = Wali.process(m).env(Map.of()).cwd(dir).stdio(0, fd, 2).run();
      assertEquals(ExitStatus.exited(9), s);
    } finally {
      WaliModules.closeHostFd(fd);
    }
    assertEquals("hi there\n", Files.readString(out));
  }

  @Test
  void dupTakesTheLowestFreeNumberAndCloexecIsPerFd() {
    // close(0); dup(1) -> 0; fcntl(0, F_SETFD, FD_CLOEXEC); F_GETFD -> 1; dup2(1, 7) -> 7
    byte[] m =
        module(
            "",
            """
            (drop (call $must (call $close (i32.const 0))))
            (if (i64.ne (call $dup (i32.const 1)) (i64.const 0)) (then (call $exit (i32.const 1))))
            (drop (call $must (call $fcntl (i32.const 0) (i32.const 2) (i64.const 1))))
            (if (i64.ne (call $fcntl (i32.const 0) (i32.const 1) (i64.const 0)) (i64.const 1))
              (then (call $exit (i32.const 2))))
            (if (i64.ne (call $fcntl (i32.const 1) (i32.const 1) (i64.const 0)) (i64.const 0))
              (then (call $exit (i32.const 3))))
            (if (i64.ne (call $dup2 (i32.const 1) (i32.const 7)) (i64.const 7))
              (then (call $exit (i32.const 4))))
            ;; F_DUPFD with a minimum
            (call $exit (i32.wrap_i64 (call $fcntl (i32.const 1) (i32.const 0) (i64.const 20))))
            """);
    assertEquals(ExitStatus.exited(20), run(m, dir));
  }

  @Test
  void pipeWritevReadvRoundTrip() {
    // iovecs (WALI: 4-byte base, 4-byte len) at 2048: "abc" + "defg"; read back in 2 pieces.
    byte[] m =
        module(
            "(data (i32.const 1024) \"abcdefg\")",
            """
            (local $r i32) (local $w i32)
            (drop (call $must (call $pipe (i32.const 4000))))
            (local.set $r (i32.load (i32.const 4000)))
            (local.set $w (i32.load (i32.const 4004)))
            (i32.store (i32.const 2048) (i32.const 1024)) (i32.store (i32.const 2052) (i32.const 3))
            (i32.store (i32.const 2056) (i32.const 1027)) (i32.store (i32.const 2060) (i32.const 4))
            (if (i64.ne (call $must (call $writev (local.get $w) (i32.const 2048) (i32.const 2))) (i64.const 7))
              (then (call $exit (i32.const 1))))
            (i32.store (i32.const 2064) (i32.const 3000)) (i32.store (i32.const 2068) (i32.const 2))
            (i32.store (i32.const 2072) (i32.const 3010)) (i32.store (i32.const 2076) (i32.const 5))
            (if (i64.ne (call $must (call $readv (local.get $r) (i32.const 2064) (i32.const 2))) (i64.const 7))
              (then (call $exit (i32.const 2))))
            ;; 'a' at 3000, 'c' at 3010, 'g' at 3014
            (if (i32.ne (i32.load8_u (i32.const 3000)) (i32.const 0x61)) (then (call $exit (i32.const 3))))
            (if (i32.ne (i32.load8_u (i32.const 3010)) (i32.const 0x63)) (then (call $exit (i32.const 4))))
            (if (i32.ne (i32.load8_u (i32.const 3014)) (i32.const 0x67)) (then (call $exit (i32.const 5))))
            ;; an iovec whose buffer lies outside memory: EFAULT
            (i32.store (i32.const 2048) (i32.const -100))
            (call $errno (call $writev (local.get $w) (i32.const 2048) (i32.const 2)))
            """);
    assertEquals(ExitStatus.exited(14), run(m, dir));
  }

  @Test
  void unknownWaliImportFailsToLinkNamingIt() {
    byte[] m =
        Wat.compile(
            """
            (module (import "wali" "SYS_no_such_call" (func (param i32) (result i64)))
              (memory (export "memory") 1 1 shared) (func (export "_start")))
            """);
    WasmException e = assertThrows(WasmException.class, () -> run(m, dir));
    assertEquals(Failure.UNKNOWN_IMPORT, e.failure());
    assertTrue(e.getMessage().contains("wali.SYS_no_such_call"), e.getMessage());
  }

  @Test
  void importWithParametersAgainstTheAbiFailsToLink() {
    byte[] m =
        Wat.compile(
            """
            (module (import "wali" "SYS_read" (func (param i32 i64 i32) (result i64)))
              (memory (export "memory") 1 1 shared) (func (export "_start")))
            """);
    WasmException e = assertThrows(WasmException.class, () -> run(m, dir));
    assertEquals(Failure.INCOMPATIBLE_IMPORT, e.failure());
    assertTrue(e.getMessage().contains("SYS_read"), e.getMessage());
  }

  @Test
  void exitBindsToWhicheverResultTypeTheModuleDeclares() {
    for (String result : List.of("", "(result i64)", "(result i32)")) {
      byte[] m =
          Wat.compile(
              """
              (module (import "wali" "SYS_exit" (func $exit (param i32) %s))
                (memory (export "memory") 1 1 shared)
                (func (export "_start") (call $exit (i32.const 42)) %s))
              """
                  .formatted(result, result.isEmpty() ? "" : "(drop)"));
      assertEquals(ExitStatus.exited(42), run(m, dir), result);
    }
  }

  @Test
  void knownButUnimplementedSyscallIsEnosysWithOneWarning() {
    byte[] m =
        Wat.compile(
            """
            (module (import "wali" "SYS_mincore" (func $mincore (param i32 i32 i32) (result i64)))
              (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
              (memory (export "memory") 1 1 shared)
              (func (export "_start")
                (drop (call $mincore (i32.const 0) (i32.const 0) (i32.const 0)))
                (drop (call $exit (i32.wrap_i64 (i64.sub (i64.const 0)
                  (call $mincore (i32.const 0) (i32.const 0) (i32.const 0))))))))
            """);
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(ExitStatus.exited(38), run(m, dir));
    } finally {
      System.setErr(saved);
    }
    String log = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, log.split("SYS_mincore", -1).length - 1, log);
  }

  @Test
  void outOfBoundsLoadEndsTheProcessWithSigsegv() {
    byte[] m = module("", "(drop (i32.load (i32.const -4)))");
    assertEquals(ExitStatus.signaled(11), run(m, dir));
  }

  @Test
  void unreachableEndsTheProcessWithSigill() {
    byte[] m = module("", "(unreachable)");
    assertEquals(ExitStatus.signaled(4), run(m, dir));
  }

  @Test
  void returningFromStartExitsWithZero() {
    assertEquals(ExitStatus.exited(0), run(module("", ""), dir));
  }

  @Test
  void argvAndTheEnvironmentFileReachTheProgram() throws IOException {
    // Writes argv[1] then the contents of the environment file to out.txt.
    byte[] m =
        module(
            cstrings(1024, "out.txt"),
            """
            (local $fd i32) (local $env i32) (local $n i32)
            (if (i32.ne (call $argc) (i32.const 2)) (then (call $exit (i32.const 1))))
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1024) (i32.const 577) (i32.const 420)))))
            (drop (call $copy_argv (i32.const 4096) (i32.const 1)))
            (drop (call $must (call $write (local.get $fd) (i32.const 4096) (call $argv_len (i32.const 1)))))
            (if (i32.eqz (call $envfile (i32.const 5000) (i32.const 512))) (then (call $exit (i32.const 2))))
            (local.set $env (i32.wrap_i64 (call $must (call $open (i32.const 5000) (i32.const 0) (i32.const 0)))))
            (local.set $n (i32.wrap_i64 (call $must (call $read (local.get $env) (i32.const 6000) (i32.const 1000)))))
            (drop (call $must (call $write (local.get $fd) (i32.const 6000) (local.get $n))))
            (call $exit (i32.const 0))
            """);
    ExitStatus s =
        Wali.process(m)
            .argv(List.of("prog", "first-arg"))
            .env(Map.of("GREETING", "hello world"))
            .cwd(dir)
            .run();
    assertEquals(ExitStatus.exited(0), s);
    assertEquals("first-argGREETING=hello world\n", Files.readString(dir.resolve("out.txt")));
  }

  @Test
  void environmentFileIsDeletedWhenTheProcessEnds() throws IOException {
    byte[] m =
        module(
            cstrings(1024, "path.txt"),
            """
            (local $fd i32)
            (drop (call $envfile (i32.const 5000) (i32.const 512)))
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1024) (i32.const 577) (i32.const 420)))))
            (drop (call $must (call $write (local.get $fd) (i32.const 5000) (i32.const 200))))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
    String path = Files.readString(dir.resolve("path.txt")).split("\0")[0];
    assertTrue(path.contains("wali4j-env-"), path);
    assertFalse(Files.exists(Path.of(path)));
  }
}
