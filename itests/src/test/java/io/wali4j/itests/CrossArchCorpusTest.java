package io.wali4j.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime itself on other ISAs (issue 8, item 3): a Java runtime of the ISA (Debian's
 * openjdk-17 for it, or openjdk-21 where the release has no 17, unpacked by {@code
 * scripts/cross-java.sh}) runs wali4j under qemu-user, with the distribution's jars (that ISA's
 * backend and jffi's native library for it included), on a subset of the C corpus ({@code
 * wali-cross-subset.txt}: files, directories, links, pipes, polling, sockets, memory maps, time).
 * The Wasm binaries are the ones {@link WaliCorpusTest} builds (Wasm is ISA-independent); each
 * program must end with the same status and print the same stdout as its gcc build run natively on
 * this x86_64 machine, and leave TMPDIR empty.
 *
 * <p>Programs listed in {@code wali-cross-expectations.txt} (none today) are reported as skipped
 * while they differ and fail as soon as they match, so that list only shrinks. An ISA whose Java
 * runtime can be had neither from the configured apt sources nor from the release the script
 * derives from them (riscv64 comes from trixie on a bookworm machine) is reported as skipped with
 * the reason the script gives.
 */
class CrossArchCorpusTest {

  static final String SUBSET = "/wali-cross-subset.txt";
  static final String EXPECTATIONS = "/wali-cross-expectations.txt";

  private static final long NATIVE_TIMEOUT_SECONDS = 10;
  private static final long PROGRAM_TIMEOUT_SECONDS = 120;
  private static final long RUN_TIMEOUT_MINUTES = 15;

  /** HotSpot's flags under emulation: C1 only (C2's compile time costs more than it saves). */
  private static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-Xss16m", "-XX:-DontCompileHugeMethods");

  @TempDir static Path work;

  @Test
  void theSubsetAndItsExpectationsNameCorpusPrograms() throws IOException {
    Set<String> corpus =
        CorpusFiles.programs(CorpusFiles.directory()).stream()
            .map(CorpusFiles::name)
            .collect(Collectors.toSet());
    List<String> subset = subset();
    Set<String> unknown = new TreeSet<>(subset);
    unknown.removeAll(corpus);
    assertEquals(Set.of(), unknown, "listed in " + SUBSET + " but not in the corpus");
    Set<String> outside = new TreeSet<>(CorpusExpectations.load(EXPECTATIONS).all().keySet());
    outside.removeAll(subset);
    assertEquals(Set.of(), outside, "listed in " + EXPECTATIONS + " but not in " + SUBSET);
  }

  @TestFactory
  Stream<DynamicTest> aarch64RunsTheSubsetAsX86_64NativeDoes() throws Exception {
    return runSubset("aarch64");
  }

  @TestFactory
  Stream<DynamicTest> riscv64RunsTheSubsetAsX86_64NativeDoes() throws Exception {
    return runSubset("riscv64");
  }

