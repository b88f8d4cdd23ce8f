package io.wali4j.itests;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Wali;
import io.wali4j.core.kernel.Host;
import io.wali4j.core.wasm.WasmException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One run of a WALI corpus program inside this JVM through the embedding API ({@link Wali}), set up
 * as {@link NativeRun} sets up the native one: argv[0] the module's absolute path, stdin from
 * /dev/null, stdout and stderr to files, the host's environment with a fresh, empty {@code TMPDIR},
 * and {@code work} as the working directory.
 */
final class WaliRun {

  /** The Wasm interpreter recurses on the Java stack; give it as much as the launcher does. */
  private static final long THREAD_STACK_BYTES = 16L << 20;

  private static final Host HOST = Host.load();
  private static final HostFds FDS = new HostFds(HOST);

  private final String status;
  private final String stdout;
  private final String stderr;
  private final List<String> leftovers;

  WaliRun(String status, String stdout, String stderr, List<String> leftovers) {
    this.status = status;
    this.stdout = stdout;
    this.stderr = stderr;
    this.leftovers = leftovers;
  }

  /**
   * Runs {@code wasm} to its end, or for at most {@code timeoutSeconds}: a program still running
   * then is reported as {@code timeout} and its thread is abandoned (a Wasm thread blocked in a
   * host syscall cannot be stopped from Java), as a daemon that does not keep the JVM alive.
   */
  static WaliRun run(Path wasm, Path work, long timeoutSeconds)
      throws IOException, InterruptedException {
    String program = wasm.getFileName().toString();
    Path tmp = Files.createTempDirectory(work, program + "-tmp");
    Path out = Files.createTempFile(work, program, ".out");
    Path err = Files.createTempFile(work, program, ".err");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("TMPDIR", tmp.toString());
    byte[] module = Files.readAllBytes(wasm);
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    AtomicReference<String> status = new AtomicReference<>();
    int in = FDS.openForReading(Path.of("/dev/null"));
    int outFd = FDS.openForWriting(out);
    int errFd = FDS.openForWriting(err);
    Runnable body =
        () ->
            status.set(
                describe(
                    () ->
                        Wali.process(module)
                            .argv(List.of(wasm.toAbsolutePath().toString()))
                            .env(env)
                            .cwd(work)
                            .stdio(in, outFd, errFd)
                            .diagnostics(new PrintStream(diagnostics, true, StandardCharsets.UTF_8))
                            .run()));
    Thread thread = new Thread(null, body, "wali-" + program, THREAD_STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
    thread.join(timeoutSeconds * 1000);
    if (thread.isAlive()) {
      // The process may still write to these fds; leave them open rather than hand their numbers
      // to someone else.
      return new WaliRun("timeout after " + timeoutSeconds + " s", "", "", List.of());
    }
    FDS.close(in);
    FDS.close(outFd);
    FDS.close(errFd);
    List<String> leftovers = listAndRemoveIfEmpty(tmp);
    WaliRun run =
        new WaliRun(
            status.get(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8)
                + diagnostics.toString(StandardCharsets.UTF_8),
            leftovers);
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  private interface ProcessRun {
    ExitStatus run();
  }

  /** The exit status as a shell would report it, or why the module did not run. */
  private static String describe(ProcessRun run) {
    try {
      return "exit " + run.run().shellStatus();
    } catch (WasmException e) {
      return "not run: " + e.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      return "runtime error: " + e;
    }
  }

  static List<String> listAndRemoveIfEmpty(Path tmp) throws IOException {
    List<String> leftovers;
    try (Stream<Path> entries = Files.list(tmp)) {
      leftovers =
          entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
    if (leftovers.isEmpty()) {
      Files.delete(tmp);
    }
    return leftovers;
  }

  /** {@code exit N} with the shell's status (128 + n for a signal), or why it did not end. */
  String status() {
    return status;
  }

  String stdout() {
    return stdout;
  }

  String stderr() {
    return stderr;
  }

  List<String> leftovers() {
    return leftovers;
  }
}
