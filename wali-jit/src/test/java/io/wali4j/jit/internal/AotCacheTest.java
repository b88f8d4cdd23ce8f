package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TierWaits.function;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.CompilerTier;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ValidatedModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code wali compile}'s artifact: written once, defined by later instances where they would
 * compile (eager: at instantiation; tiered: once hot), with the same results; unusable files are
 * ignored with one line and the module is compiled or interpreted as without a cache.
 */
class AotCacheTest extends TempAotCache {

  private static final String MODULE =
      "(module (memory 1)"
          + " (func $step (param i64) (result i64)"
          + "   (i64.add (i64.mul (local.get 0) (i64.const 6364136223846793005)) (i64.const 1)))"
          + " (func (export \"run\") (param $n i32) (result i64) (local $x i64)"
          + "   (i64.store (i32.const 8) (i64.const 0))"
          + "   (block $done (loop $next"
          + "     (br_if $done (i32.eqz (local.get $n)))"
          + "     (local.set $x (call $step (local.get $x)))"
          + "     (i64.store (i32.and (local.get $n) (i32.const 1023)) (local.get $x))"
          + "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
          + "     (br $next)))"
          + "   (i64.add (local.get $x) (i64.load (i32.const 8)))))";

  @Test
  void aTieredRunDefinesTheCachedClassesWhenAFunctionGetsHotInsteadOfCompiling()
      throws IOException, InterruptedException {
    CompilerTier.Artifact a = compile();
    assertTrue(Files.isRegularFile(a.file()), "artifact written: " + a.file());
    assertEquals(2, a.compiled());
    assertEquals(2, a.defined());
    int cached = tier.cachedModules();
    int compiled = tier.compiledModules();
    Instance inst = instantiate(MODULE, Jit.Mode.TIERED);
    assertNull(function(inst, 0).compiled(), "interpreted first, as without a cache");
    assertSameResults(MODULE, inst);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (function(inst, 0).compiled() == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertNotNull(function(inst, 0).compiled(), "installed once hot");
    assertNull(function(inst, 1).compiled(), "not hot: interpreted, though its code is defined");
    assertEquals(cached + 1, tier.cachedModules());
    assertEquals(compiled, tier.compiledModules(), "nothing compiled");
    assertSameResults(MODULE, inst);
    int functions = tier.compiledFunctions();
    for (int i = 0; i < Jit.HOT_CALLS; i++) {
      inst.invoke("run", 1);
    }
    assertNotNull(function(inst, 1).compiled(), "hot: its cached code installed at once");
    assertEquals(functions, tier.compiledFunctions(), "still nothing compiled");
    assertEquals(compiled, tier.compiledModules());
    assertSameResults(MODULE, inst);
  }

  @Test
  void aTieredRunCompilesAHotFunctionTheCacheDoesNotHold()
      throws IOException, InterruptedException {
    ValidatedModule v = Wat.validated(MODULE);
    CaptureAnalysis.Result capture = CaptureAnalysis.analyse(v.module(), v.code());
    List<GeneratedBatch> onlyStep =
        JitTier.generate(v.module(), List.of(v.code().get(0)), MemoryKind.HEAP, capture);
    AotCache.at(cache).store(v.module(), v.code(), MemoryKind.HEAP, onlyStep);
    int cached = tier.cachedModules();
    int functions = tier.compiledFunctions();
    Instance inst = instantiate(MODULE, Jit.Mode.TIERED);
    inst.invoke("run", 5000);
    TierWaits.await(() -> function(inst, 0).compiled() != null, "$step installed from the cache");
    assertEquals(cached + 1, tier.cachedModules());
    assertEquals(functions, tier.compiledFunctions(), "nothing compiled yet");
    for (int i = 0; i < Jit.HOT_CALLS; i++) {
      inst.invoke("run", 1);
    }
    TierWaits.await(
        () -> function(inst, 1).compiled() != null, "run, not in the cache, compiled once hot");
    assertEquals(functions + 1, tier.compiledFunctions(), "only run compiled");
    assertSameResults(MODULE, inst);
  }

  @Test
  void anEagerRunDefinesTheCachedClassesInsteadOfCompiling() throws IOException {
    compile();
    int compiled = tier.compiledModules();
    Instance inst = instantiate(MODULE, Jit.Mode.EAGER);
    assertNotNull(function(inst, 1).compiled());
    assertEquals(compiled, tier.compiledModules());
    assertSameResults(MODULE, inst);
  }

  @Test
  void withoutAnArtifactAnEagerRunCompiles() {
    int compiled = tier.compiledModules();
    int cached = tier.cachedModules();
    Instance inst = instantiate(MODULE, Jit.Mode.EAGER);
    assertNotNull(function(inst, 1).compiled());
    assertEquals(compiled + 1, tier.compiledModules());
    assertEquals(cached, tier.cachedModules());
    assertSameResults(MODULE, inst);
  }

  @Test
  void aCorruptArtifactIsIgnoredWithOneLineAndTheModuleCompiled() throws IOException {
    Path file = compile().file();
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 0x55;
    Files.write(file, b);
    assertIgnoredWhileEagerCompiles("checksum mismatch");
  }

  @Test
  void aTruncatedArtifactIsIgnored() throws IOException {
    Path file = compile().file();
    byte[] b = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(b, b.length / 3));
    assertIgnoredWhileEagerCompiles("checksum mismatch");
    Files.write(file, Arrays.copyOf(b, 5));
    assertIgnoredWhileEagerCompiles("truncated");
  }

