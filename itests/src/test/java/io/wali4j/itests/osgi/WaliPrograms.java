package io.wali4j.itests.osgi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The WALI programs the OSGi itests run (C sources in src/test/resources/osgi), built with the
 * project's wali-cc into {@code wali.osgi.build}. Their paths reach the framework's side of the
 * test through system properties (pax-exam's native container shares the JVM).
 */
public final class WaliPrograms {

  static final List<String> NAMES = List.of("hello", "syscall_loop", "exec_echo", "hot");

  private WaliPrograms() {}

  public static String path(String name) {
    return System.getProperty("wali.osgi.program." + name);
  }

  public static void buildAll() throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("wali.root"));
    Path out = Files.createDirectories(Path.of(System.getProperty("wali.osgi.build")));
    Path waliCc = root.resolve("toolchain/bin/wali-cc");
    for (String name : NAMES) {
      Path source = root.resolve("itests/src/test/resources/osgi/" + name + ".c");
      Path wasm = out.resolve(name + ".wasm");
      if (!Files.exists(wasm)
          || Files.getLastModifiedTime(source).compareTo(Files.getLastModifiedTime(wasm)) >= 0) {
        build(waliCc, source, wasm);
      }
      System.setProperty("wali.osgi.program." + name, wasm.toString());
    }
  }

  private static void build(Path waliCc, Path source, Path wasm)
      throws IOException, InterruptedException {
    Path partial = wasm.resolveSibling(wasm.getFileName() + ".partial");
    Process cc =
        new ProcessBuilder(waliCc.toString(), "-O2", "-o", partial.toString(), source.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!cc.waitFor(600, TimeUnit.SECONDS) || cc.exitValue() != 0) {
      throw new IOException("wali-cc failed on " + source + ":\n" + log);
    }
    Files.move(partial, wasm, StandardCopyOption.REPLACE_EXISTING);
  }
}
