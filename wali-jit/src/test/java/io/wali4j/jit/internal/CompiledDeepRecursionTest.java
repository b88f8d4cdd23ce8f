package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Wali;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recursion that the interpreter runs within the default limits runs compiled too. In eager mode
 * the recursion runs in generated code from its first call, while HotSpot still interprets that
 * code, when its Java frames are largest. With 16 MiB Java stacks for process threads, 100000 such
 * frames overflowed and the program died of SIGSEGV (call stack exhausted) where the interpreter
 * ran it to its end: a depth a native build runs in a fraction of its 8 MiB stack.
 */
class CompiledDeepRecursionTest {

  private static final byte[] DEEP =
      Wat.compile(
          """
          (module
            (import "wali" "SYS_exit_group" (func $exit (param i32) (result i64)))
            (memory (export "memory") 1 1 shared)
            (func $down (param i32) (result i32)
              (if (result i32) (i32.eqz (local.get 0))
                (then (i32.const 0))
                (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))
            (func (export "_start")
              (drop (call $exit (i32.and (call $down (i32.const 100000)) (i32.const 255))))))
          """);

  @TempDir Path dir;

  private ExitStatus run(Jit.Mode mode) {
    return Wali.process(DEEP).argv(List.of("deep")).env(Map.of()).cwd(dir).jit(mode).run();
  }

  @Test
  void aHundredThousandFramesRunCompiledAsTheyRunInterpreted() {
    // 100000 & 255 = 160
    assertEquals(ExitStatus.exited(160), run(Jit.Mode.OFF));
    assertEquals(ExitStatus.exited(160), run(Jit.Mode.EAGER));
    assertEquals(ExitStatus.exited(160), run(Jit.Mode.TIERED));
  }
}
