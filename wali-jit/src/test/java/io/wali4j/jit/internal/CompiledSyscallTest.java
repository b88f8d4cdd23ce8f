package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.WasmFunction;
import io.wali4j.core.kernel.Host;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.Threads;
import io.wali4j.core.syscall.Ctx;
import io.wali4j.core.syscall.Diagnostics;
import io.wali4j.core.syscall.WaliImports;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.ValidatedModule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real syscalls bound by {@code SyscallBinder}, called from compiled code in a loop (where the call
 * sites bind to the imports' direct entries): the same results as interpreted, {@code -errno}
 * narrowed to the declared i32, and under {@code --strace} one trace line per call, as interpreted.
 */
class CompiledSyscallTest {

  private static final ValidatedModule MODULE =
      Wat.validated(
          "(module"
              + " (import \"wali\" \"SYS_getpid\" (func $getpid (result i64)))"
              + " (import \"wali\" \"SYS_close\" (func $close (param i32) (result i32)))"
              + " (func (export \"run\") (param $n i32) (result i64) (local $s i64)"
              + "   (loop $l"
              + "     (local.set $s (i64.add (local.get $s) (call $getpid)))"
              + "     (local.set $s (i64.add (local.get $s)"
              + "       (i64.extend_i32_s (call $close (i32.const -1)))))"
              + "     (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))"
              + "   (local.get $s)))");

  private static final int EBADF = 9;

  private Process p;

  @BeforeEach
  void start() {
    p = Process.start(Host.load(), List.of("t"), Map.of(), Path.of("/"), new int[0]);
    p.threads().enterLeader(); // the test's thread is the main thread
  }

  @AfterEach
  void close() {
    Threads.leave(null);
    p.close();
  }

  private Instance instance(Jit.Mode mode, Ctx ctx) {
    Store store = new Store();
    store.jitMode(mode);
    Instance inst = Instance.instantiate(store, MODULE, new WaliImports(MODULE.module(), ctx));
    if (mode == Jit.Mode.EAGER) {
      assertNotNull(((WasmFunction) inst.function(2)).compiled());
    }
    return inst;
  }

  @Test
  void compiledSyscallLoopsGiveWhatTheInterpreterGives() {
    Ctx ctx = new Ctx(p);
    long want = 5000L * (p.pid() - EBADF);
    assertArrayEquals(new long[] {want}, instance(Jit.Mode.OFF, ctx).invoke("run", 5000));
    Instance compiled = instance(Jit.Mode.EAGER, ctx);
    for (int round = 0; round < 3; round++) {
      assertArrayEquals(new long[] {want}, compiled.invoke("run", 5000));
    }
  }

  @Test
  void aTracedProcessTracesEveryCompiledCall() {
    for (Jit.Mode mode : new Jit.Mode[] {Jit.Mode.OFF, Jit.Mode.EAGER}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Ctx ctx =
          new Ctx(
              p,
              new Diagnostics(
                  new PrintStream(out, true, StandardCharsets.UTF_8), Diagnostics.WARNING, true));
      assertArrayEquals(
          new long[] {300L * (p.pid() - EBADF)}, instance(mode, ctx).invoke("run", 300));
      String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
      assertEquals(600, lines.length, mode.name());
      assertEquals("getpid() = " + p.pid(), lines[0], mode.name());
      assertEquals(lines[1], lines[599], mode.name());
      assertEquals("close(-1) = -9 EBADF", lines[1], mode.name());
    }
  }
}
