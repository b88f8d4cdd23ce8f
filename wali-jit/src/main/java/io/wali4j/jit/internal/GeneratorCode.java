package io.wali4j.jit.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Keeps HotSpot's C2 off the tier's own code generator: ASM (the project's and the JDK's copy,
 * which spins the method handles' classes of the call sites) and the tier's emitters and analyses.
 * In tiered mode they run a few milliseconds per batch on the background thread (lua's workload:
 * 117 functions in 0.37 s of CPU), yet they are hot enough by HotSpot's counters for C2, which
 * compiled them again and again as new code paths came up: in a first run of lua's workload about a
 * quarter of C2's time went to them (org.objectweb.asm 8 s, FunctionCompiler and the emitters 5 s
 * of C2's 48 s of compile wall time; benchmarks/RESULTS.md, 2026-12-06, "lua's first run: where the
 * warm-up goes"), on a machine whose two cores the Wasm thread shares with C1 and C2, while the
 * generated code of the hot functions waited in C2's queue. C1's full-speed code (tier 1) is good
 * enough for a generator that runs that little. Measured in alternated pairs: lua's workload took
 * 16% less CPU in five (C2 10.6 to 7.4 s), with the batches generated as fast; sqlite3's 3% less in
 * four, within its spread.
 *
 * <p>How: a compiler directive (HotSpot's {@code Compiler.directives_add}, through the platform's
 * DiagnosticCommand MBean) that excludes those classes from C2; HotSpot then compiles them with C1
 * without profiling where it would have compiled them with C2. It is added once per JVM, by the
 * background thread after its first batch in tiered mode (a run that never gets a function hot,
 * such as sqlite3's {@code select 1}, never loads JMX). It applies to the whole JVM: an embedding
 * that uses ASM itself gets C1's code for it too. {@code -Dwali4j.jit.generatorC2=true} leaves
 * HotSpot's defaults alone; a JVM without the MBean (or a security manager that refuses) keeps them
 * too.
 */
final class GeneratorCode {

  /** Whether the generator is left to C2 ({@code -Dwali4j.jit.generatorC2=true}). */
  static final boolean IN_C2 = Boolean.getBoolean("wali4j.jit.generatorC2");

  /**
   * The classes kept from C2, as HotSpot's directives match them ({@code package/Class.method}, a
   * {@code *} at either end). Not the classes the generated code calls at run time ({@link
   * JitRuntime}, {@link CompiledBatch}, {@link Links}) nor the tier's entry points on the
   * interpreter's thread ({@link JitTier}, {@link Payback}).
   */
  static final List<String> PATTERNS =
      List.of(
          "org/objectweb/asm/*.*",
          "jdk/internal/org/objectweb/asm/*.*",
          "io/wali4j/jit/internal/BatchCompiler*.*",
          "io/wali4j/jit/internal/BranchCompare*.*",
          "io/wali4j/jit/internal/CaptureAnalysis*.*",
          "io/wali4j/jit/internal/DispatchCopies*.*",
          "io/wali4j/jit/internal/Frame*.*",
          "io/wali4j/jit/internal/FunctionCompiler*.*",
          "io/wali4j/jit/internal/Immediates*.*",
          "io/wali4j/jit/internal/InductionPointers*.*",
          "io/wali4j/jit/internal/InlineOps*.*",
          "io/wali4j/jit/internal/LocalLiveness*.*",
          "io/wali4j/jit/internal/LocalSums*.*",
          "io/wali4j/jit/internal/MemoryEmitter*.*",
          "io/wali4j/jit/internal/NumericEmitter*.*",
          "io/wali4j/jit/internal/ProvenExtents*.*",
          "io/wali4j/jit/internal/RegionEmitter*.*",
          "io/wali4j/jit/internal/RegionPlanner*.*",
          "io/wali4j/jit/internal/ShortLoops*.*",
          "io/wali4j/jit/internal/TableEmitter*.*",
          "io/wali4j/jit/internal/TripCounters*.*",
          "io/wali4j/jit/internal/Values*.*");

  private static final AtomicBoolean ADDED = new AtomicBoolean();

  /** Whether the directive is in place; why not, when adding it failed. */
  private static volatile boolean inPlace;

  private static volatile Throwable failure;

  private GeneratorCode() {}

  /**
   * Once per JVM, unless {@link #IN_C2}: excludes the generator from C2 (see the class comment).
   */
  static void keepFromC2() {
    if (!IN_C2) {
      add();
    }
  }

  /**
   * Adds the directive unless this JVM has it already; returns whether it is in place. Failures (no
   * DiagnosticCommand MBean, a refusal) leave HotSpot's defaults and are logged at {@code -v=3}.
   */
  static boolean add() {
    if (!ADDED.compareAndSet(false, true)) {
      return inPlace;
    }
    long t0 = System.nanoTime();
    Path file = null;
    try {
      file = Files.createTempFile("wali4j-directives", ".json");
      Files.writeString(file, directive());
      Object out =
          diagnosticCommand("compilerDirectivesAdd", new Object[] {new String[] {file.toString()}});
      JitTier.log(
          () ->
              "generator kept from C2 in "
                  + (System.nanoTime() - t0) / 1_000_000
                  + " ms: "
                  + String.valueOf(out).strip());
      inPlace = true;
      return true;
    } catch (JMException | IOException | SecurityException | LinkageError e) {
      failure = e;
      JitTier.log(() -> "generator left to C2: " + e);
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  /** Why adding the directive failed, or null. */
  static Throwable failure() {
    return failure;
  }

  /**
   * HotSpot's compiler directives in force now, as {@code Compiler.directives_print} prints them.
   */
  static String directivesInForce() throws JMException {
    return String.valueOf(
        diagnosticCommand("compilerDirectivesPrint", new Object[] {new String[0]}));
  }

  /** The directive: C2 excluded for {@link #PATTERNS}, C1 as by default. */
  static String directive() {
    StringBuilder sb = new StringBuilder("[{match: [");
    for (int i = 0; i < PATTERNS.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('"').append(PATTERNS.get(i)).append('"');
    }
    return sb.append("], c2: {Exclude: true}}]").toString();
  }

  private static Object diagnosticCommand(String operation, Object[] args) throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    return server.invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"),
        operation,
        args,
        new String[] {String[].class.getName()});
  }
}
