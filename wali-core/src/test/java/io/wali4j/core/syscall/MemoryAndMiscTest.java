package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.cstrings;
import static io.wali4j.core.syscall.WaliModules.module;
import static io.wali4j.core.syscall.WaliModules.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.kernel.NativeAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mmap and brk inside linear memory; clocks, ids, limits, ioctl. */
class MemoryAndMiscTest {

  @TempDir Path dir;

  @Test
  void anonymousMmapGrowsMemoryAndMunmappedPagesAreReusedZeroed() {
    // mmap 100000 bytes: beyond the initial 2 pages (131072), page aligned, usable, zero.
    byte[] m =
        module(
            "",
            """
            (local $a i32) (local $b i32)
            (local.set $a (i32.wrap_i64 (call $must
              (call $mmap (i32.const 0) (i32.const 100000) (i32.const 3) (i32.const 0x22) (i32.const -1) (i64.const 0)))))
            (if (i32.lt_u (local.get $a) (i32.const 131072)) (then (call $exit (i32.const 1))))
            (if (i32.and (local.get $a) (i32.const 4095)) (then (call $exit (i32.const 2))))
            (if (i32.lt_u (i32.mul (memory.size) (i32.const 65536)) (i32.add (local.get $a) (i32.const 100000)))
              (then (call $exit (i32.const 3))))
            (i32.store offset=99996 (local.get $a) (i32.const 7))
            (drop (call $must (call $munmap (local.get $a) (i32.const 100000))))
            (local.set $b (i32.wrap_i64 (call $must
              (call $mmap (i32.const 0) (i32.const 4096) (i32.const 3) (i32.const 0x22) (i32.const -1) (i64.const 0)))))
            (if (i32.ne (local.get $a) (local.get $b)) (then (call $exit (i32.const 4))))
            (if (i32.load offset=99996 (local.get $a)) (then (call $exit (i32.const 5))))
            (call $exit (i32.const 0))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void fileMmapShowsTheFileInLinearMemory() throws IOException {
    Files.writeString(dir.resolve("m.txt"), "mapped!");
    // exit with the byte at offset 6 ('!' = 33) read through an i32.load8_u of the mapping
    byte[] m =
        module(
            cstrings(1024, "m.txt"),
            """
            (local $fd i32) (local $a i32)
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1024) (i32.const 0) (i32.const 0)))))
            (local.set $a (i32.wrap_i64 (call $must
              (call $mmap (i32.const 0) (i32.const 7) (i32.const 1) (i32.const 1) (local.get $fd) (i64.const 0)))))
            (call $exit (i32.load8_u offset=6 (local.get $a)))
            """);
    assertEquals(ExitStatus.exited(33), run(m, dir));
  }

  @Test
  void sharedWritableFileMmapWritesTheFile() throws IOException {
    Files.writeString(dir.resolve("w.txt"), "aaaa");
    byte[] m =
        module(
            cstrings(1024, "w.txt"),
            """
            (local $fd i32) (local $a i32)
            (local.set $fd (i32.wrap_i64 (call $must (call $open (i32.const 1024) (i32.const 2) (i32.const 0)))))
            (local.set $a (i32.wrap_i64 (call $must
              (call $mmap (i32.const 0) (i32.const 4) (i32.const 3) (i32.const 1) (local.get $fd) (i64.const 0)))))
            (i32.store8 offset=1 (local.get $a) (i32.const 0x62))
            (drop (call $must (call $munmap (local.get $a) (i32.const 4))))
            (call $exit (i32.const 0))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
    assertEquals("abaa", Files.readString(dir.resolve("w.txt")));
  }

  @Test
  void brkStartsAtTheEndOfMemoryAndGrowsIt() {
    byte[] m =
        module(
            "",
            """
            (local $b i32)
            (local.set $b (i32.wrap_i64 (call $brk (i32.const 0))))
            (if (i32.ne (local.get $b) (i32.const 131072)) (then (call $exit (i32.const 1))))
            (if (i64.ne (call $brk (i32.add (local.get $b) (i32.const 70000)))
                        (i64.extend_i32_u (i32.add (local.get $b) (i32.const 70000))))
              (then (call $exit (i32.const 2))))
            (i32.store offset=69996 (local.get $b) (i32.const 1))
            (call $exit (memory.size))
            """);
    assertEquals(ExitStatus.exited(4), run(m, dir));
  }

  @Test
  void getpidIsVirtualAndClockIsNow() {
    long before = System.currentTimeMillis() / 1000;
    // exit status 1 when CLOCK_REALTIME is not within 5 s of the JVM's clock, 2 when the pid is
    // not above 1 (init's), 3 when it is the JVM's own host pid (pids are the process table's)
    byte[] m =
        module(
            "",
            """
            (drop (call $must (call $clock_gettime (i32.const 0) (i32.const 4096))))
            (if (i64.gt_u (i64.sub (i64.load (i32.const 4096)) (i64.const %d)) (i64.const 5))
              (then (call $exit (i32.const 1))))
            (if (i64.le_s (call $getpid) (i64.const 1)) (then (call $exit (i32.const 2))))
            (if (i64.eq (call $getpid) (i64.const %d)) (then (call $exit (i32.const 3))))
            (call $exit (i32.const 0))
            """
                .formatted(before, ProcessHandle.current().pid()));
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void unameReportsLinux() {
    // "Linux" at offset 0: exit with its first byte 'L' (76)
    byte[] m =
        module(
            "",
            "(drop (call $must (call $uname (i32.const 4096)))) (call $exit (i32.load8_u (i32.const 4096)))");
    assertEquals(ExitStatus.exited('L'), run(m, dir));
  }

  @Test
  void setrlimitChangesTheProcessLimitNotTheJvms() {
    long jvmBefore = hostNofile();
    byte[] m =
        module(
            "",
            """
            (i64.store (i32.const 4096) (i64.const 10)) (i64.store (i32.const 4104) (i64.const 10))
            (drop (call $must (call $setrlimit (i32.const 7) (i32.const 4096))))
            (drop (call $must (call $getrlimit (i32.const 7) (i32.const 5000))))
            ;; raising the hard limit again is refused
            (i64.store (i32.const 4104) (i64.const 20))
            (if (i64.ne (call $setrlimit (i32.const 7) (i32.const 4096)) (i64.const -1))
              (then (call $exit (i32.const 99))))
            (call $exit (i32.wrap_i64 (i64.add (i64.load (i32.const 5000)) (i64.load (i32.const 5008)))))
            """);
    assertEquals(ExitStatus.exited(20), run(m, dir));
    assertEquals(jvmBefore, hostNofile());
  }

  private static long hostNofile() {
    long buf = NativeAccess.U.allocateMemory(16);
    try {
      WaliModules.HOST.trap().syscall4(WaliModules.HOST.nr().prlimit64, 0, 7, 0, buf);
      return NativeAccess.U.getLong(buf);
    } finally {
      NativeAccess.U.freeMemory(buf);
    }
  }

  @Test
  void getrandomFillsTheBuffer() {
    byte[] m =
        module(
            "",
            """
            (if (i64.ne (call $getrandom (i32.const 4096) (i32.const 64) (i32.const 0)) (i64.const 64))
              (then (call $exit (i32.const 1))))
            (call $exit (i64.eqz (i64.or (i64.load (i32.const 4096)) (i64.load (i32.const 4104)))))
            """);
    assertEquals(ExitStatus.exited(0), run(m, dir));
  }

  @Test
  void unknownIoctlIsEnottyAndFionreadCountsPipeBytes() {
    byte[] m =
        module(
            "(data (i32.const 1024) \"12345\")",
            """
            (drop (call $must (call $pipe (i32.const 4000))))
            (drop (call $must (call $write (i32.load (i32.const 4004)) (i32.const 1024) (i32.const 5))))
            (drop (call $must (call $ioctl (i32.load (i32.const 4000)) (i32.const 0x541B) (i32.const 4100))))
            (if (i32.ne (i32.load (i32.const 4100)) (i32.const 5)) (then (call $exit (i32.const 1))))
            (call $errno (call $ioctl (i32.const 1) (i32.const 0x1234) (i32.const 0)))
            """);
    assertEquals(ExitStatus.exited(25), run(m, dir));
  }

  @Test
  void memoryGrowOfASharedNativeMemoryCommitsPagesInPlace() {
    byte[] m =
        module(
            "",
            """
            (if (i32.ne (memory.grow (i32.const 3)) (i32.const 2)) (then (call $exit (i32.const 1))))
            (i32.store (i32.const 327676) (i32.const 9))
            (call $exit (i32.add (memory.size) (i32.load (i32.const 327676))))
            """);
    assertEquals(ExitStatus.exited(14), run(m, dir));
  }

  @Test
  void mremapGrowsAMappingKeepingItsBytes() {
    byte[] m =
        module(
            "",
            """
            (local $a i32) (local $b i32)
            (local.set $a (i32.wrap_i64 (call $must
              (call $mmap (i32.const 0) (i32.const 4096) (i32.const 3) (i32.const 0x22) (i32.const -1) (i64.const 0)))))
            ;; a second mapping right after it, so the first cannot grow in place
            (drop (call $must
              (call $mmap (i32.const 0) (i32.const 4096) (i32.const 3) (i32.const 0x22) (i32.const -1) (i64.const 0))))
            (i32.store offset=100 (local.get $a) (i32.const 77))
            (local.set $b (i32.wrap_i64 (call $must
              (call $mremap (local.get $a) (i32.const 4096) (i32.const 200000) (i32.const 1) (i32.const 0)))))
            (if (i32.eq (local.get $a) (local.get $b)) (then (call $exit (i32.const 1))))
            (i32.store offset=199996 (local.get $b) (i32.const 1))
            (call $exit (i32.load offset=100 (local.get $b)))
            """);
    assertEquals(ExitStatus.exited(77), run(m, dir));
  }
}
