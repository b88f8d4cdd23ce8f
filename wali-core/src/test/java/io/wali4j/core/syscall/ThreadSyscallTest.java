package io.wali4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.api.SyscallTrap;
import io.wali4j.core.Wali;
import io.wali4j.core.kernel.Host;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.WasmException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads of a WALI process in small modules: __wasm_thread_spawn runs table 0 entry {@code
 * $thread} in a new instance over the shared memory; exit(2) ends one thread and exit_group or a
 * trap all of them; set_tid_address's word (and clone's CLONE_CHILD_CLEARTID word, in a forked
 * child) is cleared and woken at thread exit; futex errors. Words the tests use: 100 (the thread's
 * handshake), 104 (a global's value seen by the thread), 108 (its tid), 200 (a word that is never
 * woken).
 */
class ThreadSyscallTest {

  private static final Duration LIMIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static final String THREAD_IMPORTS =
      """
      (import "wali" "__wasm_thread_spawn" (func $spawn (param i32 i32) (result i32)))
      (import "wali" "SYS_futex" (func $futex (param i32 i32 i32 i32 i32 i32) (result i64)))
      (import "wali" "SYS_gettid" (func $gettid (result i64)))
      (import "wali" "SYS_set_tid_address" (func $set_tid_address (param i32) (result i64)))
      (import "wali" "SYS_exit" (func $thread_exit (param i32) (result i64)))
      (import "wali" "SYS_nanosleep" (func $nanosleep (param i32 i32) (result i64)))
      (import "wali" "SYS_clone" (func $clone (param i64 i32 i32 i32 i64) (result i64)))
      (import "wali" "SYS_wait4" (func $wait4 (param i32 i32 i32 i32) (result i64)))
      """;

  /**
   * A module whose table entry 1 is {@code $thread (tid, arg)} with body {@code thread}, and whose
   * {@code _start} runs {@code main}. {@code $await} waits (private futex) until word {@code addr}
   * is non-zero; {@code $sleep} waits {@code ms} on a word nobody wakes; {@code $forever} blocks.
   */
  private static byte[] module(String thread, String main) {
    return Wat.compile(
        "(module\n"
            + WaliModules.IMPORTS
            + THREAD_IMPORTS
            + "(memory (export \"memory\") 2 64 shared)\n"
            + "(global $g (mut i32) (i32.const 0))\n"
            + "(table 2 funcref)\n"
            + "(elem (i32.const 1) $thread)\n"
            + WaliModules.HELPERS
            + """
            (func $await (param $addr i32)
              (loop $l
                (if (i32.eqz (i32.atomic.load (local.get $addr)))
                  (then
                    (drop (call $futex (local.get $addr) (i32.const 128) (i32.const 0)
                      (i32.const 0) (i32.const 0) (i32.const 0)))
                    (br $l)))))
            (func $awaitGone (param $addr i32) (local $v i32)
              ;; Until a thread's set_tid_address word is cleared at its exit (a shared futex wait).
              (loop $l
                (local.set $v (i32.atomic.load (local.get $addr)))
                (if (local.get $v)
                  (then
                    (drop (call $futex (local.get $addr) (i32.const 0) (local.get $v)
                      (i32.const 0) (i32.const 0) (i32.const 0)))
                    (br $l)))))
            (func $sleep (param $ms i32)
              (i64.store (i32.const 300) (i64.const 0))
              (i64.store (i32.const 308) (i64.mul (i64.extend_i32_u (local.get $ms)) (i64.const 1000000)))
              (drop (call $futex (i32.const 200) (i32.const 128) (i32.const 0)
                (i32.const 300) (i32.const 0) (i32.const 0))))
            (func $forever
              (loop $l
                (drop (call $futex (i32.const 200) (i32.const 128) (i32.const 0)
                  (i32.const 0) (i32.const 0) (i32.const 0)))
                (br $l)))
            (func $signal (param $addr i32) (param $v i32)
              (i32.atomic.store (local.get $addr) (local.get $v))
              (drop (call $futex (local.get $addr) (i32.const 129) (i32.const 1)
                (i32.const 0) (i32.const 0) (i32.const 0))))
            """
            + "(func $thread (param $tid i32) (param $arg i32)\n"
            + thread
            + ")\n(func (export \"_start\")\n"
            + main
            + "))");
  }

  private ExitStatus run(byte[] module) {
    return run(module, b -> b);
  }

