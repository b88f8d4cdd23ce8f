package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    Path root = Path.of(System.getProperty("wali.root")).toAbsolutePath().normalize();
    Path home = Path.of(System.getProperty("wali.felix.home"));
    assertTrue(Files.isRegularFile(home.resolve("bin/felix.jar")), home + ": build distribution");
    WaliPrograms.buildAll();
    ProcessBuilder pb =
        new ProcessBuilder(root.resolve("wali-felix").toString()).redirectErrorStream(true);
    pb.environment().put("WALI_FELIX_NO_BUILD", "1");
    Process felix = pb.start();
    try (OutputStream in = felix.getOutputStream()) {
      in.write(
          ("wali:run " + WaliPrograms.path("hello") + " from-felix\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(felix.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(felix.waitFor(120, TimeUnit.SECONDS), "the framework stops at end of input");
    assertEquals(0, felix.exitValue(), output);
    assertTrue(output.contains("hello from a WALI process: argc=2 argv[1]=from-felix"), output);
    assertTrue(output.matches("(?s).*\\R3\\R.*"), "the exit status is printed:\n" + output);
  }
}
