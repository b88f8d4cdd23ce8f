package io.wali4j.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.wali4j.core.spec.ScriptRun.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the WebAssembly spec test suite (the .wast scripts of Debian's binaryen source package, see
 * {@link SpecSuiteLocation}) against the engine. Each script is converted by wabt's {@code
 * wast2json} ({@link WastConverter}), becomes one dynamic container, and each of its commands one
 * dynamic test named by its line; a last test per script prints its summary line, and a last test
 * of all prints the total (also written to {@code target/spectest-report.txt} with the details of
 * every failure).
 *
 * <p>What must hold:
 *
 * <ul>
 *   <li>A script not listed in {@code spectest-expectations.txt} must pass every command; a script
 *       wast2json cannot convert is a failure unless listed.
 *   <li>A listed script's failures are reported as skipped (aborted) tests naming the reason; a
 *       listed script that passes fully fails its summary test, so the list only shrinks. A single
 *       command may be listed as {@code file.wast:line} (for binaryen's copies that assert pre-2.0
 *       semantics); it too must fail, or its entry is stale.
 *   <li>{@code assert_return}: results compare bit-exactly (floats by bits; {@code nan:canonical}
 *       and {@code nan:arithmetic} by class; any non-null funcref matches a non-null expectation).
 *   <li>{@code assert_trap}, {@code assert_exhaustion}: the failure kind must match and the spec's
 *       message must be a prefix of ours.
 *   <li>{@code assert_malformed}, {@code assert_invalid}, {@code assert_unlinkable}, {@code
 *       assert_uninstantiable}: only the failure kind must match (for uninstantiable: a trap or
 *       exhaustion during instantiation also counts). Their messages are compared and the matches
 *       counted and reported, but a different message does not fail: the reference interpreter's
 *       wording for decoding and validation errors changes between spec versions and a binary
 *       decoder may legitimately detect a different first error in the same bytes.
 *   <li>Text-format modules ({@code "module_type": "text"}) test the text parser, which this engine
 *       does not have: they are skipped and counted separately.
 * </ul>
 *
 * <p>System properties: {@code wali.spectest.dir} (the .wast directory), {@code wali.spectest.work}
 * (where converted files go; default {@code target/spec-json}), {@code wali.spectest.only} (a
 * substring: run only the scripts whose name contains it).
 */
class SpecTestRunner {

  private final SpecExpectations expectations = SpecExpectations.load();
  private final SpecTally total = new SpecTally();
  private final List<String> report = new ArrayList<>();
  private Path workDir;

  @TestFactory
  Stream<DynamicNode> specSuite() throws IOException, InterruptedException {
    Path specDir = SpecSuiteLocation.find();
    workDir = Path.of(System.getProperty("wali.spectest.work", "target/spec-json"));
    List<Path> all = scripts(specDir);
    List<String> names = all.stream().map(p -> p.getFileName().toString()).toList();
    String only = System.getProperty("wali.spectest.only", "");
    List<Path> scripts =
        all.stream().filter(p -> p.getFileName().toString().contains(only)).toList();
    DynamicNode stale =
        dynamicTest(
            "expectations name only files of the suite",
            () -> assertEquals(List.of(), expectations.unmatched(names), "stale expectations"));
    Stream<DynamicNode> files =
        scripts.stream()
            .map(
                wast ->
                    dynamicContainer(
                        wast.getFileName().toString(),
                        wast.toUri(),
                        Stream.of(wast).flatMap(this::scriptNodes)));
    DynamicNode totalLine = dynamicTest("total", this::printTotal);
    return Stream.of(Stream.of(stale), files, Stream.of(totalLine)).flatMap(s -> s);
  }

  private static List<Path> scripts(Path specDir) throws IOException {
    try (Stream<Path> list = Files.list(specDir)) {
      return list.filter(p -> p.getFileName().toString().endsWith(".wast")).sorted().toList();
    }
  }

  /** Converts {@code wast} and yields a test per command, then the summary test. */
  private Stream<DynamicNode> scriptNodes(Path wast) {
    String name = wast.getFileName().toString();
    String reason = expectations.reasonFor(name);
    SpecTally tally = new SpecTally(line -> expectations.reasonFor(name, line) != null);
    Path outDir = workDir.resolve(name.replaceFirst("\\.wast$", ""));
    List<SpecCommand> commands;
    try {
      WastConverter.Result converted = WastConverter.convert(wast, outDir);
      if (!converted.ok()) {
        tally.scriptFailure(converted.error());
        Outcome outcome = Outcome.fail(converted.error());
        return Stream.of(
            dynamicTest("wast2json", () -> judge(outcome, reason)),
            summaryNode(name, reason, tally));
      }
      commands = SpecCommand.readAll(Files.readString(converted.json(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    ScriptRun run = new ScriptRun(outDir, tally);
    Stream<DynamicNode> tests =
        commands.stream()
            .map(cmd -> dynamicTest(testName(cmd), () -> judge(run.run(cmd), reason, name, cmd)));
    return Stream.concat(tests, Stream.of(summaryNode(name, reason, tally)));
  }

  private static String testName(SpecCommand cmd) {
    String what = cmd.action() == null ? "" : " " + cmd.action().field();
    return "line " + cmd.line() + ": " + cmd.type() + what;
  }

  /**
   * Judges a command listed on its own line: its failure is expected, its passing is a stale entry.
   */
  private void judge(Outcome outcome, String fileReason, String name, SpecCommand cmd) {
    String lineReason = expectations.reasonFor(name, cmd.line());
    if (lineReason != null && outcome.status() == ScriptRun.Status.PASS) {
      fail(name + ":" + cmd.line() + " is listed (" + lineReason + ") but passes: delete it");
    }
    judge(outcome, fileReason != null ? fileReason : lineReason);
  }

  /** Passes, skips, or fails a command's test; a listed script's failures become skips. */
  private static void judge(Outcome outcome, String listedReason) {
    switch (outcome.status()) {
      case PASS:
        return;
      case SKIP:
        Assumptions.abort(outcome.detail());
        return;
      default:
        if (listedReason != null) {
          Assumptions.abort("expected to fail (" + listedReason + "): " + outcome.detail());
        }
        fail(outcome.detail());
    }
  }

  private DynamicNode summaryNode(String name, String reason, SpecTally tally) {
    return dynamicTest(
        "summary",
        () -> {
          String line =
              String.format(
                  "spec %-36s %s%s",
                  name, tally.summary(), reason == null ? "" : "  [listed: " + reason + "]");
          System.out.println(line);
          report.add(line);
          tally.failures().stream().limit(50).forEach(f -> report.add("    FAIL " + f));
          tally.messageMismatches().forEach(m -> report.add("    MSG " + m));
          total.add(tally);
          if (reason != null && tally.failed() == 0) {
            fail(name + " is listed in the expectations (" + reason + ") but passes: delete it");
          }
        });
  }

  private void printTotal() throws IOException {
    String line = String.format("spec %-36s %s", "TOTAL", total.summary());
    System.out.println(line);
    report.add(line);
    Files.createDirectories(workDir);
    Path reportFile = workDir.resolveSibling("spectest-report.txt");
    Files.write(reportFile, report, StandardCharsets.UTF_8);
  }
}
