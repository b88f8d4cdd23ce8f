package io.wali4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int wali(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** A module exporting {@code (func "f" (param i32 i32) (result i32) i32.div_s)}. */
  private Path divModule() throws IOException {
    byte[] bytes = {
      0x00,
      0x61,
      0x73,
      0x6d,
      0x01,
      0x00,
      0x00,
      0x00, // magic, version
      0x01,
      0x07,
      0x01,
      0x60,
      0x02,
      0x7f,
      0x7f,
      0x01,
      0x7f, // type section
      0x03,
      0x02,
      0x01,
      0x00, // function section
      0x07,
      0x05,
      0x01,
      0x01,
      0x66,
      0x00,
      0x00, // export "f"
      0x0a,
      0x09,
      0x01,
      0x07,
      0x00,
      0x20,
      0x00,
      0x20,
      0x01,
      0x6d,
      0x0b // body
    };
    Path file = dir.resolve("div.wasm");
    Files.write(file, bytes);
    return file;
  }

  @Test
  void invokePrintsTheResults() throws IOException {
    int status = wali("run", "--invoke", "f", divModule().toString(), "-7", "2");
    assertEquals(0, status, stderr());
    assertEquals("-3", stdout().trim());
  }

  @Test
  void trapEndsLikeTheSignalANativeProgramWouldDieOf() throws IOException {
    int status = wali("run", "--invoke", "f", divModule().toString(), "1", "0");
    assertEquals(128 + 8, status, "integer division by zero ends as SIGFPE");
    assertTrue(stderr().contains("trap: integer divide by zero"), stderr());
    assertFalse(stderr().contains("at io.wali4j"), "no Java stack trace: " + stderr());
  }

  @Test
  void everyJitModeGivesTheSameResultsAndTraps() throws IOException {
    for (String mode : new String[] {"off", "tiered", "eager"}) {
      out.reset();
      err.reset();
      String jit = "--jit=" + mode;
      assertEquals(0, wali("run", jit, "--invoke", "f", divModule().toString(), "-7", "2"), mode);
      assertEquals("-3", stdout().trim(), mode);
      int status = wali("run", jit, "--invoke", "f", divModule().toString(), "1", "0");
      assertEquals(128 + 8, status, mode + ": integer division by zero ends as SIGFPE");
    }
  }

  @Test
  void unknownJitModeIsAUsageError() throws IOException {
    int status = wali("run", "--jit=fast", "--invoke", "f", divModule().toString(), "1", "2");
    assertEquals(Main.EXIT_USAGE, status);
    assertTrue(stderr().contains("jit mode must be off, tiered or eager"), stderr());
  }

  @Test
  void malformedModuleGivesOneClearLine() throws IOException {
    Path file = dir.resolve("junk.wasm");
    Files.writeString(file, "not a module");
    int status = wali("run", file.toString());
    assertEquals(Main.EXIT_BAD_MODULE, status);
    assertTrue(stderr().contains("malformed module: magic header not detected"), stderr());
    assertEquals(1, stderr().strip().lines().count(), stderr());
  }

  @Test
  void noCommandPrintsTheUsageAndIsAUsageError() {
    assertEquals(Main.EXIT_USAGE, wali());
    assertEquals("", stdout());
    assertTrue(stderr().startsWith("wali: a command is required"), stderr());
    assertTrue(stderr().contains("Usage: wali"), stderr());
    assertTrue(stderr().contains("run       Run a module"), stderr());
  }

  @Test
  void everyCommandPrintsItsHelpOnStdout() throws IOException {
    for (String command : List.of("run", "compile", "validate")) {
      out.reset();
      assertEquals(0, wali(command, "--help"), command);
      assertTrue(stdout().startsWith("Usage: wali " + command), stdout());
    }
    out.reset();
    assertEquals(0, wali("run", "--help"));
    assertTrue(stdout().contains("--max-memory=N"), stdout());
  }

  @Test
  void wrongArgumentCountIsAUsageError() throws IOException {
    int status = wali("run", "--invoke", "f", divModule().toString(), "1");
    assertEquals(Main.EXIT_USAGE, status);
    assertTrue(stderr().contains("takes 2 arguments"), stderr());
  }

  @Test
  void missingExportIsNamed() throws IOException {
    int status = wali("run", divModule().toString());
    assertEquals(Main.EXIT_BAD_MODULE, status);
    assertTrue(stderr().contains("exports no function '_start'"), stderr());
  }

  @Test
  void missingFileIsReported() {
    int status = wali("run", dir.resolve("absent.wasm").toString());
    assertEquals(Main.EXIT_BAD_MODULE, status);
    assertTrue(stderr().contains("no such file"), stderr());
  }

  @Test
  void aDirectoryIsNotAModule() {
    assertEquals(Main.EXIT_BAD_MODULE, wali("run", dir.toString()));
    assertEquals("wali: " + dir + ": is a directory", stderr().strip());
  }

  @Test
  void aModuleImportingWaliRunsAsAProcessAndExitsWithItsStatus() throws IOException {
    Path wat = dir.resolve("argc.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "__cl_get_argc" (func $argc (result i32)))
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory (export "memory") 1 1 shared)
          (func (export "_start") (drop (call $exit (i32.add (i32.const 10) (call $argc))))))
        """);
    assertEquals(13, wali("run", wat.toString(), "a", "b"));
  }

  @Test
  void aProcessThatOutlivesItsParentRunsToItsEndBeforeTheLauncherReturns() throws IOException {
    // A daemon's shape: fork, the parent exits at once (status 7), the child sleeps 200 ms and
    // then creates a file. The JVM ends when the launcher returns, so returning at the parent's
    // exit would end the child before its file exists.
    Path marker = dir.resolve("made-by-the-child");
    Path wat = dir.resolve("daemon.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "SYS_fork" (func $fork (result i64)))
          (import "wali" "SYS_nanosleep" (func $nanosleep (param i32 i32) (result i64)))
          (import "wali" "SYS_openat" (func $openat (param i32 i32 i32 i32) (result i64)))
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory (export "memory") 1 1 shared)
          (data (i32.const 16) "\\00\\00\\00\\00\\00\\00\\00\\00\\00\\c2\\eb\\0b\\00\\00\\00\\00")
          (data (i32.const 64) "PATH\\00")
          (func (export "_start")
            (if (i64.eqz (call $fork))
              (then
                (drop (call $nanosleep (i32.const 16) (i32.const 0)))
                (drop (call $openat (i32.const -100) (i32.const 64) (i32.const 0x41) (i32.const 420)))
                (drop (call $exit (i32.const 0)))))
            (drop (call $exit (i32.const 7)))))
        """
            .replace("PATH", marker.toString()));
    assertEquals(7, wali("run", wat.toString()), stderr());
    assertTrue(Files.exists(marker), "the child was ended with its parent");
  }

  /** A WALI module that exits with 10 + argc, through a helper function with a loop. */
  private Path argcModule() throws IOException {
    Path wat = dir.resolve("argc-loop.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "__cl_get_argc" (func $argc (result i32)))
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory (export "memory") 1 1 shared)
          (func $plus (param $n i32) (param $k i32) (result i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $k)))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))
              (local.set $k (i32.sub (local.get $k) (i32.const 1)))
              (br $next)))
            (local.get $n))
          (func (export "_start")
            (drop (call $exit (call $plus (call $argc) (i32.const 10))))))
        """);
    return wat;
  }

  @Test
  void compileStoresTheModuleAndLaterRunsUseTheCachedCode() throws IOException {
    Path cache = dir.resolve("cache");
    String module = argcModule().toString();
    String opt = "--aot-cache=" + cache;
    // The compiler tier reports on the JVM's stderr, the launcher's own in a real run.
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(13, wali("run", opt, "--jit=eager", "-v=3", module, "a", "b"), stderr());
      assertTrue(stderr().contains("wali4j: jit: compiled 2 functions"), stderr());
      assertFalse(stderr().contains(" from "), "no artifact yet: " + stderr());
      assertEquals(0, wali("compile", opt, module), stderr());
      String line = stdout().strip();
      assertTrue(line.startsWith(module + ": 2 of 2 functions compiled to " + cache), line);
      String artifact = line.substring(line.indexOf(" to ") + 4);
      assertTrue(Files.isRegularFile(Path.of(artifact)), artifact);
      err.reset();
      assertEquals(13, wali("run", opt, "--jit=eager", "-v=3", module, "a", "b"), stderr());
      assertFalse(stderr().contains("jit: compiled"), "nothing compiled: " + stderr());
      assertTrue(
          stderr().contains("wali4j: jit: 2 functions of a module of ")
              && stderr().contains(" from " + artifact),
          stderr());
      err.reset();
      assertEquals(
          13, wali("run", "--aot-cache=none", "--jit=eager", "-v=3", module, "a", "b"), stderr());
      assertFalse(stderr().contains(" from "), "no lookup with none: " + stderr());
    } finally {
      System.setErr(saved);
      System.clearProperty("wali4j.jit.log");
    }
  }

  @Test
  void aotRecordNeedsACacheAndTurnsRecordingOn() throws IOException {
    String module = argcModule().toString();
    assertEquals(
        Main.EXIT_USAGE, wali("run", "--aot-cache=none", "--aot-record", module, "a", "b"));
    assertTrue(stderr().contains("--aot-record needs a cache"), stderr());
    assertNull(System.getProperty("wali4j.aot.record"));
    try {
      String opt = "--aot-cache=" + dir.resolve("cache");
      assertEquals(13, wali("run", opt, "--aot-record", module, "a", "b"), stderr());
      assertEquals("true", System.getProperty("wali4j.aot.record"));
    } finally {
      System.clearProperty("wali4j.aot.record");
    }
  }

  @Test
  void aCorruptArtifactIsReportedInOneLineAndTheRunGoesOn() throws IOException {
    Path cache = dir.resolve("cache");
    String module = argcModule().toString();
    String opt = "--aot-cache=" + cache;
    assertEquals(0, wali("compile", opt, module), stderr());
    String line = stdout().strip();
    Path artifact = Path.of(line.substring(line.indexOf(" to ") + 4));
    Files.write(artifact, new byte[] {'W', 'A', 'L', 'I', '4', 'J', 'A', 'C', 0, 0});
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(13, wali("run", opt, "--jit=eager", module, "a", "b"), stderr());
      assertEquals(1, stderr().strip().lines().count(), stderr());
      assertTrue(stderr().startsWith("wali4j: ignoring ahead-of-time code " + artifact), stderr());
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void compileHelpSaysHowTheProfileIsChosen() {
    assertEquals(0, wali("compile", "--help"), stderr());
    assertTrue(stdout().contains("--profile=FILE") && stdout().contains("--no-profile"), stdout());
    assertTrue(stdout().contains("--aot-record"), stdout());
  }

  @Test
  void compileWithAnUnusableProfileFileGivesOneLine() throws IOException {
    String module = argcModule().toString();
    String opt = "--aot-cache=" + dir.resolve("cache");
    Path missing = dir.resolve("missing.profile").toAbsolutePath();
    assertEquals(Main.EXIT_USAGE, wali("compile", opt, "--profile=" + missing, module));
    assertEquals("wali: " + module + ": profile " + missing + ": no such file", stderr().strip());
    err.reset();
    assertEquals(Main.EXIT_USAGE, wali("compile", opt, "--profile=" + missing, module, module));
    assertTrue(stderr().contains("--profile takes one MODULE"), stderr());
    err.reset();
    assertEquals(0, wali("compile", opt, "--no-profile", module), stderr());
    assertTrue(stdout().strip().endsWith(".wasmc"), "no profile named: " + stdout());
  }

  @Test
  void compileOfAMalformedModuleGivesOneLine() throws IOException {
    Path file = dir.resolve("junk.wasm");
    Files.writeString(file, "not a module");
    assertEquals(Main.EXIT_BAD_MODULE, wali("compile", "--aot-cache=" + dir, file.toString()));
    assertTrue(stderr().contains("malformed module: magic header not detected"), stderr());
    assertEquals(1, stderr().strip().lines().count(), stderr());
  }

  @Test
  void aWaliProcessThatTrapsExitsAsItsSignalWould() throws IOException {
    Path wat = dir.resolve("oob.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory (export "memory") 1 1 shared)
          (func (export "_start") (drop (i32.load (i32.const 70000)))))
        """);
    assertEquals(128 + 11, wali("run", wat.toString()));
  }

  /** A WALI module that exits with the byte length of its environment file. */
  private Path envLengthModule() throws IOException {
    Path wat = dir.resolve("envlen.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "__get_init_envfile" (func $envfile (param i32 i32) (result i32)))
          (import "wali" "SYS_open" (func $open (param i32 i32 i32) (result i64)))
          (import "wali" "SYS_read" (func $read (param i32 i32 i32) (result i64)))
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory (export "memory") 2)
          (func (export "_start")
            (drop (call $envfile (i32.const 1024) (i32.const 4096)))
            (drop (call $exit (i32.wrap_i64 (call $read
              (i32.wrap_i64 (call $open (i32.const 1024) (i32.const 0) (i32.const 0)))
              (i32.const 8192) (i32.const 65536)))))))
        """);
    return wat;
  }

  @Test
  void envFileAndEnvOptionsMakeTheInitialEnvironment() throws IOException {
    Path env = dir.resolve("env.txt");
    Files.writeString(env, "HOME=/nowhere\nLANG=C\n");
    String module = envLengthModule().toString();
    // "HOME=/nowhere\n" (14) + "LANG=C\n" (7)
    assertEquals(21, wali("run", "--env-file=" + env, module), stderr());
    // LANG replaced (LANG=fr_FR\n: 11), X added (X=1\n: 4)
    assertEquals(
        29, wali("run", "--env-file=" + env, "--env", "LANG=fr_FR", "--env", "X=1", module));
  }

  @Test
  void anUnreadableEnvFileIsAUsageError() throws IOException {
    int status = wali("run", "--env-file=" + dir.resolve("absent"), envLengthModule().toString());
    assertEquals(Main.EXIT_USAGE, status);
    assertTrue(stderr().contains("cannot read environment file"), stderr());
  }

  /** Recursion 20000 deep, then exit 0. */
  private Path deepModule() throws IOException {
    Path wat = dir.resolve("deep.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory 1)
          (func $down (param $d i32) (local i64 i64)
            (if (i32.gt_s (local.get $d) (i32.const 0))
              (then (call $down (i32.sub (local.get $d) (i32.const 1))))))
          (func (export "_start") (call $down (i32.const 20000)) (drop (call $exit (i32.const 0)))))
        """);
    return wat;
  }

  @Test
  void stackSizeTakesSuffixesAndBoundsTheStack() throws IOException {
    String module = deepModule().toString();
    // Compiled frames spend the same budget as interpreted ones.
    for (String jit : new String[] {"--jit=off", "--jit=tiered", "--jit=eager"}) {
      assertEquals(0, wali("run", jit, "--stack-size=8m", module), jit + stderr());
      assertEquals(128 + 11, wali("run", jit, "--stack-size=64k", module), jit);
      assertTrue(stderr().contains("call stack exhausted"), jit + stderr());
      assertEquals(0, wali("run", jit, "--stack-size", "1g", module), jit);
    }
  }

  /** A WALI module that grows memory a page at a time until refused, exits with its pages. */
  private Path growModule() throws IOException {
    Path wat = dir.resolve("grow.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory 1 200)
          (func (export "_start")
            (block $done (loop $more
              (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
              (br $more)))
            (drop (call $exit (memory.size)))))
        """);
    return wat;
  }

  @Test
  void maxMemoryStopsMemoryGrowthAtTheLimit() throws IOException {
    String module = growModule().toString();
    assertEquals(200, wali("run", module), stderr());
    assertEquals(16, wali("run", "--max-memory=1m", module), stderr());
  }

  @Test
  void aModuleWhoseMemoryMinimumIsOverMaxMemoryIsRefusedWithOneLine() throws IOException {
    int status = wali("run", "--max-memory=64k", envLengthModule().toString());
    assertEquals(Main.EXIT_BAD_MODULE, status);
    assertTrue(stderr().contains("memory minimum exceeds the memory limit"), stderr());
  }

  @Test
  void fuelEndsAnEndlessLoopAsSigxcpuForProcessesAndInvokedExports() throws IOException {
    Path wat = dir.resolve("spin.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory 1)
          (func (export "_start") (loop (br 0))))
        """);
    assertEquals(128 + 24, wali("run", "--fuel=100000", wat.toString()));
    assertTrue(stderr().contains("fuel exhausted"), stderr());
    Path plain = dir.resolve("spin2.wat");
    Files.writeString(plain, "(module (func (export \"spin\") (loop (br 0))))");
    assertEquals(128 + 24, wali("run", "--fuel=1000", "--invoke", "spin", plain.toString()));
  }

  @Test
  void anOutOfRangeLimitIsAUsageError() throws IOException {
    assertEquals(
        Main.EXIT_USAGE, wali("run", "--max-processes=0", deepModule().toString()), stderr());
    assertTrue(stderr().contains("processes limit must be in"), stderr());
  }

  @Test
  void aMalformedStackSizeIsAUsageError() throws IOException {
    assertEquals(Main.EXIT_USAGE, wali("run", "--stack-size=12x", deepModule().toString()));
    assertTrue(stderr().contains("not a size"), stderr());
  }

  @Test
  void verbosityZeroSilencesTheTrapReport() throws IOException {
    Path wat = dir.resolve("trap.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory 1)
          (func (export "_start") unreachable))
        """);
    assertEquals(128 + 4, wali("run", "-v=0", wat.toString()));
    assertEquals("", stderr());
    assertEquals(128 + 4, wali("run", "-v=3", wat.toString()));
    assertTrue(stderr().contains("trap: unreachable"), stderr());
    assertTrue(stderr().contains("ended"), stderr());
  }

  @Test
  void straceReportsEachSyscallOnStderr() throws IOException {
    Path wat = dir.resolve("trace.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "SYS_openat" (func $openat (param i32 i32 i32 i32) (result i64)))
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory 1)
          (data (i32.const 64) "/tmp/wali4j-absent-dir/x\\00")
          (func (export "_start")
            (drop (call $openat (i32.const -100) (i32.const 64) (i32.const 0) (i32.const 0)))
            (drop (call $exit (i32.const 5)))))
        """);
    assertEquals(5, wali("run", "--strace", wat.toString(), "arg"));
    assertEquals(
        "openat(AT_FDCWD, \"/tmp/wali4j-absent-dir/x\", O_RDONLY) = -2 ENOENT\n"
            + "exit_group(5) = ?",
        stderr().strip());
  }

  @Test
  void optionsAfterTheModuleBelongToTheProgram() throws IOException {
    Path wat = dir.resolve("argc.wat");
    Files.writeString(
        wat,
        """
        (module
          (import "wali" "__cl_get_argc" (func $argc (result i32)))
          (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
          (memory 1)
          (func (export "_start") (drop (call $exit (call $argc)))))
        """);
    assertEquals(3, wali("run", wat.toString(), "--strace", "-v=0"));
    assertEquals("", stderr());
    assertEquals(2, wali("run", wat.toString(), "--help"));
    assertEquals("", stdout() + stderr());
  }

  @Test
  void runStartsTheInterpretersWarmUpBeforeTheFirstRun() throws Exception {
    // A JVM of its own: the warm-up runs once per JVM, and this one's tests have started it.
    Path wat = dir.resolve("start.wat");
    Files.writeString(wat, "(module (func (export \"_start\")))");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String modules = System.getProperty("jdk.module.path");
    List<String> command = new ArrayList<>(List.of(java));
    if (modules != null) {
      command.addAll(List.of("-p", modules, "--add-modules", "ALL-MODULE-PATH"));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "-v=3",
            wat.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
    assertTrue(output.contains("dispatch warm-up on a thread of its own"), output);
  }
}
