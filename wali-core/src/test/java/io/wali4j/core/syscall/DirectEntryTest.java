package io.wali4j.core.syscall;

import static io.wali4j.core.syscall.WaliModules.HOST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.kernel.Process;
import io.wali4j.core.kernel.Threads;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The direct entries of bound syscalls ({@link HostFunction.Direct}), which compiled code calls
 * instead of the {@code HostCode}: the same results as the {@code HostCode}, typed as the module
 * declares, one handle object per import and type whatever the process, none when tracing.
 */
class DirectEntryTest {

  private static final FuncType GETPID = type(new ValType[0], ValType.I64);
  private static final FuncType CLOSE_I32 = type(new ValType[] {ValType.I32}, ValType.I32);
  private static final FuncType CLOSE_VOID = type(new ValType[] {ValType.I32}, null);

  private Process p;

  private static FuncType type(ValType[] params, ValType result) {
    return new FuncType(params, result == null ? new ValType[0] : new ValType[] {result});
  }

  @BeforeEach
  void start() {
    p = Process.start(HOST, List.of("t"), Map.of(), Path.of("/"), new int[0]);
    p.threads().enterLeader(); // the test's thread is the main thread
  }

  @AfterEach
  void close() {
    Threads.leave(null);
    p.close();
  }

  @Test
  void theDirectEntryGivesWhatTheHostCodeGives() throws Throwable {
    Ctx c = new Ctx(p);
    HostFunction getpid = SyscallBinder.bind("SYS_getpid", GETPID, c);
    HostFunction.Direct d = getpid.direct();
    assertNotNull(d);
    assertSame(c, d.context());
    assertEquals(MethodType.methodType(long.class, Ctx.class, Instance.class), d.handle().type());
    long viaCode = getpid.call()[0];
    assertEquals(viaCode, (long) d.handle().invokeExact(c, (Instance) null));
    assertEquals(p.pid(), viaCode);

    // An error as -errno, narrowed to the declared i32; a void declaration returns nothing.
    HostFunction close = SyscallBinder.bind("SYS_close", CLOSE_I32, c);
    assertEquals(-Errno.EBADF, close.call(-1)[0]);
    assertEquals(-Errno.EBADF, (int) close.direct().handle().invokeExact(c, (Instance) null, -1));
    HostFunction closeVoid = SyscallBinder.bind("SYS_close", CLOSE_VOID, c);
    assertEquals(void.class, closeVoid.direct().handle().type().returnType());
    closeVoid.direct().handle().invokeExact(c, (Instance) null, -1);
  }

  @Test
  void oneHandlePerImportAndTypeAcrossProcesses() {
    Process q = Process.start(HOST, List.of("u"), Map.of(), Path.of("/"), new int[0]);
    try {
      HostFunction a = SyscallBinder.bind("SYS_getpid", GETPID, new Ctx(p));
      HostFunction b = SyscallBinder.bind("SYS_getpid", GETPID, new Ctx(q));
      assertSame(a.direct().handle(), b.direct().handle());
      assertNotSame(a.direct().context(), b.direct().context());
      HostFunction i32 = SyscallBinder.bind("SYS_close", CLOSE_I32, new Ctx(p));
      HostFunction none = SyscallBinder.bind("SYS_close", CLOSE_VOID, new Ctx(p));
      assertNotSame(i32.direct().handle(), none.direct().handle());
    } finally {
      q.close();
    }
  }

  @Test
  void aTracedProcessOffersNoDirectEntrySoEveryCallIsTraced() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    Ctx traced = new Ctx(p, new Diagnostics(ps, Diagnostics.WARNING, true));
    HostFunction getpid = SyscallBinder.bind("SYS_getpid", GETPID, traced);
    assertNull(getpid.direct());
    getpid.call();
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("getpid"), out::toString);
  }

  @Test
  void anUnimplementedSyscallOffersNoDirectEntry() {
    assertFalse(SyscallBinder.implemented("SYS_kexec_load"));
    HostFunction f = SyscallBinder.bind("SYS_kexec_load", GETPID, new Ctx(p));
    assertNotNull(f);
    assertNull(f.direct());
  }
}
