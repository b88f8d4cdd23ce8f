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
 * Differential tests of the corpus's socket and polling programs (toolchain/tests/c, loopback
 * only): built by wali-cc and by gcc, both builds must print the same stdout and exit with the same
 * status. Not listed until processes and threads exist: {@code sock_unix_stream} (fork) and {@code
 * poll_eventfd} (pthread_create). Set WALI_SYSROOT to a built wali-libc to spare wali-cc a rebuild.
 */
class NetProgramsTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path WALI_CC = ROOT.resolve("toolchain/bin/wali-cc");
  private static final Path CORPUS = ROOT.resolve("toolchain/tests/c");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "sock_accept_nonblock",
        "sock_msg",
        "sock_names",
        "sock_shutdown",
        "sock_socketpair",
        "sock_sockopt",
        "sock_tcp_ipv6",
        "sock_tcp_loopback",
        "sock_udp",
        "sock_unix_dgram",
        "poll_epoll",
        "poll_epoll_edge",
        "poll_pipes",
        "poll_select"
      })
  void sameOutputAndStatusAsNative(String program) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(WALI_CC), "no wali-cc at " + WALI_CC);
    assumeTrue(onPath("clang-22") && onPath("gcc"), "clang-22 or gcc missing");
    Path source = CORPUS.resolve(program + ".c");
    Path wasm = dir.resolve(program + ".wasm");
    Path exe = dir.resolve(program + ".native");
    exec(List.of(WALI_CC.toString(), "-O2", source.toString(), "-o", wasm.toString()));
    exec(List.of("gcc", "-O2", "-pthread", source.toString(), "-o", exe.toString()));

    Process p =
        new ProcessBuilder(exe.toString())
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("native.out").toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int nativeStatus = p.waitFor();

    int out = WaliModules.hostFdForWriting(dir.resolve("wali.out"));
    ExitStatus status;
    try {
      status =
          Wali.process(Files.readAllBytes(wasm))
              .argv(List.of(wasm.toString()))
              .cwd(dir)
              .stdio(0, out, 2)
              .run();
    } finally {
      WaliModules.closeHostFd(out);
    }
    String expected = Files.readString(dir.resolve("native.out"));
    assertEquals(ExitStatus.exited(0), ExitStatus.exited(nativeStatus), "the native build fails");
    assertEquals(expected, Files.readString(dir.resolve("wali.out")));
    assertEquals(ExitStatus.exited(nativeStatus), status);
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  private void exec(List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + log);
    }
  }
}
