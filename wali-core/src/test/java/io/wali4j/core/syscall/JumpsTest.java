package io.wali4j.core.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.Wali;
import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.Store;
import io.wali4j.core.interp.NonLocalJumps;
import io.wali4j.core.interp.ThreadState;
import io.wali4j.core.kernel.NativeMemoryBacking;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.ProcessExit;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ModuleParser;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.ValidatedModule;
import io.wali4j.core.wasm.Validator;
import io.wali4j.core.wasm.WasmException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wali.setjmp, wali.sigsetjmp and wali.longjmp (wali-abi.md section B) from WebAssembly text: the
 * value setjmp returns the second time, the frame it returns in, the operand stack beneath the
 * call, jumps out of recursion and out of host callbacks, and the clean trap for stale and forged
 * jump buffers. The env buffer is at 1024; $exit ends the process with a status the test checks.
 */
class JumpsTest {

  private static final String IMPORTS =
      """
      (import "wali" "setjmp" (func $setjmp (param i32) (result i32)))
      (import "wali" "sigsetjmp" (func $sigsetjmp (param i32 i32) (result i32)))
      (import "wali" "longjmp" (func $longjmp (param i32 i32)))
      (import "wali" "SYS_exit_group" (func $exit_group (param i32) (result i64)))
      (memory (export "memory") 1)
      (global $count (mut i32) (i32.const 0))
      (func $exit (param i32) (drop (call $exit_group (local.get 0))))
      """;

  @TempDir Path dir;

  private static byte[] module(String body) {
    return Wat.compile("(module\n" + IMPORTS + body + "\n)");
  }

  private ExitStatus run(byte[] module, PrintStream diagnostics) {
    return Wali.process(module)
        .argv(List.of("jumps"))
        .env(Map.of())
        .cwd(dir)
        .diagnostics(diagnostics)
        .run();
  }

  private ExitStatus run(byte[] module) {
    return run(module, System.err);
  }

  @Test
  void setjmpReturnsZeroThenTheValueOfLongjmp() {
    // The first return: 0 -> count = 1, longjmp(env, 5); the second: 5 -> exit 5 + 10 * count.
    byte[] m =
        module(
            """
            (func (export "_start") (local $r i32)
              (local.set $r (call $setjmp (i32.const 1024)))
              (global.set $count (i32.add (global.get $count) (i32.const 1)))
              (if (i32.eqz (local.get $r)) (then (call $longjmp (i32.const 1024) (i32.const 5))))
              (call $exit (i32.add (local.get $r) (i32.mul (global.get $count) (i32.const 10)))))
            """);
    assertEquals(ExitStatus.exited(25), run(m));
  }

  @Test
  void longjmpWithZeroMakesSetjmpReturnOne() {
    byte[] m =
        module(
            """
            (func (export "_start") (local $r i32)
              (local.set $r (call $setjmp (i32.const 1024)))
              (if (i32.eqz (local.get $r)) (then (call $longjmp (i32.const 1024) (i32.const 0))))
              (call $exit (local.get $r)))
            """);
    assertEquals(ExitStatus.exited(1), run(m));
  }

  @Test
  void longjmpLeavesDeepRecursionForTheFrameThatCalledSetjmp() {
    // $dive recurses 5000 deep, then jumps: setjmp returns the depth in $main's frame, whose
    // local survives, and the caller of $main (which returns normally afterwards) still runs.
    byte[] m =
        module(
            """
            (func $dive (param $d i32)
              (if (i32.eq (local.get $d) (i32.const 5000))
                (then (call $longjmp (i32.const 1024) (local.get $d))))
              (call $dive (i32.add (local.get $d) (i32.const 1)))
              (unreachable))
            (func $main (result i32) (local $keep i32) (local $r i32)
              (local.set $keep (i32.const 7))
              (local.set $r (call $setjmp (i32.const 1024)))
              (if (i32.eqz (local.get $r)) (then (call $dive (i32.const 0))))
              (i32.add (i32.div_u (local.get $r) (i32.const 100)) (local.get $keep)))
            (func (export "_start")
              (call $exit (i32.add (call $main) (i32.const 1))))
            """);
    assertEquals(ExitStatus.exited(58), run(m));
  }

  @Test
  void operandsBeneathTheSetjmpCallComeBack() {
    // 40 sits on the operand stack under setjmp's argument; the jump must restore it although
    // the frame pushed other values there in between.
    byte[] m =
        module(
            """
            (func $noise (param i32 i32 i32) (result i32) (local.get 0))
            (func (export "_start") (local $x i32)
              (local.set $x (i32.add (i32.const 40) (call $setjmp (i32.const 1024))))
              (if (i32.eq (local.get $x) (i32.const 40))
                (then
                  (drop (call $noise (i32.const 111) (i32.const 222) (i32.const 333)))
                  (call $longjmp (i32.const 1024) (i32.const 2))))
              (call $exit (local.get $x)))
            """);
    assertEquals(ExitStatus.exited(42), run(m));
  }

