package io.wali4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Wali;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
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

/**
 * The run options of the embedding API the CLI maps its flags onto: the environment (an env file,
 * single overrides), the stack budget, the verbosity and {@code --strace}'s one line per syscall.
 */
class RunOptionsTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream diagnostics = new PrintStream(err, true, StandardCharsets.UTF_8);

  private String diagnostics() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Exits with the byte length of the environment file the runtime hands the program. */
  private static final byte[] ENV_FILE_LENGTH =
      WaliModules.module(
          "",
          """
          (local $fd i64)
          (if (i32.eqz (call $envfile (i32.const 1024) (i32.const 4096))) (then (call $exit (i32.const 255))))
          (local.set $fd (call $must (call $open (i32.const 1024) (i32.const 0) (i32.const 0))))
          (call $exit (i32.wrap_i64
            (call $must (call $read (i32.wrap_i64 (local.get $fd)) (i32.const 8192) (i32.const 65536)))))
          """);

  private static int serializedLength(Map<String, String> env) {
    int n = 0;
    for (Map.Entry<String, String> e : env.entrySet()) {
      n += (e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8).length;
    }
    return n;
  }

  @Test
  void envFileReplacesTheHostEnvironmentAndEnvOverridesAdd() throws IOException {
    Path file = dir.resolve("env.txt");
    Files.writeString(file, "A=1\n\nBB=2=2\nA=x\n");
    ExitStatus fromFile =
        Wali.process(ENV_FILE_LENGTH).cwd(dir).envFile(file).diagnostics(diagnostics).run();
    // A=x (the later line wins) and BB=2=2 (the value keeps its '=').
    assertEquals(ExitStatus.exited(serializedLength(Map.of("A", "x", "BB", "2=2"))), fromFile);
    ExitStatus overridden =
        Wali.process(ENV_FILE_LENGTH)
            .cwd(dir)
            .envFile(file)
            .env("A", "long value")
            .env("C", "3")
            .run();
    assertEquals(
        ExitStatus.exited(serializedLength(Map.of("A", "long value", "BB", "2=2", "C", "3"))),
        overridden);
  }

  @Test
  void theDefaultEnvironmentIsTheHosts() {
    int expected = serializedLength(System.getenv()) % 256;
    ExitStatus status = Wali.process(ENV_FILE_LENGTH).cwd(dir).run();
    assertEquals(ExitStatus.exited(expected), status);
  }

  @Test
  void anEnvFileLineWithoutANameIsRejected() throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "GOOD=1\njust words\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Wali.process(ENV_FILE_LENGTH).envFile(file));
    assertTrue(e.getMessage().contains("bad.txt:2"), e.getMessage());
  }

  /** Recurses $n deep (each frame 4 locals), then exits 0. */
  private static byte[] recursion(int n) {
    return Wat.compile(
        "(module\n"
            + "(import \"wali\" \"SYS_exit_group\" (func $exit (param i32) (result i64)))\n"
            + "(memory 1)\n"
            + "(func $down (param $d i32) (local i64 i64 i64)\n"
            + "  (if (i32.gt_s (local.get $d) (i32.const 0))\n"
            + "    (then (call $down (i32.sub (local.get $d) (i32.const 1))))))\n"
            + "(func (export \"_start\") (call $down (i32.const "
            + n
            + ")) (drop (call $exit (i32.const 0)))))");
  }

  @Test
  void stackSizeBoundsTheWasmStack() {
    byte[] deep = recursion(20_000);
    assertEquals(ExitStatus.exited(0), Wali.process(deep).cwd(dir).run());
    ExitStatus small =
        Wali.process(deep).cwd(dir).stackSize(64 << 10).diagnostics(diagnostics).run();
    assertEquals(ExitStatus.signaled(11), small, "call stack exhausted ends as SIGSEGV");
    assertTrue(diagnostics().contains("call stack exhausted"), diagnostics());
    assertEquals(
        ExitStatus.exited(0), Wali.process(deep).cwd(dir).stackSize(64 << 20).run(), "64 MiB");
  }

  @Test
  void verbosityZeroSilencesTrapsAndThreeReportsTheEnd() {
    byte[] trap =
        Wat.compile(
            "(module (import \"wali\" \"SYS_exit_group\" (func $exit (param i32) (result i64)))"
                + " (memory 1) (func (export \"_start\") unreachable))");
    assertEquals(
        ExitStatus.signaled(4),
        Wali.process(trap).cwd(dir).verbosity(0).diagnostics(diagnostics).run());
    assertEquals("", diagnostics());
    Wali.process(trap).cwd(dir).verbosity(3).diagnostics(diagnostics).run();
    assertTrue(diagnostics().contains("trap: unreachable"), diagnostics());
    assertTrue(diagnostics().contains("ended"), diagnostics());
  }

  @Test
  void stracePrintsOneDecodedLinePerSyscall() {
    byte[] m =
        WaliModules.module(
            WaliModules.cstrings(1024, "/nonexistent/x", "hi\\n"),
            """
            (drop (call $openat (i32.const -100) (i32.const 1024) (i32.const 0) (i32.const 0)))
            (drop (call $openat (i32.const -100) (i32.const 1024) (i32.const 0x80241) (i32.const 0x1a4)))
            (drop (call $close (i32.const 77)))
            (drop (call $getpid))
            (drop (call $read (i32.const 55) (i32.const 4096) (i32.const 0)))
            (call $exit (i32.const 3))
            """);
    ExitStatus status =
        Wali.process(m).cwd(dir).env(Map.of()).strace(true).diagnostics(diagnostics).run();
    assertEquals(ExitStatus.exited(3), status);
    // The pid is virtual (the process table's): whatever it is, the line shows a number.
    List<String> lines =
        diagnostics()
            .lines()
            .map(l -> l.replaceFirst("^getpid\\(\\) = \\d+$", "getpid() = N"))
            .toList();
    assertEquals(
        List.of(
            "openat(AT_FDCWD, \"/nonexistent/x\", O_RDONLY) = -2 ENOENT",
            "openat(AT_FDCWD, \"/nonexistent/x\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644)"
                + " = -2 ENOENT",
            "close(77) = -9 EBADF",
            "getpid() = N",
            "read(55, 0x1000, 0) = -9 EBADF",
            "exit_group(3) = ?"),
        lines);
  }

  @Test
  void withoutStraceNothingIsPrinted() {
    byte[] m = WaliModules.module("", "(call $exit (i32.const 0))");
    assertEquals(ExitStatus.exited(0), Wali.process(m).cwd(dir).diagnostics(diagnostics).run());
    assertEquals("", diagnostics());
  }

  @Test
  void argumentKindsComeFromTheAbiTable() {
    FuncType openat =
        new FuncType(
            new ValType[] {ValType.I32, ValType.I32, ValType.I32, ValType.I32},
            new ValType[] {ValType.I64});
    assertArrayEquals(
        new SyscallTrace.Kind[] {
          SyscallTrace.Kind.DIRFD,
          SyscallTrace.Kind.PATH,
          SyscallTrace.Kind.OPEN_FLAGS,
          SyscallTrace.Kind.MODE
        },
        SyscallTrace.kinds("openat", openat));
    assertEquals(SyscallTrace.Kind.POINTER, SyscallTrace.kind("read", "void* buf"));
    assertEquals(SyscallTrace.Kind.UINT, SyscallTrace.kind("read", "size_t count"));
    assertEquals(SyscallTrace.Kind.PATH, SyscallTrace.kind("rename", "char* oldpath"));
    assertEquals(SyscallTrace.Kind.INT, SyscallTrace.kind("fcntl", "int flags"));
    assertEquals("ENOENT", SyscallTrace.errnoName(2));
    assertEquals("EAGAIN", SyscallTrace.errnoName(11));
    assertEquals("E4000", SyscallTrace.errnoName(4000));
    StringBuilder sb = new StringBuilder();
    SyscallTrace.appendOpenFlags(sb, 2 | 0100 | 0x40000000);
    assertEquals("O_RDWR|O_CREAT|0x40000000", sb.toString());
  }
}
