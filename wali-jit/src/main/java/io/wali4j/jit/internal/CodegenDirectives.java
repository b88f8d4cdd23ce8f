package io.wali4j.jit.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.JMRuntimeException;
import javax.management.ObjectName;

/**
 * Keeps HotSpot's C2 off the code that generates code: the tier's code generator (its classes
 * below), ASM, and the JDK's own copy of ASM (which spins the method handle forms that the call
 * sites of compiled code are repointed with). Such a method stays compiled by C1 (HotSpot compiles
 * a method C2 may not take at C1's full optimization, without profiling).
 *
 * <p>In a first run of sqlite3's workload C2 spent about a sixth of its compile time on these
 * classes (17% of the tasks' wall time), while the code they make waited in the queue behind them;
 * the generator's own work is under a second of CPU in that run. Kept off C2, lua's first run took
 * 9% less CPU and sqlite3's 3% (benchmarks/RESULTS.md, 2026-12-06, "where sqlite3's first run
 * goes").
 *
 * <p>HotSpot reads such a rule as a compiler directive; a directives file given on the command line
 * makes the JVM print a line on standard output, so the rule is added from inside the process by
 * the {@code Compiler.directives_add} diagnostic command, once, on the tier's background thread
 * before its first compilation. {@code -Dwali4j.jit.codegenC2=true} leaves C2 free to take them.
 */
final class CodegenDirectives {

  private CodegenDirectives() {}

  /** Whether C2 may compile the code generator ({@code -Dwali4j.jit.codegenC2}, false). */
  static final boolean CODEGEN_C2 = Boolean.getBoolean("wali4j.jit.codegenC2");

  /**
   * The methods kept from C2, as directive patterns ({@code package/Class.method}, {@code *} at
   * either end of a part). The tier's own classes here are those that run only while generating
   * code; the ones compiled code calls into ({@code JitRuntime}, {@code Links}, {@code
   * CompiledModule}...) are not, so C2 still inlines and compiles them as before.
   */
  static final List<String> PATTERNS =
      List.of(
          "org/objectweb/asm/*.*",
          "jdk/internal/org/objectweb/asm/*.*",
          "io/wali4j/jit/internal/FunctionCompiler*.*",
          "io/wali4j/jit/internal/BatchCompiler*.*",
          "io/wali4j/jit/internal/RegionEmitter*.*",
          "io/wali4j/jit/internal/RegionPlanner*.*",
          "io/wali4j/jit/internal/MemoryEmitter*.*",
          "io/wali4j/jit/internal/NumericEmitter*.*",
          "io/wali4j/jit/internal/TableEmitter*.*",
          "io/wali4j/jit/internal/Frame*.*",
          "io/wali4j/jit/internal/LocalLiveness*.*",
          "io/wali4j/jit/internal/CaptureAnalysis*.*",
          "io/wali4j/jit/internal/DispatchCopies*.*");

  private static final AtomicBoolean DONE = new AtomicBoolean();

  /** The directive, as HotSpot's JSON-like directives format reads it. */
  static String directive() {
    StringBuilder sb = new StringBuilder("[{match: [");
    for (int i = 0; i < PATTERNS.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('"').append(PATTERNS.get(i)).append('"');
    }
    return sb.append("], c2: {Exclude: true}}]").toString();
  }

  /**
   * Adds the directive the first time it is called (unless {@code -Dwali4j.jit.codegenC2=true});
   * returns whether this call added it. A JVM without the diagnostic command (or without
   * management) goes on as before.
   */
  static boolean installOnce() {
    if (CODEGEN_C2 || !DONE.compareAndSet(false, true)) {
      return false;
    }
    Path file = null;
    try {
      file = Files.createTempFile("wali4j-directives", ".json");
      Files.writeString(file, directive(), StandardCharsets.UTF_8);
      Object out =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesAdd",
                  new Object[] {new String[] {file.toString()}},
                  new String[] {String[].class.getName()});
      return String.valueOf(out).contains("added");
    } catch (IOException | JMException | JMRuntimeException | SecurityException | LinkageError e) {
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

  /** The JVM's compiler directives as {@code Compiler.directives_print} shows them. */
  static String printed() throws JMException {
    return String.valueOf(
        ManagementFactory.getPlatformMBeanServer()
            .invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "compilerDirectivesPrint",
                new Object[] {new String[0]},
                new String[] {String[].class.getName()}));
  }
}
