package io.wali4j.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;

/**
 * Runs corpus programs one after another in this JVM, as {@link WaliCorpusTest} does, and writes
 * what each did to a properties file: the entry point of the JVM {@link CrossArchCorpusTest} starts
 * under qemu-user with a Java runtime of another ISA (one JVM for the whole subset, since starting
 * one under emulation costs tens of seconds).
 *
 * <p>Arguments: the results file, the timeout per program in seconds, then (name, module, working
 * directory) triples. The file is rewritten after each program, so a run cut short keeps what it
 * got; per program it holds {@code name.status}, {@code name.stdout} and {@code name.stderr}
 * (Base64), {@code name.leftovers} (files left in TMPDIR, separated by '/') and {@code
 * name.millis}.
 */
public final class CrossCorpusMain {

  private CrossCorpusMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path results = Path.of(args[0]);
    long timeout = Long.parseLong(args[1]);
    Properties p = new Properties();
    p.setProperty("os.arch", System.getProperty("os.arch"));
    for (int i = 2; i + 2 < args.length; i += 3) {
      String name = args[i];
      long start = System.nanoTime();
      WaliRun run = WaliRun.run(Path.of(args[i + 1]), Path.of(args[i + 2]), timeout);
      p.setProperty(name + ".millis", Long.toString((System.nanoTime() - start) / 1_000_000));
      p.setProperty(name + ".status", run.status());
      p.setProperty(name + ".stdout", encode(run.stdout()));
      p.setProperty(name + ".stderr", encode(run.stderr()));
      p.setProperty(name + ".leftovers", String.join("/", run.leftovers()));
      try (OutputStream out = Files.newOutputStream(results)) {
        p.store(out, "wali4j cross-ISA corpus run");
      }
    }
    // A program that timed out left a daemon thread behind; nothing else is to be waited for.
    System.exit(0);
  }

  static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }
}
