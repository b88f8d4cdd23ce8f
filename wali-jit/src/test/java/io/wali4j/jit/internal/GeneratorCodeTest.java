package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TierWaits.await;
import static io.wali4j.jit.internal.TierWaits.function;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ValidatedModule;
import javax.management.JMException;
import org.junit.jupiter.api.Test;

/**
 * The tier's code generator is kept from C2 ({@link GeneratorCode}): after tiered mode's first
 * batch the JVM's compiler directives exclude ASM and the tier's emitters from C2, and never the
 * generated classes or the run-time classes they call, which must stay C2's. Results are checked
 * against the interpreter's.
 */
class GeneratorCodeTest {

  /** A hot loop calling a hot function: the first tiered batch comes soon. */
  private static final String MODULE = TieringTest.MODULE;

  private final ValidatedModule module = Wat.validated(MODULE);

  private Instance instance(Jit.Mode mode) {
    Store store = new Store();
    store.jitMode(mode);
    return Instance.instantiate(store, module, Imports.NONE);
  }

  @Test
  void afterTheFirstTieredBatchC2NoLongerCompilesTheGenerator() throws Exception {
    Instance inst = instance(Jit.Mode.TIERED);
    Instance reference = instance(Jit.Mode.OFF);
    assertArrayEquals(
        reference.invoke("run", 3 * Jit.HOT_CALLS), inst.invoke("run", 3 * Jit.HOT_CALLS));
    await(() -> function(inst, 0).compiled() != null, "compiled once hot");
    await(
        GeneratorCodeTest::excludedFromC2,
        "the generator excluded from C2: " + GeneratorCode.failure());
    assertArrayEquals(reference.invoke("run", 77), inst.invoke("run", 77));
    String directives = GeneratorCode.directivesInForce();
    for (String pattern : GeneratorCode.PATTERNS) {
      assertTrue(directives.contains(pattern), pattern + " in\n" + directives);
    }
  }

  @Test
  void theDirectiveExcludesC2OnlyAndOnlyTheGenerator() {
    String d = GeneratorCode.directive();
    assertTrue(d.contains("c2: {Exclude: true}"), d);
    assertFalse(d.contains("c1"), d);
    for (Class<?> c :
        new Class<?>[] {
          FunctionCompiler.class, RegionEmitter.class, org.objectweb.asm.ClassWriter.class
        }) {
      assertTrue(matched(c.getName()), c.getName());
    }
    for (String runtime :
        new String[] {
          "io.wali4j.jit.internal.WasmBatch",
          JitRuntime.class.getName(),
          CompiledBatch.class.getName(),
          CompiledModule.class.getName(),
          Links.class.getName(),
          JitTier.class.getName(),
          Payback.class.getName(),
          "io.wali4j.core.interp.Interpreter"
        }) {
      assertFalse(matched(runtime), runtime + " must stay C2's");
    }
  }

  /** Whether a class name is matched by one of the patterns (a prefix, then {@code *.*}). */
  private static boolean matched(String className) {
    String internal = className.replace('.', '/');
    for (String p : GeneratorCode.PATTERNS) {
      String cls = p.substring(0, p.length() - ".*".length());
      if (cls.endsWith("*") && internal.startsWith(cls.substring(0, cls.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean excludedFromC2() {
    try {
      String d = GeneratorCode.directivesInForce();
      int at = d.indexOf("org/objectweb/asm/*.*");
      if (at < 0) {
        return false;
      }
      int c2 = d.indexOf("c2 directives:", at);
      return c2 >= 0 && d.indexOf("Exclude:true", c2) > c2;
    } catch (JMException e) {
      throw new AssertionError(e);
    }
  }
}
