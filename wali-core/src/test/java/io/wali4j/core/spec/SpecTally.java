package io.wali4j.core.spec;

import io.wali4j.core.spec.ScriptRun.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Counts of one script's outcomes (or of all scripts together), with details of what failed. */
final class SpecTally {

  private final IntPredicate listedLine;
  private int passed;
  private int failed;
  private int listedFailed;
  private int skipped;
  private int textModules;
  private int messageMatches;
  private final List<String> failures = new ArrayList<>();
  private final List<String> messageMismatches = new ArrayList<>();

  /** A tally for all scripts together. */
  SpecTally() {
    this(line -> false);
  }

  /**
   * @param listedLine whether a line's command is listed in the expectations (its failure is
   *     expected)
   */
  SpecTally(IntPredicate listedLine) {
    this.listedLine = listedLine;
  }

  void count(SpecCommand cmd, Outcome outcome) {
    switch (outcome.status()) {
      case PASS -> passed++;
      case FAIL -> {
        failed++;
        boolean listed = listedLine.test(cmd.line());
        if (listed) {
          listedFailed++;
        }
        failures.add(
            (listed ? "(listed) " : "")
                + "line "
                + cmd.line()
                + " "
                + cmd.type()
                + ": "
                + outcome.detail());
      }
      case SKIP -> {
        skipped++;
        if ("text".equals(cmd.moduleType())) {
          textModules++;
        }
      }
    }
  }

  /** Records whether a module assertion's failure message matched the spec's. */
  void message(SpecCommand cmd, boolean matched, String ours) {
    if (matched) {
      messageMatches++;
    } else {
      messageMismatches.add(
          "line " + cmd.line() + ": expected \"" + cmd.text() + "\", got \"" + ours + "\"");
    }
  }

  /** A failure outside any command (the script could not be converted or read). */
  void scriptFailure(String detail) {
    failed++;
    failures.add(detail);
  }

  void add(SpecTally other) {
    passed += other.passed;
    failed += other.failed;
    listedFailed += other.listedFailed;
    skipped += other.skipped;
    textModules += other.textModules;
    messageMatches += other.messageMatches;
    messageMismatches.addAll(other.messageMismatches);
  }

  int passed() {
    return passed;
  }

  int failed() {
    return failed;
  }

  List<String> failures() {
    return failures;
  }

  List<String> messageMismatches() {
    return messageMismatches;
  }

  /**
   * One line: passed, failed (of which single commands listed in the expectations), skipped (of
   * which text-format modules), message matches.
   */
  String summary() {
    return String.format(
        "passed %5d  failed %5d (listed lines %2d)  skipped %4d (text modules %4d)  messages"
            + " matched %d/%d",
        passed,
        failed,
        listedFailed,
        skipped,
        textModules,
        messageMatches,
        messageMatches + messageMismatches.size());
  }
}
