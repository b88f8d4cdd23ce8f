package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.cstrings;
import static io.wali4j.core.syscall.WaliModules.module;
import static io.wali4j.core.syscall.WaliModules.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.api.ExitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * read and readv, which first try to complete without waiting (RWF_NOWAIT) and poll only when they
 * would wait: whichever way a read goes, it reads what read(2) would, from the file position.
 */
class ReadTest {

  @TempDir Path dir;

  /** Exits with {@code code} unless {@code actual} equals {@code expected}. */
  private static String expect(String actual, long expected, int code) {
    return "(if (i64.ne "
        + actual
        + " (i64.const "
        + expected
        + ")) (then (call $exit (i32.const "
        + code
        + "))))\n";
  }

  private static String byteAt(int addr, char c, int code) {
    return "(if (i32.ne (i32.load8_u (i32.const "
        + addr
        + ")) (i32.const "
        + (int) c
        + ")) (then (call $exit (i32.const "
        + code
        + "))))\n";
  }

  @Test
  void aPipeReadsWhatIsThereAnEmptyNonBlockingPipeIsEagainAndAClosedOneIsEof() {
    byte[] m =
        module(
            "(data (i32.const 1024) \"abcde\")",
            "(local $r i32) (local $w i32)\n"
                + "(drop (call $must (call $pipe (i32.const 4000))))\n"
                + "(local.set $r (i32.load (i32.const 4000)))\n"
                + "(local.set $w (i32.load (i32.const 4004)))\n"
                + expect("(call $write (local.get $w) (i32.const 1024) (i32.const 3))", 3, 1)
                + expect("(call $read (local.get $r) (i32.const 3000) (i32.const 10))", 3, 2)
                + byteAt(3000, 'a', 3)
                + byteAt(3002, 'c', 4)
                // F_SETFL O_NONBLOCK: nothing to read is EAGAIN, not a wait
                + expect("(call $fcntl (local.get $r) (i32.const 4) (i64.const 0x800))", 0, 5)
                + expect("(call $read (local.get $r) (i32.const 3000) (i32.const 10))", -11, 6)
                + expect("(call $write (local.get $w) (i32.const 1027) (i32.const 2))", 2, 7)
                + expect("(call $read (local.get $r) (i32.const 3100) (i32.const 10))", 2, 8)
                + byteAt(3100, 'd', 9)
                + byteAt(3101, 'e', 10)
                + expect("(call $close (local.get $w))", 0, 11)
                + expect("(call $read (local.get $r) (i32.const 3000) (i32.const 10))", 0, 12)
                + "(call $exit (i32.const 0))");
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void aRegularFileReadsOnFromItsPositionToEofWhicheverWayEachReadGoes() throws IOException {
    Files.writeString(dir.resolve("data"), "0123456789");
    // readv iovecs (4-byte base, 4-byte len) at 2048: 1 byte to 3200, 2 bytes to 3210
    byte[] m =
        module(
            cstrings(512, "data"),
            "(local $fd i32)\n"
                + "(local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 512)"
                + " (i32.const 0) (i32.const 0)))))\n"
                + expect("(call $read (local.get $fd) (i32.const 3000) (i32.const 4))", 4, 1)
                + expect("(call $read (local.get $fd) (i32.const 3004) (i32.const 3))", 3, 2)
                + "(i32.store (i32.const 2048) (i32.const 3200))"
                + "(i32.store (i32.const 2052) (i32.const 1))\n"
                + "(i32.store (i32.const 2056) (i32.const 3210))"
                + "(i32.store (i32.const 2060) (i32.const 2))\n"
                + expect("(call $readv (local.get $fd) (i32.const 2048) (i32.const 2))", 3, 3)
                + expect("(call $read (local.get $fd) (i32.const 3000) (i32.const 4))", 0, 4)
                + byteAt(3000, '0', 5)
                + byteAt(3003, '3', 6)
                + byteAt(3004, '4', 7)
                + byteAt(3006, '6', 8)
                + byteAt(3200, '7', 9)
                + byteAt(3210, '8', 10)
                + byteAt(3211, '9', 11)
                // a buffer outside memory is EFAULT, an fd that is not open EBADF
                + expect("(call $read (local.get $fd) (i32.const -16) (i32.const 100))", -14, 12)
                + expect("(call $read (i32.const 77) (i32.const 3000) (i32.const 1))", -9, 13)
                + "(call $exit (i32.const 0))");
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }
}
