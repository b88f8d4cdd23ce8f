package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.itests.osgi.WaliPrograms;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code wali} script on every Java runtime of this machine (17 or later: the one running the
 * tests and each under /usr/lib/jvm), chosen with {@code JAVA}: a program's stdout, stderr and exit
 * status are its own. From Java 24 on, the runtime warns on stderr about sun.misc.Unsafe's memory
 * access and about native code loaded by a library unless told they are allowed; such a line would
 * reach the program's stderr.
 */
class LauncherScriptTest {

  private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

  @TestFactory
  Stream<DynamicTest> aProgramsOutputIsItsOwnOnEveryJavaRuntime() throws Exception {
    Path root = Path.of(System.getProperty("wali.root")).toAbsolutePath().normalize();
    Path dist =
        Path.of(System.getProperty("wali.dist.lib")).toAbsolutePath().normalize().getParent();
    if (!dist.equals(root.resolve("distribution/target"))) {
      return Stream.of(
          DynamicTest.dynamicTest(
              "wali",
              () -> Assumptions.abort("the wali script runs distribution/target, not " + dist)));
    }
    WaliPrograms.buildAll();
    String hello = WaliPrograms.path("hello");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Path> java : runtimes().entrySet()) {
      tests.add(
          DynamicTest.dynamicTest(java.getKey(), () -> runsAsItself(root, java.getValue(), hello)));
    }
    return tests.stream();
  }

  private static void runsAsItself(Path root, Path java, String hello) throws Exception {
    runsAsItself(script(root, java, "run", hello, "world"));
  }

  /**
   * A C file given as the module of {@code run}, {@code compile} or {@code validate} is built with
   * wali-cc first, whatever options with separate values come before it.
   */
  @Test
  void cSourcesAreBuiltForRunCompileAndValidate(@TempDir Path tmp) throws Exception {
    Path root = scriptRoot();
    WaliPrograms.buildAll(); // the toolchain
    Path c = tmp.resolve("launcher_c_probe.c");
    Files.writeString(
        c,
        "#include <stdio.h>\n"
            + "int main(int argc, char **argv) { printf(\"probe %s\\n\", argv[1]); return 4; }\n");
    Path cache = tmp.resolve("cache");

    Result run = script(root, "run", "--jit", "eager", "-v", "1", c.toString(), "x.c");
    assertEquals(4, run.status(), run.err());
    assertEquals("probe x.c\n", run.out());

    Result validate = script(root, "validate", c.toString());
    assertEquals(0, validate.status(), validate.err());
    assertTrue(validate.out().contains("launcher_c_probe.wasm: valid"), validate.out());

    Result compile = script(root, "compile", "--aot-cache", cache.toString(), c.toString());
    assertEquals(0, compile.status(), compile.err());
    assertTrue(compile.out().contains("functions compiled to " + cache), compile.out());
  }

  /**
   * The class-data-sharing archive of the script: the first run makes it (a training run of its
   * own, whose output the program's does not show), later runs map the runtime's classes from it,
   * and an archive the JVM cannot use changes nothing the program shows: one made for another boot
   * class path (the JVM's warning about it would go to stdout), a file of random bytes, and one cut
   * short (which Java 17 would die of). {@code WALI_CDS=0} makes none.
   */
  @Test
  void theClassDataArchiveIsMadeOnceMappedAndHarmlessWhenUnusable(@TempDir Path tmp)
      throws Exception {
    Path root = scriptRoot();
    WaliPrograms.buildAll();
    String hello = WaliPrograms.path("hello");
    Path archive = tmp.resolve("wali.jsa");
    Path classes = tmp.resolve("classes.log");
    String logClasses = "-Xlog:class+load:file=" + classes;
    Map<String, String> env = new TreeMap<>(Map.of("WALI_CDS_ARCHIVE", archive.toString()));

    runsAsItself(script(root, env, "run", hello, "world"));
    byte[] made = Files.readAllBytes(archive);
    assertTrue(made.length > 1 << 20, "an archive of " + made.length + " bytes");

    env.put("JAVA_OPTS", logClasses);
    runsAsItself(script(root, env, "run", hello, "world"));
    assertEquals("shared objects file (top)", sourceOf("io.wali4j.launcher.Main", classes));
    assertEquals("shared objects file (top)", sourceOf("io.wali4j.core.Wali", classes));

    Files.createDirectories(tmp.resolve("boot"));
    env.put("JAVA_OPTS", "-Xbootclasspath/a:" + tmp.resolve("boot") + " " + logClasses);
    runsAsItself(script(root, env, "run", hello, "world"));
    assertTrue(sourceOf("io.wali4j.launcher.Main", classes).endsWith(".jar"), "not mapped");

    env.put("JAVA_OPTS", logClasses);
    byte[] noise = new byte[made.length];
    new Random(7).nextBytes(noise);
    replace(archive, noise);
    runsAsItself(script(root, env, "run", hello, "world"));
    assertTrue(sourceOf("io.wali4j.launcher.Main", classes).endsWith(".jar"), "not mapped");

    replace(archive, Arrays.copyOf(made, made.length / 2));
    runsAsItself(script(root, env, "run", hello, "world"));
    assertTrue(sourceOf("io.wali4j.launcher.Main", classes).endsWith(".jar"), "not mapped");

    Path none = tmp.resolve("none.jsa");
    runsAsItself(
        script(
            root,
            Map.of("WALI_CDS", "0", "WALI_CDS_ARCHIVE", none.toString()),
            "run",
            hello,
            "world"));
    assertFalse(Files.exists(none), "WALI_CDS=0 made an archive");
  }

  /**
   * A run that maps the archive compiles what it runs hot: the interpreter's loop, run here by a
   * loop of two million rounds with the compiler tier off. Java 17 archives the mark of a method
   * queued for compilation when the training ends, and then never compiles that method in a run
   * that maps the archive; the training's last request was this loop, which then ran in HotSpot's
   * bytecode interpreter in every run. {@code -Xbatch} makes each compile finish before the program
   * goes on, so the log has it whenever it was asked for.
   */
  @Test
  void aRunThatMapsTheArchiveCompilesTheInterpretersLoop(@TempDir Path tmp) throws Exception {
    Path root = scriptRoot();
    Path archive = tmp.resolve("wali.jsa");
    Path classes = tmp.resolve("classes.log");
    Path compiles = tmp.resolve("compiles.log");
    Path loop = tmp.resolve("loop.wat");
    Files.writeString(
        loop,
        String.join(
            "\n",
            "(module",
            "  (import \"wali\" \"SYS_exit_group\" (func $exit (param i32) (result i64)))",
            "  (memory 1)",
            "  (func (export \"_start\") (local $n i32) (local $h i32)",
            "    (local.set $n (i32.const 2000000))",
            "    (block $done (loop $next",
            "      (br_if $done (i32.eqz (local.get $n)))",
            "      (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $n))",
            "        (i32.const 16777619)))",
            "      (local.set $n (i32.sub (local.get $n) (i32.const 1)))",
            "      (br $next)))",
            "    (drop (call $exit (i32.add (i32.const 5) (i32.and (local.get $h) (i32.const 0)))))))",
            ""));
    Map<String, String> env = new TreeMap<>(Map.of("WALI_CDS_ARCHIVE", archive.toString()));
    Result training = script(root, env, "run", "--jit=off", loop.toString());
    assertEquals(5, training.status(), training.err());
    assertTrue(Files.size(archive) > 1 << 20, "no archive made");

    env.put(
        "JAVA_OPTS",
        "-Xbatch -Xlog:class+load:file="
            + classes
            + " -Xlog:jit+compilation=debug:file="
            + compiles);
    Result r = script(root, env, "run", "--jit=off", loop.toString());
    assertEquals(5, r.status(), r.err());
    assertEquals("", r.out() + r.err());
    assertEquals(
        "shared objects file (top)", sourceOf("io.wali4j.core.interp.Interpreter", classes));
    String log = Files.readString(compiles, StandardCharsets.UTF_8);
    assertTrue(
        log.contains(" io.wali4j.core.interp.Interpreter::run ("),
        "the interpreter's loop was never compiled");
  }

  /** Writes a new file at {@code path} (the archive is read-only): the script's own way. */
  private static void replace(Path path, byte[] bytes) throws IOException {
    Files.delete(path);
    Files.write(path, bytes);
  }

  /** Where the class log says {@code name} came from ({@code source: ...}). */
  private static String sourceOf(String name, Path log) throws IOException {
    Pattern line = Pattern.compile(" " + Pattern.quote(name) + " source: (.*)$");
    for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = line.matcher(l);
      if (m.find()) {
        return m.group(1).strip();
      }
    }
    throw new AssertionError(name + " not in the class log");
  }

  private static void runsAsItself(Result r) {
    assertEquals("", r.err(), "stderr");
    assertEquals("hello from a WALI process: argc=2 argv[1]=world\n", r.out(), "stdout");
    assertEquals(3, r.status(), "exit status");
  }

  /**
   * The repository root, when the launcher under test is the one the {@code wali} script runs
   * ({@code distribution/target}); else the test is skipped.
   */
  private static Path scriptRoot() {
    Path root = Path.of(System.getProperty("wali.root")).toAbsolutePath().normalize();
    Path dist =
        Path.of(System.getProperty("wali.dist.lib")).toAbsolutePath().normalize().getParent();
    Assumptions.assumeTrue(
        dist.equals(root.resolve("distribution/target")),
        "the wali script runs distribution/target, not " + dist);
    return root;
  }

  private record Result(int status, String out, String err) {}

  /** {@code ./wali ARGS} on the tests' own Java runtime. */
  private static Result script(Path root, String... args) throws Exception {
    return script(root, Map.of(), args);
  }

  /** {@code ./wali ARGS} on the tests' own Java runtime, with {@code env} added. */
  private static Result script(Path root, Map<String, String> env, String... args)
      throws Exception {
    return script(root, Path.of(System.getProperty("java.home"), "bin/java"), env, args);
  }

  private static Result script(Path root, Path java, String... args) throws Exception {
    return script(root, java, Map.of(), args);
  }

  /**
   * {@code ./wali ARGS} on {@code java}, the launcher as built (no rebuild), stdin empty, no {@code
   * JAVA_OPTS} unless {@code env} has them.
   */
  private static Result script(Path root, Path java, Map<String, String> env, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(root.resolve("wali").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("JAVA", java.toString());
    pb.environment().put("WALI_NO_BUILD", "1");
    pb.environment().remove("JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "wali timed out");
    return new Result(p.exitValue(), out, err.get());
  }

  /** Java runtimes of feature release 17 or later by name ("17 (path)"), the tests' own first. */
  private static Map<String, Path> runtimes() throws IOException {
    List<Path> homes = new ArrayList<>();
    homes.add(Path.of(System.getProperty("java.home")));
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> dirs = Files.list(jvms)) {
        dirs.sorted().forEach(homes::add);
      }
    }
    Map<String, Path> found = new TreeMap<>();
    List<Path> seen = new ArrayList<>();
    for (Path home : homes) {
      Path java = home.resolve("bin/java");
      Path release = home.resolve("release");
      if (!Files.isExecutable(java) || !Files.isReadable(release)) {
        continue;
      }
      Path real = java.toRealPath();
      Matcher m = VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
      if (seen.contains(real) || !m.find() || Integer.parseInt(m.group(1)) < 17) {
        continue;
      }
      seen.add(real);
      found.put("Java " + m.group(1) + " (" + real.getParent().getParent() + ")", real);
    }
    return found;
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