  @Test
  void anArtifactOfAnotherBuildIsIgnored() throws IOException {
    Path file = compile().file();
    AotCache other = new AotCache(cache, "0.0.1+another");
    ValidatedModule v = Wat.validated(MODULE);
    AotArtifact.Key key = other.key(v.module(), v.code(), MemoryKind.HEAP);
    List<GeneratedBatch> batches = JitTier.generate(v.module(), v.code(), MemoryKind.HEAP);
    Files.write(file, AotArtifact.encode(key, batches));
    assertIgnoredWhileEagerCompiles("written by another wali4j build (0.0.1+another)");
  }

  @Test
  void anArtifactOfAnotherModuleIsIgnored() throws IOException {
    Path file = compile().file();
    ValidatedModule otherModule =
        Wat.validated(MODULE.replace("6364136223846793005", "1442695040888963407"));
    Path otherFile = tier.compileAhead(otherModule, false, cache).file();
    Files.copy(otherFile, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertIgnoredWhileEagerCompiles("written for another module");
  }

  @Test
  void anArtifactWhoseClassTheJvmRejectsIsIgnored() throws IOException {
    Path file = compile().file();
    ValidatedModule v = Wat.validated(MODULE);
    AotCache current = AotCache.at(cache);
    AotArtifact.Key key = current.key(v.module(), v.code(), MemoryKind.HEAP);
    byte[] garbage = "\u00ca\u00fe\u00ba\u00be not a class".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, AotArtifact.encode(key, List.of(new GeneratedBatch(new int[] {0}, garbage))));
    assertIgnoredWhileEagerCompiles("a class the JVM rejects");
  }

  @Test
  void anArtifactNamingAFunctionThatMayNotBeCompiledIsIgnored() throws IOException {
    Path file = compile().file();
    ValidatedModule v = Wat.validated(MODULE);
    AotArtifact.Key key = AotCache.at(cache).key(v.module(), v.code(), MemoryKind.HEAP);
    byte[] classFile = JitTier.generate(v.module(), v.code(), MemoryKind.HEAP).get(0).classFile();
    Files.write(
        file, AotArtifact.encode(key, List.of(new GeneratedBatch(new int[] {7}, classFile))));
    assertIgnoredWhileEagerCompiles("function 7 may not be compiled here");
  }

  @Test
  void writingLeavesOneWholeFileAndNoTemporaryFiles() throws IOException {
    Path first = compile().file();
    byte[] once = Files.readAllBytes(first);
    Path second = compile().file();
    assertEquals(first, second);
    assertArrayEquals(once, Files.readAllBytes(second), "the compiler is deterministic");
    try (Stream<Path> files = Files.list(first.getParent())) {
      assertEquals(List.of(first), files.toList());
    }
  }

  @Test
  void concurrentCompilesNeverShowAReaderAPartialFile() throws Exception {
    compile();
    ValidatedModule v = Wat.validated(MODULE);
    AotCache reader = AotCache.at(cache);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    PrintStream saved = System.err;
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    try {
      Future<?> writer =
          pool.submit(
              () -> {
                for (int i = 0; i < 30; i++) {
                  tier.compileAhead(v, false, cache);
                }
                return null;
              });
      int reads = 0;
      while (!writer.isDone() || reads < 30) {
        assertNotNull(reader.find(v.module(), v.code(), MemoryKind.HEAP), "read " + reads);
        reads++;
      }
      writer.get();
    } finally {
      System.setErr(saved);
      pool.shutdownNow();
    }
    assertEquals("", errors.toString(StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.list(compile().file().getParent())) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  private CompilerTier.Artifact compile() throws IOException {
    return tier.compileAhead(Wat.validated(MODULE), false, cache);
  }

  /** Instantiates in eager mode: the file is ignored with one line, the module compiled anew. */
  private void assertIgnoredWhileEagerCompiles(String why) {
    int compiled = tier.compiledModules();
    int cached = tier.cachedModules();
    String err = stderrOf(() -> assertSameResults(MODULE, instantiate(MODULE, Jit.Mode.EAGER)));
    assertTrue(err.startsWith("wali4j: ignoring ahead-of-time code "), err);
    assertTrue(err.contains(": " + why), err);
    assertEquals(1, err.lines().count(), err);
    assertEquals(compiled + 1, tier.compiledModules());
    assertEquals(cached, tier.cachedModules());
  }
}
