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
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Once the tier has compiled on its background thread, the JVM's compiler directives keep C2 off
 * the code generator and ASM (C1 only), and leave the classes compiled code calls into alone.
 */
class CodegenDirectivesTest {

  private static final String MODULE =
      "(module"
          + " (func $step (param i64) (result i64)"
          + "   (i64.add (i64.mul (local.get 0) (i64.const 6364136223846793005)) (i64.const 1)))"
          + " (func (export \"run\") (param $n i32) (result i64) (local $x i64)"
          + "   (block $done (loop $next"
          + "     (br_if $done (i32.eqz (local.get $n)))"
          + "     (local.set $x (call $step (local.get $x)))"
          + "     (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
          + "     (br $next)))"
          + "   (local.get $x)))";

  private static Instance instance(ValidatedModule module, Jit.Mode mode) {
    Store store = new Store();
    store.jitMode(mode);
    return Instance.instantiate(store, module, Imports.NONE);
  }

  /**
   * The directive HotSpot prints ({@code Compiler.directives_print}: a "Directive:" line, then
   * "matching:" and its patterns separated by ", ") whose patterns include {@code pattern}, or "".
   */
  private static String block(String printed, String pattern) {
    for (String block : printed.split("Directive:")) {
      int at = block.indexOf("matching: ");
      if (at >= 0) {
        String line = block.substring(at + "matching: ".length()).split("\n", 2)[0].strip();
        if (Arrays.asList(line.split(", ")).contains(pattern)) {
          return block;
        }
      }
    }
    return "";
  }

  @Test
  void afterTheFirstCompilationC2LeavesTheCodeGeneratorToC1() throws Exception {
    ValidatedModule module = Wat.validated(MODULE);
    Instance inst = instance(module, Jit.Mode.TIERED);
    Instance reference = instance(module, Jit.Mode.OFF);
    assertArrayEquals(reference.invoke("run", 5000L), inst.invoke("run", 5000L));
    await(() -> function(inst, 0).compiled() != null, "compiled once hot");

    String printed = CodegenDirectives.printed();
    for (String pattern : CodegenDirectives.PATTERNS) {
      String block = block(printed, pattern);
      assertTrue(block.contains("c2 directives"), pattern + " has a directive:\n" + printed);
      String c2 = block.substring(block.indexOf("c2 directives"));
      assertTrue(c2.contains("Exclude:true"), pattern + " is kept from C2:\n" + block);
      String c1 = block.substring(0, block.indexOf("c2 directives"));
      assertFalse(c1.contains("Exclude:true"), pattern + " stays open to C1:\n" + block);
    }
    assertFalse(printed.contains("JitRuntime"), "what compiled code calls stays open to C2");
    assertFalse(CodegenDirectives.installOnce(), "added once per JVM");
    assertArrayEquals(reference.invoke("run", 77L), inst.invoke("run", 77L));
  }

  @Test
  void theDirectiveNamesEveryPatternForC2Only() {
    String d = CodegenDirectives.directive();
    for (String pattern : CodegenDirectives.PATTERNS) {
      assertTrue(d.contains('"' + pattern + '"'), d);
    }
    assertTrue(d.endsWith("c2: {Exclude: true}}]"), d);
    assertFalse(d.contains("c1:"), d);
  }
}