  /** Runs {@code module} as app.wasm in {@code dir}, with the builder's further {@code options}. */
  private ExitStatus run(byte[] module, UnaryOperator<Wali.Builder> options) {
    return assertTimeoutPreemptively(
        LIMIT,
        () ->
            options
                .apply(Wali.process(module).argv(List.of("app.wasm")).env(Map.of()).cwd(dir))
                .run());
  }

  @Test
  void aSpawnedThreadHasItsOwnTidAndGlobalsAndSharesMemory() {
    // The thread sees $g at its initial 0 although main set it to 5; it reports arg, tid, gettid.
    byte[] m =
        module(
            """
            (i32.store (i32.const 104) (i32.add (global.get $g) (local.get $arg)))
            (global.set $g (i32.const 9))
            (i32.store (i32.const 108) (local.get $tid))
            (if (i64.ne (call $gettid) (i64.extend_i32_u (local.get $tid)))
              (then (call $exit (i32.const 50))))
            (call $signal (i32.const 100) (i32.const 1))
            (drop (call $thread_exit (i32.const 0)))
            """,
            """
            (local $tid i32)
            (global.set $g (i32.const 5))
            (local.set $tid (call $spawn (i32.const 1) (i32.const 40)))
            (if (i32.le_s (local.get $tid) (i32.const 0)) (then (call $exit (i32.const 10))))
            (call $await (i32.const 100))
            (if (i32.ne (i32.load (i32.const 108)) (local.get $tid)) (then (call $exit (i32.const 11))))
            (if (i64.eq (call $gettid) (i64.extend_i32_u (local.get $tid))) (then (call $exit (i32.const 12))))
            (if (i64.ne (call $gettid) (call $getpid)) (then (call $exit (i32.const 13))))
            (if (i32.ne (global.get $g) (i32.const 5)) (then (call $exit (i32.const 14))))
            (call $exit (i32.load (i32.const 104)))
            """);
    assertEquals(ExitStatus.exited(40), run(m));
  }

  @Test
  void spawningAnEntryThatIsNotThereFails() {
    byte[] m =
        module(
            "",
            """
            (if (i32.ge_s (call $spawn (i32.const 7) (i32.const 0)) (i32.const 0))
              (then (call $exit (i32.const 1))))
            (if (i32.ge_s (call $spawn (i32.const 0) (i32.const 0)) (i32.const 0))
              (then (call $exit (i32.const 2))))
            (call $exit (i32.const 0))
            """);
    assertEquals(ExitStatus.exited(0), run(m));
  }

