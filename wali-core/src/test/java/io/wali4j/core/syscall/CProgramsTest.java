package io.wali4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Wali;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential tests: a C program built by the toolchain's wali-cc runs under wali4j with the same
 * stdout and exit status as the same source built natively by gcc, each in a fresh directory.
 * Skipped (not passed) where wali-cc's compiler or gcc is missing.
 */
class CProgramsTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path WALI_CC = ROOT.resolve("toolchain/bin/wali-cc");
  private static final Path SOURCES = ROOT.resolve("wali-core/src/test/resources/c");
  private static final Path CORPUS = ROOT.resolve("toolchain/tests/c");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hello", "fileio", "fsops", "jumps"})
  void sameOutputAndStatusAsNative(String program) throws IOException, InterruptedException {
    differential(SOURCES.resolve(program + ".c"), program);
  }

  /** Programs of the C corpus (toolchain/tests/c) that single-process WALI runs already pass. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jmp_setjmp"})
  void corpusProgramSameAsNative(String program) throws IOException, InterruptedException {
    differential(CORPUS.resolve(program + ".c"), program);
  }

  private void differential(Path source, String program) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(WALI_CC), "no wali-cc at " + WALI_CC);
    assumeTrue(onPath("clang-22") && onPath("gcc"), "clang-22 or gcc missing");
    Path wasm = dir.resolve(program + ".wasm");
    Path exe = dir.resolve(program + ".native");
    String include = "-I" + source.getParent();
    exec(
        dir, List.of(WALI_CC.toString(), "-O2", include, source.toString(), "-o", wasm.toString()));
    exec(dir, List.of("gcc", "-O2", include, source.toString(), "-o", exe.toString()));

    Path nativeDir = Files.createDirectory(dir.resolve("native"));
    Process p =
        new ProcessBuilder(exe.toString(), "world")
            .directory(nativeDir.toFile())
            .redirectOutput(dir.resolve("native.out").toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int nativeStatus = p.waitFor();

    Path waliDir = Files.createDirectory(dir.resolve("wali"));
    int out = WaliModules.hostFdForWriting(dir.resolve("wali.out"));
    ExitStatus status;
    try {
      status =
          Wali.process(Files.readAllBytes(wasm))
              .argv(List.of(program, "world"))
              .cwd(waliDir)
              .stdio(0, out, 2)
              .run();
    } finally {
      WaliModules.closeHostFd(out);
    }
    assertEquals(
        Files.readString(dir.resolve("native.out")), Files.readString(dir.resolve("wali.out")));
    assertEquals(ExitStatus.exited(nativeStatus), status);
  }

  static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  private static void exec(Path cwd, List<String> command)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + log);
    }
  }
}
