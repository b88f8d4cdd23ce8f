package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TierWaits.function;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.CompilerTier;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ValidatedModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The recorded profile beside a module's ahead-of-time code: written from the functions a tiered
 * run ran compiled, read back by a later tiered run, which installs those functions at its first
 * hot function (compiling the ones the cache does not hold); unusable files are ignored with one
 * line.
 */
class AotProfileTest extends TempAotCache {

  /** $cold is called once per run: never hot by itself. $step is called n times: hot. */
  private static final String MODULE =
      "(module (memory 1)"
          + TieringTest.STEP
          + " (func $cold (param i64) (result i64) (i64.xor (local.get 0) (i64.const 0x5bd1e995)))"
          + TieringTest.run("(call $cold (local.get $x))")
          + ")";

  private static final int STEP = 0;
  private static final int COLD = 1;
  private static final int RUN = 2;

  @Test
  void aTieredRunRecordsTheFunctionsItRanCompiled() throws InterruptedException {
    // Bytes of its own: other tests' instances of MODULE would record into the same file.
    String text = MODULE.replace("0x5bd1e995", "0x27d4eb2f");
    Instance inst = instantiate(text, Jit.Mode.TIERED);
    Instance again = instantiate(text, Jit.Mode.TIERED);
    inst.invoke("run", 5000);
    TierWaits.await(() -> function(inst, STEP).compiled() != null, "$step compiled once hot");
    for (int i = 0; i < Jit.HOT_CALLS; i++) {
      again.invoke("run", 0);
    }
    TierWaits.await(
        () -> function(again, RUN).compiled() != null && function(again, COLD).compiled() != null,
        "run and $cold compiled once hot");
    assertNull(function(inst, COLD).compiled());
    assertNull(function(again, STEP).compiled());
    tier.record(cache);
    ValidatedModule v = Wat.validated(text);
    BitSet profile = AotCache.at(cache).findProfile(v.module(), v.code(), MemoryKind.HEAP);
    assertEquals(bitSet(STEP, COLD, RUN), profile, "both modules of the same bytes, in one file");
  }

  @Test
  void aRunThatRanNothingCompiledSaysItRecordedNothing() throws IOException {
    String before = System.getProperty("wali4j.jit.log");
    System.setProperty("wali4j.jit.log", "true");
    try {
      String err = stderrOf(() -> new JitTier().record(cache));
      assertTrue(
          err.contains("no function ran compiled in this run: no profile recorded in " + cache),
          err);
      try (Stream<Path> files = Files.list(cache)) {
        assertEquals(0, files.count(), "nothing written");
      }
    } finally {
      if (before == null) {
        System.clearProperty("wali4j.jit.log");
      } else {
        System.setProperty("wali4j.jit.log", before);
      }
    }
  }

  @Test
  void theRecordedFunctionsAreInstalledAtTheFirstHotFunction()
      throws IOException, InterruptedException {
    tier.compileAhead(Wat.validated(MODULE), false, cache);
    storeProfile(STEP, COLD, RUN);
    int compiled = tier.compiledFunctions();
    Instance inst = instantiate(MODULE, Jit.Mode.TIERED);
    assertNull(function(inst, RUN).compiled(), "interpreted until a function gets hot");
    inst.invoke("run", 5000);
    TierWaits.await(
        () -> function(inst, COLD).compiled() != null && function(inst, RUN).compiled() != null,
        "the profile's functions installed, though called once");
    assertEquals(compiled, tier.compiledFunctions(), "all from the cache: nothing compiled");
    assertSameResults(MODULE, inst);
  }

  @Test
  void aRecordedFunctionTheCacheDoesNotHoldIsCompiledAtTheFirstHotFunction()
      throws IOException, InterruptedException {
    ValidatedModule v = Wat.validated(MODULE);
    CaptureAnalysis.Result capture = CaptureAnalysis.analyse(v.module(), v.code());
    List<GeneratedBatch> onlyStep =
        JitTier.generate(v.module(), List.of(v.code().get(STEP)), MemoryKind.HEAP, capture);
    AotCache.at(cache).store(v.module(), v.code(), MemoryKind.HEAP, onlyStep);
    storeProfile(STEP, COLD);
    int compiled = tier.compiledFunctions();
    Instance inst = instantiate(MODULE, Jit.Mode.TIERED);
    inst.invoke("run", 5000);
    TierWaits.await(() -> function(inst, COLD).compiled() != null, "$cold compiled and installed");
    assertEquals(compiled + 1, tier.compiledFunctions(), "$cold alone compiled");
    assertNull(function(inst, RUN).compiled(), "not in the profile, not hot: interpreted");
    assertSameResults(MODULE, inst);
  }

  @Test
  void aCorruptProfileIsIgnoredWithOneLine() throws IOException, InterruptedException {
    tier.compileAhead(Wat.validated(MODULE), false, cache);
    Path file = storeProfile(STEP, COLD, RUN);
    byte[] b = Files.readAllBytes(file);
    b[b.length - 9] ^= 0x21;
    Files.write(file, b);
    assertIgnored(file, "checksum mismatch");
  }

