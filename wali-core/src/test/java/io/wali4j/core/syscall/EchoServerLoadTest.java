package io.wali4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Wali;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load on the network path: a TCP echo server built with wali-cc (one epoll loop, one process)
 * serves 10000 requests over 10 loopback connections from a client built natively with gcc; every
 * reply must come back byte for byte and the server must account for every byte.
 */
class EchoServerLoadTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path WALI_CC = ROOT.resolve("toolchain/bin/wali-cc");
  private static final Path SOURCES = ROOT.resolve("wali-core/src/test/resources/c/load");

  static final int CONNECTIONS = 10;
  static final int REQUESTS = 10_000;
  static final int MESSAGE = 64;

  @TempDir Path dir;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aWaliEchoServerAnswersTenThousandRequestsFromANativeClientWithNoLoss() throws Exception {
    assumeTrue(Files.isExecutable(WALI_CC), "no wali-cc at " + WALI_CC);
    assumeTrue(CProgramsTest.onPath("clang-22") && CProgramsTest.onPath("gcc"), "no compilers");
    Path server = dir.resolve("echo_server.wasm");
    Path client = dir.resolve("echo_client");
    run(List.of(WALI_CC.toString(), "-O2", src("echo_server.c"), "-o", server.toString()));
    run(List.of("gcc", "-O2", src("echo_client.c"), "-o", client.toString()));

    Path serverDir = Files.createDirectory(dir.resolve("server"));
    int out = WaliModules.hostFdForWriting(dir.resolve("server.out"));
    CompletableFuture<ExitStatus> serving =
        CompletableFuture.supplyAsync(
            () ->
                Wali.process(readBytes(server))
                    .argv(List.of("echo_server", Integer.toString(CONNECTIONS)))
                    .env(Map.of())
                    .cwd(serverDir)
                    .stdio(0, out, 2)
                    .run());
    try {
      Path portFile = serverDir.resolve("port");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(portFile) && !serving.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(Files.exists(portFile), "the server published no port");
      String port = Files.readString(portFile).strip();

      long start = System.nanoTime();
      Process c =
          new ProcessBuilder(
                  client.toString(),
                  port,
                  Integer.toString(CONNECTIONS),
                  Integer.toString(REQUESTS))
              .redirectErrorStream(true)
              .start();
      String clientOut = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(c.waitFor(120, TimeUnit.SECONDS), "the client did not finish");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(0, c.exitValue(), clientOut);
      assertEquals(REQUESTS + " of " + REQUESTS + " requests echoed", clientOut.strip());

      assertEquals(ExitStatus.exited(0), serving.get(60, TimeUnit.SECONDS));
      assertEquals(
          "served " + CONNECTIONS + " connections, " + (long) REQUESTS * MESSAGE + " bytes echoed",
          Files.readString(dir.resolve("server.out")).strip());
      System.out.println(
          "echo load: "
              + REQUESTS
              + " requests over "
              + CONNECTIONS
              + " connections in "
              + millis
              + " ms");
    } finally {
      WaliModules.closeHostFd(out);
    }
  }

  private static String src(String name) {
    return SOURCES.resolve(name).toString();
  }

  private static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + log);
  }
}
