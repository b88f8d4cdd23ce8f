package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.ProcessExit;
import java.nio.charset.StandardCharsets;

/** The auxiliary imports of wali-abi.md section B: start and exit hooks, argv, environment. */
final class AuxCalls {

  @WaliImport("__init")
  long init(Ctx c) {
    return 0;
  }

  @WaliImport("__deinit")
  long deinit(Ctx c) {
    return 0;
  }

  @WaliImport("__proc_exit")
  long procExit(Ctx c, int status) {
    throw new ProcessExit(status);
  }

  @WaliImport("__cl_get_argc")
  long clGetArgc(Ctx c) {
    return c.p.argv().size();
  }

  /** The length of argument {@code i} in bytes, without its NUL; -1 past the last. */
  @WaliImport("__cl_get_argv_len")
  long clGetArgvLen(Ctx c, int i) {
    byte[] arg = arg(c, i);
    return arg == null ? -1 : arg.length;
  }

  /** Copies argument {@code i} and its NUL to {@code buf}; 0, or -1 past the last. */
  @WaliImport("__cl_copy_argv")
  long clCopyArgv(Ctx c, int buf, int i) {
    byte[] arg = arg(c, i);
    if (arg == null) {
      return -1;
    }
    long out = c.addr(buf, arg.length + 1L);
    NativeAccess.putBytes(out, arg);
    NativeAccess.U.putByte(out + arg.length, (byte) 0);
    return 0;
  }

  private static byte[] arg(Ctx c, int i) {
    long idx = u(i);
    return idx < c.p.argv().size()
        ? c.p.argv().get((int) idx).getBytes(StandardCharsets.UTF_8)
        : null;
  }

  /**
   * Writes the path of the environment file (KEY=VALUE lines) and its NUL to {@code buf}; returns
   * 1, or 0 (no environment file) when the path does not fit in {@code size} bytes.
   */
  @WaliImport("__get_init_envfile")
  long getInitEnvfile(Ctx c, int buf, int size) {
    byte[] path = c.p.envFile().toString().getBytes(StandardCharsets.UTF_8);
    if (path.length + 1L > u(size)) {
      return 0;
    }
    long out = c.addr(buf, path.length + 1L);
    NativeAccess.putBytes(out, path);
    NativeAccess.U.putByte(out + path.length, (byte) 0);
    return 1;
  }

  // Non-local jumps and threads need the interpreter to capture and resume frames: next step.

  @WaliImport("setjmp")
  long setjmp(Ctx c, int env) {
    throw new UnsupportedImport("setjmp");
  }

  @WaliImport("sigsetjmp")
  long sigsetjmp(Ctx c, int env, int savesigs) {
    throw new UnsupportedImport("sigsetjmp");
  }

  @WaliImport("longjmp")
  long longjmp(Ctx c, int env, int val) {
    throw new UnsupportedImport("longjmp");
  }

  @WaliImport("__wasm_thread_spawn")
  long threadSpawn(Ctx c, int fn, int arg) {
    throw new UnsupportedImport("__wasm_thread_spawn");
  }
}