  @Test
  void aProfileOfAnotherBuildIsIgnored() throws IOException, InterruptedException {
    tier.compileAhead(Wat.validated(MODULE), false, cache);
    Path file = storeProfile(STEP, COLD, RUN);
    ValidatedModule v = Wat.validated(MODULE);
    AotArtifact.Key other =
        new AotCache(cache, "0.0.1+another").key(v.module(), v.code(), MemoryKind.HEAP);
    Files.write(file, AotProfile.encode(other, bitSet(COLD, RUN)));
    assertIgnored(file, "written by another wali4j build (0.0.1+another)");
  }

  @Test
  void aProfileOfAnotherModuleIsIgnored() throws IOException, InterruptedException {
    tier.compileAhead(Wat.validated(MODULE), false, cache);
    Path file = storeProfile(STEP, COLD, RUN);
    ValidatedModule other = Wat.validated(MODULE.replace("0x5bd1e995", "0x1b873593"));
    Path otherFile =
        AotCache.at(cache)
            .storeProfile(other.module(), other.code(), MemoryKind.HEAP, bitSet(COLD, RUN));
    Files.copy(otherFile, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertIgnored(file, "written for another module");
  }

  @Test
  void aProfileNamingAnImportOrAFunctionPastTheEndIsIgnored()
      throws IOException, InterruptedException {
    String withImport = MODULE.replace("(module ", "(module (import \"m\" \"f\" (func)) ");
    ValidatedModule v = Wat.validated(withImport);
    AotArtifact.Key key = AotCache.at(cache).key(v.module(), v.code(), MemoryKind.HEAP);
    Path file = AotCache.at(cache).profileFile(key);
    Files.createDirectories(file.getParent());
    for (int f : new int[] {0, 4}) {
      Files.write(file, AotProfile.encode(key, bitSet(f, 3)));
      String err =
          stderrOf(
              () ->
                  assertNull(
                      AotCache.at(cache).findProfile(v.module(), v.code(), MemoryKind.HEAP)));
      assertTrue(err.contains(": function " + f + " is not a function of the module"), err);
    }
  }

  /**
   * A worker that can reach a capture (setjmp, on a branch no call here takes) and is too large,
   * with too many capture sites, for eager mode's set ({@link JitTier#mayCompile}): a tiered run
   * compiles it once its loop has paid, as lua's {@code luaV_execute}.
   */
  private static final String CAPTURING =
      "(module (import \"wali\" \"setjmp\" (func $setjmp (param i32) (result i32))) (memory 1)"
          + " (func $worker (export \"worker\") (param $n i32) (result i32) (local $x i32)" // 1
          + "   (if (i32.eq (local.get $n) (i32.const -1)) (then"
          + " (drop (call $setjmp (i32.const 0)))".repeat(JitTier.UNWIND_MAX_HANDLER_STATE + 1)
          + " (local.set $x (i32.add (local.get $x) (i32.const 3)))"
              .repeat(JitTier.UNWIND_MAX_LENGTH)
          + "   ))"
          + PaybackTest.WORK_LOOP
          + "))";

  private static final int WORKER = 1;

  @Test
  void compileAheadAddsTheRecordedProfileSoThatARunApplyingItCompilesNothing()
      throws IOException, InterruptedException {
    // Bytes of its own, so that no other test's run records into its profile.
    String text = CAPTURING.replace("i32.const 31", "i32.const 37");
    ValidatedModule v = Wat.validated(text);
    assertTrue(JitTier.CAPTURE_UNWIND, "run with -Dwali4j.jit.capture=unwind");
    assertTrue(JitTier.eligible(v.module(), v.code()).isEmpty(), "not in eager mode's set");
    Instance recording = capturing(v, Jit.Mode.TIERED);
    for (int i = 0; i < 50 && function(recording, WORKER).compiled() == null; i++) {
      recording.invoke("worker", 3_000_000);
      Thread.sleep(20);
    }
    assertNotNull(function(recording, WORKER).compiled(), "compiled once its loop paid");
    tier.record(cache);

    CompilerTier.Artifact a = tier.compileAhead(v, false, cache);
    AotCache aot = AotCache.at(cache);
    assertEquals(aot.profileFile(aot.key(v.module(), v.code(), MemoryKind.HEAP)), a.profile());
    assertEquals(1, a.fromProfile());
    assertEquals(1, a.compiled(), "the profile's function, which eager mode leaves out");

    int compiled = tier.compiledFunctions();
    Instance inst = capturing(Wat.validated(text), Jit.Mode.TIERED);
    Instance reference = capturing(v, Jit.Mode.OFF);
    for (int n : new int[] {3_000_000, 0, 7}) {
      assertArrayEquals(reference.invoke("worker", n), inst.invoke("worker", n), "worker " + n);
    }
    TierWaits.await(() -> function(inst, WORKER).compiled() != null, "installed from the cache");
    assertEquals(compiled, tier.compiledFunctions(), "nothing generated: all from the artifact");
    assertArrayEquals(reference.invoke("worker", 5000), inst.invoke("worker", 5000));
  }

  @Test
  void withoutTheProfileTheArtifactLeavesTheWorkerToTheRun() throws IOException {
    ValidatedModule v = Wat.validated(CAPTURING);
    AotCache.at(cache).storeProfile(v.module(), v.code(), MemoryKind.HEAP, bitSet(WORKER));
    CompilerTier.Artifact a = tier.compileAhead(v, false, cache, CompilerTier.Profile.NONE);
    assertEquals(0, a.compiled());
    assertNull(a.profile());
    CompilerTier.Artifact b = tier.compileAhead(v, false, cache, CompilerTier.Profile.RECORDED);
    assertEquals(1, b.compiled());
    assertEquals(1, b.fromProfile());
  }

  @Test
  void aProfileGivenAsAFileIsUsedAndOneThatIsUnusableIsAnError() throws IOException {
    ValidatedModule v = Wat.validated(CAPTURING);
    Path given = cache.resolve("given.profile");
    Path recorded =
        AotCache.at(cache).storeProfile(v.module(), v.code(), MemoryKind.HEAP, bitSet(WORKER));
    Files.move(recorded, given);
    CompilerTier.Artifact a = tier.compileAhead(v, false, cache, CompilerTier.Profile.file(given));
    assertEquals(given, a.profile());
    assertEquals(1, a.fromProfile());

    ValidatedModule other = Wat.validated(CAPTURING.replace("i32.const 31", "i32.const 41"));
    assertBadProfile(other, given, "profile " + given + ": written for another module");
    byte[] b = Files.readAllBytes(given);
    b[b.length - 9] ^= 0x21;
    Files.write(given, b);
    assertBadProfile(v, given, "profile " + given + ": checksum mismatch");
    Path missing = cache.resolve("missing.profile");
    assertBadProfile(v, missing, "profile " + missing + ": no such file");
  }

  private void assertBadProfile(ValidatedModule v, Path file, String message) {
    CompilerTier.BadProfile e =
        assertThrows(
            CompilerTier.BadProfile.class,
            () -> tier.compileAhead(v, false, cache, CompilerTier.Profile.file(file)));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void anUnusableRecordedProfileIsIgnoredWithOneLineAndTheArtifactWritten() throws IOException {
    ValidatedModule v = Wat.validated(CAPTURING);
    Path file =
        AotCache.at(cache).storeProfile(v.module(), v.code(), MemoryKind.HEAP, bitSet(WORKER));
    byte[] b = Files.readAllBytes(file);
    b[b.length - 9] ^= 0x21;
    Files.write(file, b);
    CompilerTier.Artifact[] a = new CompilerTier.Artifact[1];
    String err =
        stderrOf(
            () -> {
              try {
                a[0] = tier.compileAhead(v, false, cache);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertTrue(
        err.startsWith("wali4j: ignoring ahead-of-time code " + file + ": checksum mismatch"), err);
    assertEquals(1, err.lines().count(), err);
    assertNull(a[0].profile());
    assertEquals(0, a[0].compiled());
    assertTrue(Files.isRegularFile(a[0].file()));
  }

  private static Instance capturing(ValidatedModule v, Jit.Mode mode) {
    Store store = new Store();
    store.jitMode(mode);
    return Instance.instantiate(store, v, CaptureImports.only());
  }

  /**
   * A tiered run with the cache where the profile is unusable: one line on stderr, and the run goes
   * on as without a profile ($cold, called once, stays interpreted).
   */
  private void assertIgnored(Path file, String why) throws InterruptedException {
    Instance[] inst = new Instance[1];
    String err =
        stderrOf(
            () -> {
              inst[0] = instantiate(MODULE, Jit.Mode.TIERED);
              inst[0].invoke("run", 5000);
              try {
                TierWaits.await(
                    () -> function(inst[0], STEP).compiled() != null, "$step installed once hot");
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            });
    assertTrue(err.startsWith("wali4j: ignoring ahead-of-time code " + file + ": " + why), err);
    assertEquals(1, err.lines().count(), err);
    assertNull(function(inst[0], COLD).compiled(), "no profile applied");
    assertSameResults(MODULE, inst[0]);
  }

  private Path storeProfile(int... functions) throws IOException {
    ValidatedModule v = Wat.validated(MODULE);
    return AotCache.at(cache)
        .storeProfile(v.module(), v.code(), MemoryKind.HEAP, bitSet(functions));
  }

  private static BitSet bitSet(int... functions) {
    BitSet b = new BitSet();
    for (int f : functions) {
      b.set(f);
    }
    return b;
  }
}
