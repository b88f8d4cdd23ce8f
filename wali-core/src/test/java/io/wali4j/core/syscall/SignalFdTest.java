package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.testing.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * signalfd as the runtime makes it (a host pipe kept readable while a signal of its mask is
 * pending): what the corpus's sig_signalfd cannot see from inside, the host descriptors behind it.
 * The corpus program checks the semantics against Linux.
 */
class SignalFdTest {

  private static final String IMPORTS =
      """
      (import "wali" "SYS_signalfd4" (func $signalfd4 (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_rt_sigprocmask" (func $sigprocmask (param i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_kill" (func $kill (param i32 i32) (result i64)))
      """;

  private static final String EXPECT =
      """
      (func $expect (param $got i64) (param $want i64) (param $code i32)
        (if (i64.ne (local.get $got) (local.get $want)) (then (call $exit (local.get $code)))))
      """;

  @TempDir Path dir;

  /**
   * Blocks SIGUSR1, makes a signalfd for it, reads one SIGUSR1 sent by kill, closes it and makes
   * {@code rounds} more the same way.
   */
  private static byte[] module(int rounds) {
    return Wat.compile(
        "(module\n"
            + WaliModules.IMPORTS
            + IMPORTS
            + "(memory (export \"memory\") 2 64 shared)\n"
            + WaliModules.HELPERS
            + EXPECT
            + "(data (i32.const 100) \"\\00\\02\\00\\00\\00\\00\\00\\00\")\n" // SIGUSR1: bit 9
            + "(func (export \"_start\") (local $fd i32) (local $i i32)\n"
            + "(call $expect (call $sigprocmask (i32.const 0) (i32.const 100) (i32.const 0)"
            + " (i32.const 8)) (i64.const 0) (i32.const 1))\n"
            + "(loop $more\n"
            + "(local.set $fd (i32.wrap_i64 (call $signalfd4 (i32.const -1) (i32.const 100)"
            + " (i32.const 8) (i32.const 0x800))))\n"
            + "(if (i32.lt_s (local.get $fd) (i32.const 0)) (then (call $exit (i32.const 2))))\n"
            + "(call $expect (call $read (local.get $fd) (i32.const 200) (i32.const 128))"
            + " (i64.const -11) (i32.const 3))\n"
            + "(call $expect (call $kill (i32.wrap_i64 (call $getpid)) (i32.const 10))"
            + " (i64.const 0) (i32.const 4))\n"
            + "(call $expect (call $read (local.get $fd) (i32.const 200) (i32.const 256))"
            + " (i64.const 128) (i32.const 5))\n"
            + "(call $expect (i64.load32_u (i32.const 200)) (i64.const 10) (i32.const 6))\n"
            + "(call $expect (i64.load32_u (i32.const 212)) (call $getpid) (i32.const 7))\n"
            + "(call $expect (call $close (local.get $fd)) (i64.const 0) (i32.const 8))\n"
            + "(local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
            + "(br_if $more (i32.le_s (local.get $i) (i32.const "
            + rounds
            + "))))\n"
            + "(call $exit (i32.const 0))))");
  }

  @Test
  void aClosedSignalfdLeavesNoHostDescriptorBehind() throws IOException {
    // Warm up first: classes loaded on first use may open files of their own.
    assertEquals(ExitStatus.exited(0), run(module(1), dir));
    long before = openHostPipes();
    // Each signalfd holds a host pipe's two ends: its write end must be closed once the read end
    // is (when the next one is made) and at the process's end, or each round leaks one. Pipes
    // only, and no more than before: the JVM's other threads open and close files meanwhile (one
    // closed during the run made a count of every descriptor one short).
    assertEquals(ExitStatus.exited(0), run(module(20), dir));
    long after = openHostPipes();
    assertTrue(after <= before, "host pipe descriptors left open: " + before + " before, " + after);
  }

  private static long openHostPipes() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(SignalFdTest::isPipe).count();
    }
  }

  private static boolean isPipe(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
    } catch (IOException e) {
      // Closed since it was listed (the listing's own descriptor among them).
      return false;
    }
  }
}
