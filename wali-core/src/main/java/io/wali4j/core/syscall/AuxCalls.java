package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.Ctx.u;

import io.wali4j.core.interp.NonLocalJumps;
import io.wali4j.core.kernel.NativeAccess;
import io.wali4j.core.kernel.ProcessExit;
import io.wali4j.core.kernel.SignalMask;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.WasmException;
import java.nio.charset.StandardCharsets;

/**
 * The auxiliary imports of wali-abi.md section B: start and exit hooks, argv, environment,
 * non-local jumps.
 */
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

  // Non-local jumps (wali-abi.md section B): the interpreter records and lands them; the env
  // buffer (at least 208 bytes) holds the token that ties it to its jump point, at offset 0.

  /** Bytes of the env buffer this runtime uses: the jump point's token. */
  static final int JMP_TOKEN_BYTES = 8;

  /** No saved mask: setjmp and sigsetjmp(env, 0) leave the mask alone on the jump. */
  private static final long NO_MASK = Long.MIN_VALUE;

  @WaliImport("setjmp")
  long setjmp(Ctx c, int env) {
    return mark(c, env, NO_MASK);
  }

  @WaliImport("sigsetjmp")
  long sigsetjmp(Ctx c, int env, int savesigs) {
    // Bit 63 of a mask is signal 64, which wasm32 musl never blocks: NO_MASK cannot collide.
    return mark(c, env, savesigs != 0 ? SignalMask.get() & Long.MAX_VALUE : NO_MASK);
  }

  private static long mark(Ctx c, int env, long mask) {
    long at = envAddr(c, env);
    NativeAccess.U.putLong(at, NonLocalJumps.mark(mask));
    return 0;
  }

  /** A wild env pointer faults like the native store or load through it would. */
  private static long envAddr(Ctx c, int env) {
    try {
      return c.addr(env, JMP_TOKEN_BYTES);
    } catch (SyscallError e) {
      throw new WasmException(
          Failure.OUT_OF_BOUNDS_MEMORY,
          "jump buffer 0x" + Integer.toHexString(env) + " is outside memory");
    }
  }

  /** Never returns: the jump lands in the frame of the matching setjmp. */
  @WaliImport("longjmp")
  long longjmp(Ctx c, int env, int val) {
    long at = envAddr(c, env);
    NonLocalJumps.Jump j = NonLocalJumps.jump(env, NativeAccess.U.getLong(at), val);
    if (j.context() != NO_MASK) {
      SignalMask.set(j.context());
    }
    throw j;
  }
}
