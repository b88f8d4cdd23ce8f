package io.wali4j.backend.x86_64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wali4j.api.ArchBackend;
import io.wali4j.api.SyscallTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compares the backend's table with the host kernel headers' numbers, read by a native probe. */
class X86_64SyscallNumbersTest {

  /** WALI names whose x86_64 call has another name in {@code <sys/syscall.h>}. */
  private static final Map<String, String> HOST_NAMES =
      Map.of("fadvise", "fadvise64", "getdents", "getdents64", "fstatat", "newfstatat");

  @TempDir Path dir;

  @Test
  void everyNumberMatchesTheHostHeaders() throws IOException, InterruptedException {
    assumeTrue(System.getProperty("os.arch").equals("amd64"), "needs an x86_64 host");
    SyscallTable table = new X86_64Backend().syscalls();
    List<String> names = new ArrayList<>(table.names());

    StringBuilder c =
        new StringBuilder("#include <stdio.h>\n#include <sys/syscall.h>\nint main(void){\n");
    for (String name : names) {
      String host = HOST_NAMES.getOrDefault(name, name);
      c.append("#ifdef SYS_")
          .append(host)
          .append('\n')
          .append("  printf(\"")
          .append(name)
          .append("=%d\\n\", SYS_")
          .append(host)
          .append(");\n")
          .append("#else\n  printf(\"")
          .append(name)
          .append("=missing\\n\");\n#endif\n");
    }
    c.append("  return 0;\n}\n");
    Path src = dir.resolve("probe.c");
    Path exe = dir.resolve("probe");
    Files.writeString(src, c);
    run("cc", "-o", exe.toString(), src.toString());
    Map<String, String> host = new HashMap<>();
    for (String line : run(exe.toString()).split("\n")) {
      String[] kv = line.split("=", 2);
      host.put(kv[0], kv[1]);
    }

    assertTrue(names.size() >= 140, "the table covers wali-abi.md section A: " + names.size());
    for (String name : names) {
      assertEquals(host.get(name), Integer.toString(table.number(name)), "SYS_" + name);
    }
  }

  @Test
  void isFoundAsAServiceForThisHost() {
    assumeTrue(System.getProperty("os.arch").equals("amd64"), "needs an x86_64 host");
    ArchBackend backend =
        ServiceLoader.load(ArchBackend.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(b -> b.servesOsArch(System.getProperty("os.arch")))
            .findFirst()
            .orElseThrow();
    assertEquals("x86_64", backend.isa());
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
    return output;
  }
}