  private Stream<DynamicTest> runSubset(String isa) throws Exception {
    Path root = Path.of(System.getProperty("wali.root", "..")).toAbsolutePath().normalize();
    String javaRoot;
    try {
      javaRoot = crossJava(root, isa);
    } catch (Unavailable e) {
      return Stream.of(
          DynamicTest.dynamicTest("java for " + isa, () -> Assumptions.abort(e.getMessage())));
    }
    Path java = javaIn(Path.of(javaRoot));

    Path corpus = CorpusFiles.directory();
    Path buildDir = WaliCorpusTest.buildDir();
    Path header = corpus.resolve("wali_test.h");
    Path waliCc = corpus.getParent().getParent().resolve("bin").resolve("wali-cc");
    CorpusCompiler gcc =
        new CorpusCompiler(
            WaliCorpusTest.concat(List.of("gcc"), WaliCorpusTest.CFLAGS),
            "",
            buildDir.resolve("native"),
            List.of(header));
    CorpusCompiler wali =
        new CorpusCompiler(
            WaliCorpusTest.concat(List.of(waliCc.toString()), WaliCorpusTest.CFLAGS),
            ".wasm",
            buildDir.resolve("wasm"),
            List.of(header, waliCc, WaliCorpusTest.sysrootLibc(corpus)));

    List<String> names = subset();
    List<NativeRun> natives = new ArrayList<>();
    List<String> command = new ArrayList<>(List.of("qemu-" + isa, "-L", javaRoot, java.toString()));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", classPath(root), CrossCorpusMain.class.getName()));
    Path results = work.resolve(isa + ".properties");
    command.addAll(List.of(results.toString(), Long.toString(PROGRAM_TIMEOUT_SECONDS)));
    for (String name : names) {
      Path source = corpus.resolve(name + ".c");
      Path dir = Files.createDirectories(work.resolve(isa).resolve(name));
      natives.add(
          NativeRun.run(
              gcc.build(source),
              Files.createDirectory(dir.resolve("native")),
              NATIVE_TIMEOUT_SECONDS));
      Path waliDir = Files.createDirectory(dir.resolve("wali"));
      command.addAll(List.of(name, wali.build(source).toString(), waliDir.toString()));
    }

    long start = System.nanoTime();
    String log = run(command, work.resolve(isa + ".log"));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    Properties got = new Properties();
    if (Files.exists(results)) {
      try (InputStream in = Files.newInputStream(results)) {
        got.load(in);
      }
    }
    String summary =
        String.format(
            "wali4j on %s under qemu-user: %d corpus programs in %d s (os.arch %s)%n",
            isa, names.size(), seconds, got.getProperty("os.arch"));
    System.out.print(summary);
    Files.writeString(buildDir.resolve("cross-" + isa + ".txt"), summary, StandardCharsets.UTF_8);

    CorpusExpectations expected = CorpusExpectations.load(EXPECTATIONS);
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(
        DynamicTest.dynamicTest(
            "the runtime ran as " + isa,
            () ->
                assertEquals(
                    isa, got.getProperty("os.arch"), "os.arch; the JVM's output:\n" + log)));
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      NativeRun nativeRun = natives.get(i);
      tests.add(
          DynamicTest.dynamicTest(
              name, () -> check(name, nativeRun, waliRun(got, name, log), expected.reason(name))));
    }
    return tests.stream();
  }

  private static void check(String name, NativeRun nativeRun, WaliRun waliRun, String reason) {
    nativeRun.assertPassed();
    String difference = CorpusComparison.of(nativeRun, waliRun).difference();
    if (reason == null) {
      if (difference != null) {
        fail(name + " differs from native x86_64: " + difference);
      }
    } else if (difference == null) {
      fail(name + " now matches native: remove it from " + EXPECTATIONS.substring(1));
    } else {
      Assumptions.abort(
          "expected to differ (" + reason + "): " + difference.lines().findFirst().get());
    }
  }

  /** What the run under qemu reported for {@code name}, or a status saying it reported nothing. */
  private static WaliRun waliRun(Properties got, String name, String log) {
    String status = got.getProperty(name + ".status");
    if (status == null) {
      return new WaliRun("no result (the JVM under qemu ended first):\n" + log, "", "", List.of());
    }
    String leftovers = got.getProperty(name + ".leftovers", "");
    return new WaliRun(
        status,
        CrossCorpusMain.decode(got.getProperty(name + ".stdout", "")),
        CrossCorpusMain.decode(got.getProperty(name + ".stderr", "")),
        leftovers.isEmpty() ? List.of() : List.of(leftovers.split("/")));
  }

  /** The itests' test classes and the distribution's jars (every backend, jffi's natives). */
  private static String classPath(Path root) throws IOException {
    Path testClasses =
        Path.of(
            CrossCorpusMain.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Path lib = Path.of(System.getProperty("wali.dist.lib", root + "/distribution/target/lib"));
    List<String> entries = new ArrayList<>(List.of(testClasses.toString()));
    try (Stream<Path> jars = Files.list(lib)) {
      jars.filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .forEach(p -> entries.add(p.toString()));
    }
    assertTrue(entries.size() > 1, "no jars in " + lib + ": build the distribution first");
    return String.join(":", entries);
  }

  private static List<String> subset() throws IOException {
    List<String> names = new ArrayList<>();
    try (InputStream in = CrossArchCorpusTest.class.getResourceAsStream(SUBSET)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          names.add(line);
        }
      }
    }
    return names;
  }

  /** The ISA cannot be run here: no Java runtime of it can be had. */
  private static final class Unavailable extends Exception {
    Unavailable(String why) {
      super(why);
    }
  }

  /** The root of a Java runtime of {@code isa} (scripts/cross-java.sh prepares it once). */
  private static String crossJava(Path root, String isa)
      throws IOException, InterruptedException, Unavailable {
    Path log = work.resolve("cross-java-" + isa + ".log");
    Process p =
        new ProcessBuilder(root.resolve("scripts/cross-java.sh").toString(), isa)
            .redirectError(log.toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "cross-java.sh " + isa + " timed out");
    String err = Files.readString(log, StandardCharsets.UTF_8);
    if (p.exitValue() == 3) {
      throw new Unavailable("no Java runtime for " + isa + ": " + err.strip());
    }
    assertEquals(0, p.exitValue(), "cross-java.sh " + isa + ":\n" + err);
    return out;
  }

  /**
   * The JRE's launcher under {@code root}: usr/lib/jvm/java-N-openjdk-ARCH/bin/java, N being what
   * the release has (17 on bookworm, 21 on trixie); version alias links are passed over.
   */
  static Path javaIn(Path root) throws IOException {
    try (Stream<Path> jdks = Files.list(root.resolve("usr/lib/jvm"))) {
      return jdks.filter(d -> !Files.isSymbolicLink(d))
          .map(d -> d.resolve("bin/java"))
          .filter(Files::isExecutable)
          .sorted()
          .findFirst()
          .orElseThrow(() -> new AssertionError("no usr/lib/jvm/*/bin/java under " + root));
    }
  }

  private static String run(List<String> command, Path log)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!p.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
    }
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