  @Test
  void nestedJumpBuffersEachLandInTheirOwnFrame() {
    // outer at 1024, inner at 2048: inner jumps first (3), then outer (9); trail = 1, 2, 3, 4.
    byte[] m =
        module(
            """
            (func $step (param i32) (global.set $count
              (i32.add (i32.mul (global.get $count) (i32.const 10)) (local.get 0))))
            (func $useInner (call $longjmp (i32.const 2048) (i32.const 3)))
            (func (export "_start")
              (if (i32.eqz (call $setjmp (i32.const 1024)))
                (then
                  (call $step (i32.const 1))
                  (if (i32.eqz (call $setjmp (i32.const 2048)))
                    (then (call $step (i32.const 2)) (call $useInner))
                    (else (call $step (i32.const 3)) (call $longjmp (i32.const 1024) (i32.const 9)))))
                (else (call $step (i32.const 4))))
              (call $exit (i32.rem_u (global.get $count) (i32.const 256))))
            """);
    assertEquals(ExitStatus.exited(1234 % 256), run(m));
  }

  @Test
  void longjmpThroughACopiedBufferLandsAtTheSetjmpThatFilledIt() {
    // As bash does with its top-level jmp_buf: save a copy (1024 -> 4096), setjmp the same buffer
    // again in a nested frame, restore the copy, longjmp: the first setjmp returns 6.
    byte[] m =
        module(
            """
            (func $nested (result i32)
              (memory.copy (i32.const 4096) (i32.const 1024) (i32.const 208))
              (if (i32.eqz (call $setjmp (i32.const 1024)))
                (then (memory.copy (i32.const 1024) (i32.const 4096) (i32.const 208))))
              (call $longjmp (i32.const 1024) (i32.const 6))
              (i32.const 99))
            (func (export "_start") (local $r i32)
              (local.set $r (call $setjmp (i32.const 1024)))
              (if (i32.eqz (local.get $r)) (then (drop (call $nested))))
              (call $exit (local.get $r)))
            """);
    assertEquals(ExitStatus.exited(6), run(m));
  }

  @Test
  void setjmpInALoopKeepsLandingAfterManyMarks() {
    // 100000 setjmps from one call site, each followed by a jump back to it: however the side
    // table bounds itself, it must keep the point the buffer names.
    byte[] m =
        module(
            """
            (func (export "_start") (local $r i32)
              (local.set $r (call $setjmp (i32.const 1024)))
              (global.set $count (i32.add (global.get $count) (i32.const 1)))
              (if (i32.lt_u (global.get $count) (i32.const 100000))
                (then (call $longjmp (i32.const 1024) (i32.const 1))))
              (call $exit (i32.add (local.get $r) (i32.const 40))))
            """);
    assertEquals(ExitStatus.exited(41), run(m));
  }

  @Test
  void sigsetjmpReturnsLikeSetjmp() {
    byte[] m =
        module(
            """
            (func (export "_start") (local $r i32)
              (local.set $r (call $sigsetjmp (i32.const 1024) (i32.const 1)))
              (if (i32.eqz (local.get $r)) (then (call $longjmp (i32.const 1024) (i32.const 33))))
              (call $exit (local.get $r)))
            """);
    assertEquals(ExitStatus.exited(33), run(m));
  }

  @Test
  void longjmpToAFrameThatReturnedTrapsCleanly() {
    byte[] m =
        module(
            """
            (func $mark (drop (call $setjmp (i32.const 1024))))
            (func $other (param i32) (result i32) (local.get 0))
            (func (export "_start")
              (call $mark)
              (drop (call $other (i32.const 1)))
              (call $longjmp (i32.const 1024) (i32.const 1))
              (call $exit (i32.const 99)))
            """);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExitStatus status = run(m, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ExitStatus.signaled(11), status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("has returned"), err.toString());
  }

