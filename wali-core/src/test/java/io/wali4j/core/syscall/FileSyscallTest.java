package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.cstrings;
import static io.wali4j.core.syscall.WaliModules.module;
import static io.wali4j.core.syscall.WaliModules.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ExitStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and directories through real syscalls, relative to the process's own cwd. */
class FileSyscallTest {

  @TempDir Path dir;

  private static final String OPEN_WRITE =
      "(i32.const 577) (i32.const 420)"; // O_WRONLY|CREAT|TRUNC, 0644

  @Test
  void openWriteCloseCreatesTheFileInTheProcessCwd() throws IOException {
    byte[] m =
        module(
            cstrings(1024, "out.txt") + "(data (i32.const 1100) \"hello\\0a\")",
            """
            (local $fd i32)
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1024) %s))))
            (drop (call $must (call $write (local.get $fd) (i32.const 1100) (i32.const 6))))
            (drop (call $must (call $close (local.get $fd))))
            (call $exit (i32.const 0))
            """
                .formatted(OPEN_WRITE));
    assertEquals(ExitStatus.exited(0), run(m, dir));
    assertEquals("hello\n", Files.readString(dir.resolve("out.txt")));
  }

  @Test
  void chdirChangesOnlyTheProcessDirectory() throws IOException {
    String jvmDir = System.getProperty("user.dir");
    Path jvmCwd = Path.of("").toAbsolutePath();
    byte[] m =
        module(
            cstrings(1024, "sub", "f.txt", "cwd.txt", ".."),
            """
            (local $fd i32) (local $n i32)
            (drop (call $must (call $mkdir (i32.const 1024) (i32.const 493))))
            (drop (call $must (call $chdir (i32.const 1024))))
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1028) %1$s))))
            (drop (call $must (call $close (local.get $fd))))
            ;; getcwd returns the length with its NUL
            (local.set $n (i32.wrap_i64 (call $must (call $getcwd (i32.const 8192) (i32.const 4096)))))
            (drop (call $must (call $chdir (i32.const 1042))))
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1034) %1$s))))
            (drop (call $must (call $write (local.get $fd) (i32.const 8192)
              (i32.sub (local.get $n) (i32.const 1)))))
            (call $exit (i32.const 0))
            """
                .formatted(OPEN_WRITE));
    assertEquals(ExitStatus.exited(0), run(m, dir));
    assertTrue(Files.exists(dir.resolve("sub/f.txt")));
    assertEquals(
        dir.resolve("sub").toRealPath().toString(), Files.readString(dir.resolve("cwd.txt")));
    assertEquals(jvmDir, System.getProperty("user.dir"));
    assertFalse(Files.exists(jvmCwd.resolve("f.txt")));
    assertFalse(Files.exists(jvmCwd.resolve("cwd.txt")));
  }

  @Test
  void statSeesTheSizeLseekAndPreadPosition() throws IOException {
    Files.writeString(dir.resolve("data.bin"), "0123456789");
    // st_size is at offset 48 of struct stat; exit with size + 10 * (pread byte - '0').
    byte[] m =
        module(
            cstrings(1024, "data.bin"),
            """
            (local $fd i32)
            (drop (call $must (call $stat (i32.const 1024) (i32.const 4096))))
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1024) (i32.const 0) (i32.const 0)))))
            (if (i64.ne (call $lseek (local.get $fd) (i64.const 3) (i32.const 0)) (i64.const 3))
              (then (call $exit (i32.const 1))))
            (drop (call $must (call $read (local.get $fd) (i32.const 8192) (i32.const 1))))
            (if (i32.ne (i32.load8_u (i32.const 8192)) (i32.const 0x33)) (then (call $exit (i32.const 2))))
            (drop (call $must (call $pread64 (local.get $fd) (i32.const 8192) (i32.const 1) (i64.const 7))))
            (call $exit (i32.add (i32.wrap_i64 (i64.load (i32.const 4144)))
              (i32.mul (i32.const 10) (i32.sub (i32.load8_u (i32.const 8192)) (i32.const 0x30)))))
            """);
    assertEquals(ExitStatus.exited(10 + 70), run(m, dir));
  }

  @Test
  void renameUnlinkSymlinkReadlinkAndRmdir() throws IOException {
    Files.writeString(dir.resolve("a"), "x");
    Files.createDirectory(dir.resolve("d"));
    byte[] m =
        module(
            cstrings(1024, "a", "b", "link", "d"),
            """
            (drop (call $must (call $rename (i32.const 1024) (i32.const 1026))))
            (drop (call $must (call $symlink (i32.const 1026) (i32.const 1028))))
            ;; readlink returns the length, no NUL
            (if (i64.ne (call $readlink (i32.const 1028) (i32.const 8192) (i32.const 100)) (i64.const 1))
              (then (call $exit (i32.const 1))))
            (if (i32.ne (i32.load8_u (i32.const 8192)) (i32.const 0x62)) (then (call $exit (i32.const 2))))
            (drop (call $must (call $unlink (i32.const 1028))))
            (drop (call $must (call $rmdir (i32.const 1033))))
            ;; access of the old name: -ENOENT
            (call $errno (call $access (i32.const 1024) (i32.const 0)))
            """);
    assertEquals(ExitStatus.exited(2), run(m, dir)); // ENOENT
    assertTrue(Files.exists(dir.resolve("b")));
    assertFalse(Files.exists(dir.resolve("a")));
    assertFalse(Files.exists(dir.resolve("link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(dir.resolve("d")));
  }

  @Test
  void getdentsListsTheDirectory() throws IOException {
    Files.writeString(dir.resolve("only-file"), "");
    // Sum the d_reclen of every record; exit with the number of records ('.', '..', the file).
    byte[] m =
        module(
            cstrings(1024, "."),
            """
            (local $fd i32) (local $n i32) (local $p i32) (local $count i32)
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1024) (i32.const 0x10000) (i32.const 0)))))
            (local.set $n (i32.wrap_i64 (call $must (call $getdents64 (local.get $fd) (i32.const 8192) (i32.const 4096)))))
            (local.set $p (i32.const 8192))
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $p) (i32.add (i32.const 8192) (local.get $n))))
              (local.set $count (i32.add (local.get $count) (i32.const 1)))
              (local.set $p (i32.add (local.get $p) (i32.load16_u offset=16 (local.get $p))))
              (br $next)))
            (call $exit (local.get $count))
            """);
    assertEquals(ExitStatus.exited(3), run(m, dir));
  }

  @Test
  void umaskIsAppliedToCreatedFiles() throws IOException {
    byte[] m =
        module(
            cstrings(1024, "masked"),
            """
            (drop (call $umask (i32.const 0o077)))
            (drop (call $must (call $open (i32.const 1024) (i32.const 577) (i32.const 0o666))))
            (call $exit (i32.const 0))
            """
                .replace("0o077", "63")
                .replace("0o666", "438"));
    assertEquals(ExitStatus.exited(0), run(m, dir));
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("masked"))));
    assertEquals("", new String(Files.readAllBytes(dir.resolve("masked")), StandardCharsets.UTF_8));
  }
}