  @Test
  void spawnWithWildArgumentsStartsTheOneValidEntryAndOtherwiseReturnsEinval() {
    // Table 0 holds null at 0 and $thread at 1; every other index is outside it. Each call must
    // return a tid or -EINVAL (-EAGAIN past a limit); every thread started must run.
    int[] fns = {0, 1, 2, 7, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x10000};
    int[] args = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};
    StringBuilder main = new StringBuilder("(local $r i32) (local $n i32) (local $wait i32)\n");
    for (int fn : fns) {
      for (int arg : args) {
        main.append("(local.set $r (call $spawn (i32.const ")
            .append(fn)
            .append(") (i32.const ")
            .append(arg)
            .append(")))\n")
            .append(
                """
                (if (i32.gt_s (local.get $r) (i32.const 0))
                  (then (local.set $n (i32.add (local.get $n) (i32.const 1))))
                  (else (if (i32.and (i32.ne (local.get $r) (i32.const -22))
                                     (i32.ne (local.get $r) (i32.const -11)))
                    (then (call $exit (i32.const 100))))))
                """);
      }
    }
    main.append(
        """
        (block $done (loop $l
          (br_if $done (i32.eq (i32.atomic.load (i32.const 400)) (local.get $n)))
          (br_if $done (i32.gt_u (local.get $wait) (i32.const 5000)))
          (call $sleep (i32.const 1))
          (local.set $wait (i32.add (local.get $wait) (i32.const 1)))
          (br $l)))
        (if (i32.ne (i32.atomic.load (i32.const 400)) (local.get $n)) (then (call $exit (i32.const 101))))
        (call $exit (local.get $n))
        """);
    byte[] m =
        module(
            """
            (drop (i32.atomic.rmw.add (i32.const 400) (i32.const 1)))
            (drop (call $thread_exit (i32.const 0)))
            """,
            main.toString());
    assertEquals(ExitStatus.exited(args.length), run(m));
  }

  @Test
  void whenTheMainThreadExitsTheOthersGoOnAndItsStatusIsTheProcesss() {
    byte[] m =
        module(
            """
            (call $sleep (i32.const 50))
            (drop (call $thread_exit (i32.const 9)))
            """,
            """
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (drop (call $thread_exit (i32.const 5)))
            (call $exit (i32.const 99))
            """);
    assertEquals(ExitStatus.exited(5), run(m));
  }

  @Test
  void exitGroupFromAThreadAfterTheMainThreadExitedSetsTheStatus() {
    byte[] m =
        module(
            """
            (call $sleep (i32.const 50))
            (call $exit (i32.const 7))
            """,
            """
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (drop (call $thread_exit (i32.const 5)))
            """);
    assertEquals(ExitStatus.exited(7), run(m));
  }

  @Test
  void exitGroupFromAThreadStopsAMainThreadBlockedInAFutexWait() {
    byte[] m =
        module(
            """
            (call $sleep (i32.const 20))
            (call $exit (i32.const 3))
            """,
            """
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (call $forever)
            """);
    assertEquals(ExitStatus.exited(3), run(m));
  }

  @Test
  void exitGroupFromAThreadEndsTheProcessWhileTheMainThreadComputesWithoutSyscalls() {
    // Thread 1 sleeps 5 s in the host's nanosleep, then lets main's spin loop end; thread 2 ends
    // the process after 20 ms. The run must not wait for main to reach a syscall.
    byte[] m =
        module(
            """
            (if (i32.eq (local.get $arg) (i32.const 1))
              (then
                (i64.store (i32.const 400) (i64.const 5))
                (i64.store (i32.const 408) (i64.const 0))
                (drop (call $nanosleep (i32.const 400) (i32.const 0)))
                (i32.atomic.store (i32.const 500) (i32.const 1)))
              (else
                (call $sleep (i32.const 20))
                (call $exit (i32.const 3))))
            """,
            """
            (drop (call $spawn (i32.const 1) (i32.const 1)))
            (drop (call $spawn (i32.const 1) (i32.const 2)))
            (loop $spin (br_if $spin (i32.eqz (i32.atomic.load (i32.const 500)))))
            (call $exit (i32.const 9))
            """);
    assertEquals(
        ExitStatus.exited(3),
        assertTimeoutPreemptively(
            Duration.ofSeconds(4),
            () -> Wali.process(m).argv(List.of("app.wasm")).env(Map.of()).cwd(dir).run()));
  }

  @Test
  void exitGroupStopsAThreadSpinningWithoutSyscalls() throws InterruptedException {
    // The thread spins in pure Wasm for ever; main's exit_group must stop it at a safe point, not
    // leave its Java thread running after the process ended.
    Set<Thread> before = waliThreads();
    byte[] m =
        module(
            """
            (call $signal (i32.const 100) (i32.const 1))
            (loop $spin (br $spin))
            """,
            """
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (call $await (i32.const 100))
            (call $exit (i32.const 3))
            """);
    assertEquals(ExitStatus.exited(3), run(m));
    assertNoneLeftBeyond(before);
  }

  @Test
  void exitGroupStopsAThreadBlockedReadingAPipe() throws InterruptedException {
    // The thread reads stdin, a host pipe whose write end only this test holds: no data and no
    // end of file ever comes. Main's exit_group must wake it from its poll and stop it at the
    // safe point that follows, not leave its Java thread blocked (with the process's scratch
    // buffer and descriptors in use) after the process ended.
    Host host = WaliModules.HOST;
    long fds = NativeAccess.U.allocateMemory(8);
    long r = host.trap().syscall2(host.nr().pipe2, fds, O_CLOEXEC);
    assertEquals(0, r, "pipe2");
    int readEnd = NativeAccess.U.getInt(fds);
    int writeEnd = NativeAccess.U.getInt(fds + 4);
    NativeAccess.U.freeMemory(fds);
    try {
      Set<Thread> before = waliThreads();
      byte[] m =
          module(
              """
              (call $signal (i32.const 100) (i32.const 1))
              (drop (call $read (i32.const 0) (i32.const 500) (i32.const 16)))
              """,
              """
              (drop (call $spawn (i32.const 1) (i32.const 0)))
              (call $await (i32.const 100))
              (call $sleep (i32.const 50))
              (call $exit (i32.const 4))
              """);
      assertEquals(ExitStatus.exited(4), run(m, b -> b.stdio(readEnd, 1, 2)));
      assertNoneLeftBeyond(before);
    } finally {
      host.trap().syscall1(host.nr().close, writeEnd);
      host.trap().syscall1(host.nr().close, readEnd);
    }
  }

  private static final int O_CLOEXEC = 0x80000;

  /** Within 2 s, no Java thread runs a WALI thread but those of {@code before}. */
  private static void assertNoneLeftBeyond(Set<Thread> before) throws InterruptedException {
    Set<Thread> left = waliThreads();
    for (int i = 0; i < 200 && !before.containsAll(left); i++) {
      Thread.sleep(10);
      left = waliThreads();
    }
    left.removeAll(before);
    assertEquals(Set.of(), left);
  }

  /** The live Java threads that run WALI threads. */
  private static Set<Thread> waliThreads() {
    Set<Thread> out = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("wali-")) {
        out.add(t);
      }
    }
    return out;
  }

  @Test
  void anInvalidModuleIsStillReportedToTheCaller() {
    byte[] m = module("", "(call $exit (i32.const 0))");
    // A module importing what WALI lacks does not link: run() throws, as before threads.
    byte[] unlinkable =
        Wat.compile(
            "(module (import \"wali\" \"SYS_no_such_call\" (func)) (memory 1)"
                + " (func (export \"_start\")))");
    assertThrows(
        WasmException.class,
        () -> Wali.process(unlinkable).argv(List.of("app.wasm")).env(Map.of()).cwd(dir).run());
    assertEquals(ExitStatus.exited(0), run(m));
  }

  @Test
  void aTrapInAThreadEndsTheProcessLikeItsSignal() {
    byte[] m =
        module(
            """
            (call $sleep (i32.const 20))
            unreachable
            """,
            """
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (call $forever)
            """);
    assertEquals(ExitStatus.signaled(4), run(m));
  }

  @Test
  void exitGroupFromTheMainThreadStopsThreadsBlockedInFutexWaits() {
    byte[] m =
        module(
            "(call $forever)",
            """
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (call $sleep (i32.const 20))
            (call $exit (i32.const 6))
            """);
    assertEquals(ExitStatus.exited(6), run(m));
  }

  @Test
  void theProcessEndsAlthoughAThreadIsBlockedInAHostSleep() {
    // The thread sleeps 30 s in the host's nanosleep, which no interrupt ends: the process still
    // ends with main's exit_group, leaving the sleeper behind.
    byte[] m =
        module(
            """
            (i64.store (i32.const 400) (i64.const 30))
            (i64.store (i32.const 408) (i64.const 0))
            (call $signal (i32.const 100) (i32.const 1))
            (drop (call $nanosleep (i32.const 400) (i32.const 0)))
            """,
            """
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (call $await (i32.const 100))
            (call $exit (i32.const 8))
            """);
    assertEquals(
        ExitStatus.exited(8),
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> Wali.process(m).argv(List.of("app.wasm")).env(Map.of()).cwd(dir).run()));
  }

  /** An embedder's unwind, as a kill through a syscall hook throws it. */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super("stopped by the embedder", null, false, false);
    }
  }

  /** The host trap, except that uname throws {@link Stop}. */
  private static SyscallTrap stopAtUname(SyscallTrap t, int uname) {
    return new SyscallTrap() {
      @Override
      public long syscall0(int nr) {
        return t.syscall0(nr);
      }

      @Override
      public long syscall1(int nr, long a1) {
        if (nr == uname) {
          throw new Stop();
        }
        return t.syscall1(nr, a1);
      }

      @Override
      public long syscall2(int nr, long a1, long a2) {
        return t.syscall2(nr, a1, a2);
      }

      @Override
      public long syscall3(int nr, long a1, long a2, long a3) {
        return t.syscall3(nr, a1, a2, a3);
      }

      @Override
      public long syscall4(int nr, long a1, long a2, long a3, long a4) {
        return t.syscall4(nr, a1, a2, a3, a4);
      }

      @Override
      public long syscall5(int nr, long a1, long a2, long a3, long a4, long a5) {
        return t.syscall5(nr, a1, a2, a3, a4, a5);
      }

      @Override
      public long syscall6(int nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        return t.syscall6(nr, a1, a2, a3, a4, a5, a6);
      }
    };
  }

  @Test
  void anEmbeddersUnwindInAThreadEndsTheProcessAndSurfacesFromRun() {
    // The thread's uname throws; main waits for ever. run() ends and throws what the thread met.
    byte[] m =
        module(
            "(drop (call $uname (i32.const 1024)))",
            """
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (call $forever)
            """);
    Host host = WaliModules.HOST;
    Host hooked = new Host(stopAtUname(host.trap(), host.nr().uname), host.backend());
    assertThrows(Stop.class, () -> run(m, b -> b.host(hooked)));
  }

  @Test
  void straceMarksTheCallsOfOtherThreadsWithTheirTid() {
    byte[] m =
        module(
            """
            (i32.store (i32.const 108) (local.get $tid))
            (drop (call $set_tid_address (i32.const 108)))
            (drop (call $gettid))
            (call $signal (i32.const 100) (i32.const 1))
            (drop (call $thread_exit (i32.const 0)))
            """,
            // Main ends only once the thread is gone (its set_tid_address word cleared), so its
            // exit_group cannot cut the thread's exit short of the trace.
            """
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (call $await (i32.const 100))
            (call $awaitGone (i32.const 108))
            (call $exit (i32.const 0))
            """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream diagnostics = new PrintStream(out, true, StandardCharsets.UTF_8);
    ExitStatus s = run(m, b -> b.strace(true).diagnostics(diagnostics));
    assertEquals(ExitStatus.exited(0), s);
    String trace = out.toString(StandardCharsets.UTF_8);
    Matcher gettid = Pattern.compile("(?m)^\\[pid (\\d+)\\] gettid\\(\\) = (\\d+)$").matcher(trace);
    assertTrue(gettid.find(), trace);
    assertEquals(gettid.group(1), gettid.group(2));
    assertTrue(trace.contains("[pid " + gettid.group(1) + "] exit(0) = ?"), trace);
    assertTrue(
        Pattern.compile("(?m)^exit_group\\(0\\) = \\?$").matcher(trace).find(),
        "the main thread's calls carry no mark: " + trace);
  }

  @Test
  void theSetTidAddressWordIsClearedAndWokenWhenTheThreadExits() {
    // The thread stores its tid at 108 and registers it; main waits (shared futex) for 0.
    byte[] m =
        module(
            """
            (i32.store (i32.const 108) (local.get $tid))
            (if (i64.ne (call $set_tid_address (i32.const 108)) (i64.extend_i32_u (local.get $tid)))
              (then (call $exit (i32.const 20))))
            (call $signal (i32.const 100) (i32.const 1))
            (call $sleep (i32.const 20))
            (drop (call $thread_exit (i32.const 0)))
            """,
            """
            (drop (call $spawn (i32.const 1) (i32.const 0)))
            (call $await (i32.const 100))
            (call $awaitGone (i32.const 108))
            (call $exit (i32.const 0))
            """);
    assertEquals(ExitStatus.exited(0), run(m));
  }

  @Test
  void cloneChildCleartidIsClearedAndWokenWhenTheChildsThreadExits() {
    // clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD) with child_tid 108: the child's
    // main thread spawns a thread and exits; the thread sees 108 go from the child's pid to 0
    // (a shared futex wait) and ends the child with 33, which the parent reads through wait4.
    byte[] m =
        module(
            """
            (call $awaitGone (i32.const 108))
            (call $exit (i32.const 33))
            """,
            """
            (local $pid i64)
            (local.set $pid (call $must (call $clone (i64.const 0x1200011) (i32.const 0)
                                          (i32.const 0) (i32.const 108) (i64.const 0))))
            (if (i64.eqz (local.get $pid))
              (then
                (if (i64.ne (i64.extend_i32_s (i32.load (i32.const 108))) (call $getpid))
                  (then (call $exit (i32.const 34))))
                (drop (call $spawn (i32.const 1) (i32.const 0)))
                (drop (call $thread_exit (i32.const 0)))))
            (if (i64.ne (call $wait4 (i32.wrap_i64 (local.get $pid)) (i32.const 128) (i32.const 0)
                          (i32.const 0))
                        (local.get $pid))
              (then (call $exit (i32.const 1))))
            (call $exit (i32.shr_u (i32.load (i32.const 128)) (i32.const 8)))
            """);
    assertEquals(ExitStatus.exited(33), run(m));
  }

  @Test
  void futexRefusesMisalignedAndOutOfRangeWordsAndUnknownOperations() {
    byte[] m =
        module(
            "",
            """
            (if (i64.ne (call $futex (i32.const 2) (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))
                        (i64.const -22))
              (then (call $exit (i32.const 1))))
            (if (i64.ne (call $futex (i32.const 0x7ffffffc) (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))
                        (i64.const -14))
              (then (call $exit (i32.const 2))))
            (if (i64.ne (call $futex (i32.const 0) (i32.const 6) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
                        (i64.const -38))
              (then (call $exit (i32.const 3))))
            (if (i64.ne (call $futex (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))
                        (i64.const -11))
              (then (call $exit (i32.const 4))))
            (call $exit (i32.const 0))
            """);
    assertEquals(ExitStatus.exited(0), run(m));
  }
}
