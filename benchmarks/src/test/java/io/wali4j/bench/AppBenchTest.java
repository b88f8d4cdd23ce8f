package io.wali4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppBenchTest {

  @Test
  void appNamesSelectAppsAndTheRestGoesToTheKernelOptions() {
    AppBench.Split s =
        AppBench.split(
            new String[] {
              "--tier",
              "jit",
              "lua",
              "--apps-dir",
              "/a",
              "sqlite3",
              "--clock",
              "cpu",
              "--dist",
              "/d"
            });
    assertEquals(List.of(App.LUA, App.SQLITE), s.apps());
    assertEquals(Path.of("/a"), s.appsDir());
    assertEquals(Path.of("/d"), s.dist());
    assertEquals(List.of("--tier", "jit", "--clock", "cpu"), s.rest());
    assertFalse(s.kernelFilters(), "option values are no kernel filters");
    assertFalse(s.cached());
    BenchOptions.parse(s.rest().toArray(new String[0]));
  }

  @Test
  void aotCacheAddsTheCachedColumnAndIsNoKernelOption() {
    AppBench.Split s = AppBench.split(new String[] {"--reps", "1", "--aot-cache", "lua"});
    assertEquals(List.of(App.LUA), s.apps());
    assertTrue(s.cached());
    assertEquals(List.of("--reps", "1"), s.rest());
    assertFalse(s.kernelFilters());
    BenchOptions.parse(s.rest().toArray(new String[0]));
  }

  @Test
  void aKernelFilterBesideAnAppRunsBoth() {
    AppBench.Split s = AppBench.split(new String[] {"--reps", "2", "fib", "sqlite", "sqlite"});
    assertEquals(List.of(App.SQLITE), s.apps());
    assertTrue(s.kernelFilters());
    assertEquals(List.of("--reps", "2", "fib"), s.rest());
  }

  @Test
  void measureRunsTheWarmupsThenTheTimedRunsAndNoMoreWithoutWarmup(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("runs");
    List<String> command = List.of("sh", "-c", "echo run >> '" + log + "'; echo out");
    AppBench.Timed t = AppBench.measure(command, 0, 2);
    assertEquals("out\n", t.stdout());
    assertEquals(2, t.wallNs().length);
    assertEquals(2, Files.readAllLines(log).size(), "no untimed run with --warmup 0");
    AppBench.measure(command, 1, 2);
    assertEquals(5, Files.readAllLines(log).size(), "one warm-up, two timed");
  }

  @Test
  void theWorkloadArgumentsNameTheWorkloadFiles() {
    Path w = Path.of("/w");
    assertEquals(List.of("/w/workload.lua"), App.LUA.args(w));
    assertEquals(List.of(":memory:", ".read /w/workload.sql"), App.SQLITE.args(w));
  }

  @Test
  void childCpuTimeCountsAnEndedChild() throws Exception {
    long before = ChildCpu.nanos();
    Process p =
        new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
    p.waitFor();
    assertTrue(ChildCpu.nanos() > before, "the busy child's CPU time is counted");
  }

  @Test
  void theLauncherIsTheWaliScriptOfTheCheckoutTheDistributionBelongsTo(@TempDir Path dir)
      throws Exception {
    Path dist = dir.resolve("distribution/bench-target");
    Files.createDirectories(dist);
    Path java = Path.of("/jdk/bin/java");
    assertThrows(
        IllegalArgumentException.class,
        () -> AppBench.scriptCommand(dist, java, List.of("--version")),
        "no wali script in the checkout");
    Path script = Files.createFile(dir.resolve("wali"));
    script.toFile().setExecutable(true);
    assertEquals(
        List.of(
            "env",
            "JAVA=/jdk/bin/java",
            "WALI_DIST=" + dist,
            script.toString(),
            "run",
            "--jit=off",
            "m.wasm"),
        AppBench.scriptCommand(dist, java, List.of("run", "--jit=off", "m.wasm")));
  }
}
