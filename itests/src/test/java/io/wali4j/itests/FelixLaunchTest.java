package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.itests.osgi.WaliPrograms;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ./wali-felix starts the distribution's Felix layout (its launcher, conf/config.properties and
 * bundle/, not the pax-exam container): Gogo reads commands from stdin, {@code wali:run} runs a
 * program, and the end of input stops the framework.
 */
class FelixLaunchTest {

  @Test
  void theScriptStartsTheLayoutAndRunsAProgram() throws IOException, InterruptedException {
    String output = runInFelix("wali:run " + program("hello") + " from-felix\n");
    assertTrue(output.contains("hello from a WALI process: argc=2 argv[1]=from-felix"), output);
    assertTrue(output.matches("(?s).*\\R3\\R.*"), "the exit status is printed:\n" + output);
  }

  /**
   * execve of /bin/echo: the host spawner of the wali-native bundle reaches the core through the
   * service registry (ServiceLoader finds nothing in Felix), the native program writes to the WALI
   * process's stdout, and its exit status 0 is the process's.
   */
  @Test
  void aProgramExecsANativeBinary() throws IOException, InterruptedException {
    String output = runInFelix("wali:run " + program("exec_echo") + " from-felix\n");
    assertTrue(output.contains("exec from-felix"), output);
    assertFalse(output.contains("execve failed"), output);
    assertTrue(output.matches("(?s).*\\R0\\R.*"), "the exit status is printed:\n" + output);
  }

  /** The path of the test program {@code name}, built first when needed. */
  private static String program(String name) throws IOException, InterruptedException {
    WaliPrograms.buildAll();
    return WaliPrograms.path(name);
  }

  /** Runs ./wali-felix with {@code commands} on stdin; returns its output once it stopped. */
  private static String runInFelix(String commands) throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("wali.root")).toAbsolutePath().normalize();
    Path home = Path.of(System.getProperty("wali.felix.home"));
    assertTrue(Files.isRegularFile(home.resolve("bin/felix.jar")), home + ": build distribution");
    ProcessBuilder pb =
        new ProcessBuilder(root.resolve("wali-felix").toString()).redirectErrorStream(true);
    pb.environment().put("WALI_FELIX_NO_BUILD", "1");
    Process felix = pb.start();
    try (OutputStream in = felix.getOutputStream()) {
      in.write(commands.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(felix.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(felix.waitFor(120, TimeUnit.SECONDS), "the framework stops at end of input");
    assertEquals(0, felix.exitValue(), output);
    return output;
  }
}
