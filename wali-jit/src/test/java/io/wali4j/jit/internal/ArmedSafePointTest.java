package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safe points until the first request ({@link FunctionCompiler#ARMED_SAFE_POINTS}): in C2's code a
 * loop head has no check at all while no thread of the JVM was asked to stop, and the first request
 * throws that code away, so the loop stops. The first request happens once per JVM, and this test
 * JVM may have made one already, so each case runs in a JVM of its own ({@link
 * ArmedSafePointChild}) with {@code -XX:+PrintCompilation}, whose lines show the loop's C2 code
 * installed before the request and thrown away after it.
 */
class ArmedSafePointTest {

  /** The spinning function's method in the generated class: function 1 of the child's module. */
  private static final String SPIN = "::f1";

  @TempDir Path dir;

  @Test
  void theFirstRequestThrowsAwayTheLoopsC2CodeAndTheLoopStops() throws Exception {
    List<String> out = child("request");
    String all = String.join("\n", out);
    int marker = lineWith(out, "requesting");
    assertTrue(marker > 0, all);
    assertTrue(all.contains("armed before: false"), all);
    Set<String> before = new HashSet<>();
    for (String line : out.subList(0, marker)) {
      Compile c = Compile.parse(line);
      if (c != null && c.level == 4 && !c.thrownAway) {
        before.add(c.id);
      }
    }
    assertFalse(before.isEmpty(), "no C2 code of the loop before the request:\n" + all);
    boolean thrownAway = false;
    for (String line : out.subList(marker, out.size())) {
      Compile c = Compile.parse(line);
      thrownAway |= c != null && c.thrownAway && before.contains(c.id);
    }
    assertTrue(thrownAway, "the loop's C2 code was kept after the request:\n" + all);
    assertTrue(all.contains("stopped: 1"), all);
    assertTrue(all.contains("armed after: true"), all);
  }

  @Test
  void aLoopWithoutChecksStillSeesAStoreOfAnotherThread() throws Exception {
    String all = String.join("\n", child("store"));
    assertTrue(all.contains("armed before: false"), all);
    assertTrue(all.contains("stopped: 1"), all);
    assertTrue(all.contains("armed after: false"), all);
  }

  /**
   * The first line containing {@code s}, or -1. The child's lines and HotSpot's compile lines share
   * the output, and a compiler thread's line may start in the middle of one of the child's.
   */
  private static int lineWith(List<String> out, String s) {
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).contains(s)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void chunkedLoopsAndTheLoopsAroundThemReadTheCountPlainlyOthersTestTheSwitchFirst() {
    // nest: an outer loop around a loop counted on an i64 (TripCounters). spin: a plain loop.
    String wat =
        "(module (memory 1)"
            + " (func (export \"nest\") (param $n i64) (local $j i64) (local $k i32)"
            + "   (loop $outer"
            + "     (local.set $j (i64.const 0))"
            + "     (loop $inner (i32.store (i32.const 8) (i32.wrap_i64 (local.get $j)))"
            + "       (br_if $inner (i64.lt_u"
            + "       (local.tee $j (i64.add (local.get $j) (i64.const 1))) (local.get $n))))"
            + "     (br_if $outer (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1)))"
            + "       (i32.load (i32.const 0))))))"
            + " (func (export \"spin\") (loop $l (br_if $l (i32.eqz (i32.load (i32.const 64)))))))";
    List<String> names = List.of("nest", "spin");
    assertEquals(Map.of("nest", 0, "spin", 1), GeneratedCounts.calls(wat, names, "armed"));
    assertEquals(
        Map.of("nest", 2, "spin", 1), GeneratedCounts.fieldAccesses(wat, names, "OUTSTANDING"));
  }

  /** Runs {@link ArmedSafePointChild} with {@code mode}; returns its output lines. */
  private List<String> child(String mode) throws IOException, InterruptedException {
    Path log = dir.resolve(mode + ".log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss16m",
                "-XX:+PrintCompilation",
                "-cp",
                System.getProperty("java.class.path"),
                ArmedSafePointChild.class.getName(),
                mode,
                "3000",
                "30")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("the child did not end:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), String.join("\n", out));
    return out;
  }

  /** A {@code -XX:+PrintCompilation} line about the spinning function's method. */
  private static final class Compile {
    final String id;
    final int level;
    final boolean thrownAway;

    private Compile(String id, int level, boolean thrownAway) {
      this.id = id;
      this.level = level;
      this.thrownAway = thrownAway;
    }

    /**
     * {@code <ms> <id> [flags] <level> <class>::<method> [@ <bci>] (<size> bytes) [made not
     * entrant]}, or null for another line.
     */
    static Compile parse(String line) {
      String[] t = line.trim().split("\\s+");
      if (t.length < 4 || !t[0].matches("\\d+") || !t[1].matches("\\d+")) {
        return null;
      }
      int i = 2;
      while (i < t.length && t[i].matches("[%sbn!]+")) {
        i++;
      }
      if (i + 1 >= t.length || !t[i].matches("\\d") || !t[i + 1].endsWith(SPIN)) {
        return null;
      }
      return new Compile(t[1], Integer.parseInt(t[i]), line.endsWith("made not entrant"));
    }
  }
}