  @Test
  void longjmpToABufferNoSetjmpFilledTrapsCleanly() {
    byte[] m = module("(func (export \"_start\") (call $longjmp (i32.const 4096) (i32.const 1)))");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExitStatus status = run(m, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ExitStatus.signaled(11), status);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("not filled by setjmp"), err.toString());
  }

  @Test
  void aForgedTokenInTheBufferIsDetected() {
    byte[] m =
        module(
            """
            (func (export "_start")
              (if (i32.eqz (call $setjmp (i32.const 1024)))
                (then
                  (i64.store (i32.const 1024) (i64.add (i64.load (i32.const 1024)) (i64.const 1)))
                  (call $longjmp (i32.const 1024) (i32.const 1))))
              (call $exit (i32.const 99)))
            """);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(
        ExitStatus.signaled(11), run(m, new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("not filled by setjmp"));
  }

  @Test
  void aJumpBufferOutsideMemoryFaults() {
    byte[] m = module("(func (export \"_start\") (drop (call $setjmp (i32.const 65530))))");
    assertEquals(ExitStatus.signaled(11), run(m));
  }

  // ---- host callbacks and the signal mask: a harness with a "test" import module ----

  private static final String CALLBACK_IMPORTS =
      """
      (import "test" "callback" (func $callback))
      (import "test" "setmask" (func $setmask (param i64)))
      """;

  /** Runs {@code body} with test.callback (calls export "inner") and test.setmask. */
  private int runWithCallbacks(String body) {
    byte[] bytes = Wat.compile("(module\n" + CALLBACK_IMPORTS + IMPORTS + body + "\n)");
    ValidatedModule v = Validator.validate(ModuleParser.parse(bytes));
    Process p = Process.start(WaliModules.HOST, List.of("t"), Map.of(), dir, new int[] {0, 1, 2});
    ThreadState previous = ThreadState.bind(new ThreadState());
    try {
      Ctx ctx = new Ctx(p);
      Store store =
          new Store(
              type -> {
                Memory mem =
                    new Memory(type, NativeMemoryBacking.reserve(WaliModules.HOST, 1 << 20));
                ctx.attach(mem);
                return mem;
              });
      WaliImports wali = new WaliImports(v.module(), ctx);
      HostFunction callback =
          new HostFunction(
              new FuncType(new ValType[0], new ValType[0]),
              (caller, stack, base) -> ((Function) caller.export("inner")).call());
      HostFunction setmask =
          new HostFunction(
              new FuncType(new ValType[] {ValType.I64}, new ValType[0]),
              (caller, stack, base) -> SignalMask.set(stack[base]));
      Imports imports =
          (module, name) -> {
            if (!module.equals("test")) {
              return wali.resolve(module, name);
            }
            return name.equals("callback") ? callback : setmask;
          };
      Instance instance = Instance.instantiate(store, v, imports);
      Extern start = instance.export("_start");
      ((Function) start).call();
      return -1;
    } catch (ProcessExit e) {
      return e.status();
    } finally {
      ThreadState.bind(previous);
      p.close();
    }
  }

  @Test
  void longjmpOutOfAHostCallbackLandsInTheOuterRun() {
    int status =
        runWithCallbacks(
            """
            (func (export "inner") (call $longjmp (i32.const 1024) (i32.const 7)))
            (func (export "_start") (local $r i32)
              (local.set $r (call $setjmp (i32.const 1024)))
              (if (i32.eqz (local.get $r)) (then (call $callback) (call $exit (i32.const 99))))
              (call $exit (local.get $r)))
            """);
    assertEquals(7, status);
  }

  @Test
  void jumpsInsideACallbackStayInsideIt() {
    // inner: setjmp/longjmp twice within its own run, then returns; _start continues normally.
    int status =
        runWithCallbacks(
            """
            (func (export "inner") (local $r i32)
              (local.set $r (call $setjmp (i32.const 2048)))
              (global.set $count (i32.add (global.get $count) (local.get $r)))
              (if (i32.lt_u (local.get $r) (i32.const 2))
                (then (call $longjmp (i32.const 2048) (i32.add (local.get $r) (i32.const 1))))))
            (func (export "_start")
              (call $callback)
              (call $exit (i32.add (global.get $count) (i32.const 10))))
            """);
    // r = 0, 1, 2: count = 3.
    assertEquals(13, status);
  }

  @Test
  void longjmpIntoACallbackThatReturnedIsRefused() {
    WasmException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            WasmException.class,
            () -> {
              try {
                runWithCallbacks(
                    """
                    (func (export "inner") (drop (call $setjmp (i32.const 2048))))
                    (func (export "_start")
                      (call $callback)
                      (call $longjmp (i32.const 2048) (i32.const 1)))
                    """);
              } catch (NonLocalJumps.Jump j) {
                throw j.asTrap();
              }
            });
    assertEquals(Failure.INVALID_LONGJMP, e.failure());
  }

  @Test
  void sigsetjmpWithSavesigsRestoresTheMaskAndWithoutLeavesIt() {
    // Mask 0x10 at sigsetjmp; 0x30 set before each jump. savesigs=1 -> 0x10 again (16);
    // savesigs=0 -> stays 0x30 (48). The mask is the thread's, read back after the run.
    String body =
        """
        (func (export "_start")
          (call $setmask (i64.const 0x10))
          (if (i32.eqz (call $sigsetjmp (i32.const 1024) (i32.const SAVESIGS)))
            (then
              (call $setmask (i64.const 0x30))
              (call $longjmp (i32.const 1024) (i32.const 1))))
          (call $exit (i32.const 0)))
        """;
    long before = SignalMask.get();
    try {
      assertEquals(0, runWithCallbacks(body.replace("SAVESIGS", "1")));
      assertEquals(0x10, SignalMask.get());
      assertEquals(0, runWithCallbacks(body.replace("SAVESIGS", "0")));
      assertEquals(0x30, SignalMask.get());
    } finally {
      SignalMask.set(before);
    }
  }
}
