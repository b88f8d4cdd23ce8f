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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One run of an application (lua, sqlite3) with given argv, stdin file, environment and working
 * directory: natively (a host process whose argv[0] is set to the same name) or as a WALI module
 * inside this JVM. What a differential test compares: the exit status, stdout, stderr and the files
 * left in the working directory. The WALI runtime's own diagnostics are kept apart.
 */
record AppRun(String status, String stdout, String stderr, List<String> files, String diagnostics) {

  /** The Wasm interpreter recurses on the Java stack; give it as much as the launcher does. */
  private static final long THREAD_STACK_BYTES = 16L << 20;

  private static final Host HOST = Host.load();
  private static final HostFds FDS = new HostFds(HOST);

  /** Runs the native {@code exe} as {@code argv0 args...}. */
  static AppRun nativeRun(
      Path exe,
      String argv0,
      List<String> args,
      Path stdin,
      Path cwd,
      Map<String, String> env,
      long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", "exec -a \"$0\" \"$@\"", argv0));
    cmd.add(exe.toString());
    cmd.addAll(args);
    Path out = Files.createTempFile(cwd.getParent(), "native", ".out");
    Path err = Files.createTempFile(cwd.getParent(), "native", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(cwd.toFile())
            .redirectInput(stdin.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    String status;
    if (p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      status = "exit " + p.exitValue();
    } else {
      p.destroyForcibly().waitFor();
      status = "timeout after " + timeoutSeconds + " s";
    }
    return finish(status, out, err, cwd, "");
  }

  /** Runs the WALI module {@code wasm} as {@code argv0 args...} inside this JVM. */
  static AppRun waliRun(
      Path wasm,
      String argv0,
      List<String> args,
      Path stdin,
      Path cwd,
      Map<String, String> env,
      long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(argv0));
    argv.addAll(args);
    Path out = Files.createTempFile(cwd.getParent(), "wali", ".out");
    Path err = Files.createTempFile(cwd.getParent(), "wali", ".err");
    byte[] module = Files.readAllBytes(wasm);
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    AtomicReference<String> status = new AtomicReference<>();
    int in = FDS.openForReading(stdin);
    int outFd = FDS.openForWriting(out);
    int errFd = FDS.openForWriting(err);
    Runnable body =
        () ->
            status.set(
                describe(
                    () ->
                        Wali.process(module)
                            .argv(argv)
                            .env(env)
                            .cwd(cwd)
                            .stdio(in, outFd, errFd)
                            .diagnostics(new PrintStream(diagnostics, true, StandardCharsets.UTF_8))
                            .run()));
    Thread thread = new Thread(null, body, "wali-" + argv0, THREAD_STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
    thread.join(timeoutSeconds * 1000);
    if (thread.isAlive()) {
      // The process may still write to these fds: they stay open (see WaliRun).
      return new AppRun("timeout after " + timeoutSeconds + " s", "", "", List.of(), "");
    }
    FDS.close(in);
    FDS.close(outFd);
    FDS.close(errFd);
    return finish(status.get(), out, err, cwd, diagnostics.toString(StandardCharsets.UTF_8));
  }

  private interface Body {
    ExitStatus run();
  }

  private static String describe(Body body) {
    try {
      return "exit " + body.run().shellStatus();
    } catch (WasmException e) {
      return "not run: " + e.getMessage();
    } catch (RuntimeException | StackOverflowError e) {
      return "runtime error: " + e;
    }
  }

  private static AppRun finish(String status, Path out, Path err, Path cwd, String diagnostics)
      throws IOException {
    // Byte for byte: output need not be UTF-8 (Lua's utf8.charpattern is not).
    String stdout = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
    String stderr = new String(Files.readAllBytes(err), StandardCharsets.ISO_8859_1);
    Files.delete(out);
    Files.delete(err);
    List<String> files;
    try (Stream<Path> entries = Files.list(cwd)) {
      files = entries.map(AppRun::describeFile).sorted().collect(Collectors.toList());
    }
    return new AppRun(status, stdout, stderr, files, diagnostics);
  }

  /** A file's name and size (a directory's name with a slash). */
  private static String describeFile(Path p) {
    try {
      return Files.isDirectory(p) ? p.getFileName() + "/" : p.getFileName() + " " + Files.size(p);
    } catch (IOException e) {
      return p.getFileName() + " ?";
    }
  }
}
