package io.wali4j.jit.internal;

import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.interp.NonLocalJumps;
import io.wali4j.core.interp.Snapshot;
import io.wali4j.core.interp.ThreadState;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;

/**
 * The capturing imports as the runtime makes them, for tests of compiled frames under a capture:
 * {@code SYS_fork} takes a snapshot of the thread (kept in {@link #forked}) and returns 1, {@code
 * setjmp} marks its jump point into its {@code jmp_buf}, {@code longjmp} jumps to it. Other names
 * are the test's own ({@link #other}).
 */
abstract class CaptureImports implements Imports {

  /** The snapshot the last {@code SYS_fork} took, or null. */
  Snapshot forked;

  @Override
  public final Extern resolve(String module, String name) {
    switch (name) {
      case "SYS_fork":
        return new HostFunction(
            new FuncType(new ValType[0], new ValType[] {ValType.I64}),
            (caller, stack, base) -> {
              forked = ThreadState.current().capture();
              stack[base] = 1;
            });
      case "setjmp":
        return new HostFunction(
            new FuncType(new ValType[] {ValType.I32}, new ValType[] {ValType.I32}),
            (caller, stack, base) -> {
              caller.memory().storeI64((int) stack[base], NonLocalJumps.mark(0));
              stack[base] = 0;
            });
      case "longjmp":
        return new HostFunction(
            new FuncType(new ValType[] {ValType.I32, ValType.I32}, new ValType[0]),
            (caller, stack, base) -> {
              int env = (int) stack[base];
              throw NonLocalJumps.jump(env, caller.memory().loadI64(env), (int) stack[base + 1]);
            });
      default:
        return other(name);
    }
  }

  /** The capturing imports alone: a module importing anything else does not link. */
  static CaptureImports only() {
    return new CaptureImports() {
      @Override
      Extern other(String name) {
        return null;
      }
    };
  }

  /** The test's own import {@code name}, or null. */
  abstract Extern other(String name);
}
