package io.wali4j.core.syscall;

import io.wali4j.core.exec.HostCode;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.WasmException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one mechanism that turns the {@link WaliImport} methods of the syscall families into host
 * functions. A one-time reflective scan finds the method of each import; binding an import makes
 * its {@link MethodHandle} (once per import and declared type), checks the module's declared
 * parameter types against the method's (the ABI), adapts the result to what the module declares
 * (i64, i32 or none: real binaries disagree, e.g. {@code SYS_exit}), and hands it to the adapter of
 * its arity, which catches {@link SyscallError} into {@code -errno} ({@link HostCode}s spun once
 * per arity).
 */
public final class SyscallBinder {

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  /** The families, one object per concern; their methods are stateless apart from the Ctx. */
  private static final Object[] FAMILIES = {
    new IoCalls(),
    new FdCalls(),
    new FileCalls(),
    new TimeCalls(),
    new MemoryCalls(),
    new IdentityCalls(),
    new ProcessCalls(),
    new ExecCalls(),
    new SignalCalls(),
    new SignalFdCalls(),
    new GroupCalls(),
    new NetCalls(),
    new MsgCalls(),
    new PollCalls(),
    new EpollCalls(),
    new ThreadCalls(),
    new SchedCalls(),
    new AuxCalls()
  };

  private static final Map<String, Impl> IMPLEMENTED = scan();
  private static final Set<String> KNOWN_SYSCALLS = loadKnown();
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
  private static final MethodHandle TO_I32;

  /** {@code directN}, by arity. */
  private static final MethodHandle[] DIRECT = new MethodHandle[7];

  static {
    try {
      TO_I32 =
          LOOKUP.findStatic(
              SyscallBinder.class, "toI32", MethodType.methodType(long.class, long.class));
      MethodType direct = MethodType.methodType(long.class, MethodHandle.class, Ctx.class);
      direct = direct.appendParameterTypes(Instance.class);
      for (int n = 0; n < DIRECT.length; n++) {
        DIRECT[n] = LOOKUP.findStatic(SyscallBinder.class, "direct" + n, direct);
        direct = direct.appendParameterTypes(long.class);
      }
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private SyscallBinder() {}

  /**
   * A {@link WaliImport} method and the family object it runs on; its handle is made when a module
   * first binds one of its names (a start binds a few dozen of some 200).
   */
  private record Impl(Object family, Method method) {

    MethodType type() {
      return MethodType.methodType(method.getReturnType(), method.getParameterTypes());
    }

    MethodHandle handle() {
      try {
        return LOOKUP.unreflect(method).bindTo(family);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static Map<String, Impl> scan() {
    Map<String, Impl> out = new HashMap<>();
    for (Object family : FAMILIES) {
      for (Method m : family.getClass().getDeclaredMethods()) {
        WaliImport a = m.getAnnotation(WaliImport.class);
        if (a == null) {
          continue;
        }
        checkShape(m);
        Impl impl = new Impl(family, m);
        for (String name : a.value()) {
          if (out.put(name, impl) != null) {
            throw new IllegalStateException("wali." + name + " is implemented twice");
          }
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static void checkShape(Method m) {
    Class<?>[] p = m.getParameterTypes();
    boolean ok = m.getReturnType() == long.class && p.length >= 1 && p[0] == Ctx.class;
    for (int i = 1; ok && i < p.length; i++) {
      ok = p[i] == int.class || p[i] == long.class;
    }
    if (!ok || p.length > 7) {
      throw new IllegalStateException("bad WALI import method shape: " + m);
    }
  }

  private static Set<String> loadKnown() {
    Set<String> names = new HashSet<>();
    InputStream in = SyscallBinder.class.getResourceAsStream("known-syscalls.txt");
    if (in == null) {
      throw new IllegalStateException("known-syscalls.txt missing");
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          names.add("SYS_" + line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Collections.unmodifiableSet(names);
  }

  /**
   * Every {@code wali} import this runtime implements, by name, with its ABI parameters as Java
   * types ({@code int} for i32, {@code long} for i64; the result is i64): what a module importing
   * all of WALI declares.
   */
  public static SortedMap<String, MethodType> implementedImports() {
    SortedMap<String, MethodType> out = new TreeMap<>();
    IMPLEMENTED.forEach((name, impl) -> out.put(name, impl.type().dropParameterTypes(0, 1)));
    return out;
  }

  /** Whether {@code name} is a {@code wali} import this runtime implements. */
  public static boolean implemented(String name) {
    return IMPLEMENTED.containsKey(name);
  }

  /**
   * The host function for import {@code wali.name} of type {@code type} (the module's), or null
   * when WALI has no such import (the linker then reports it as unknown).
   *
   * @throws WasmException INCOMPATIBLE_IMPORT when the parameters disagree with the ABI
   */
  public static HostFunction bind(String name, FuncType type, Ctx ctx) {
    HostFunction f = bindUntraced(name, type, ctx);
    if (f == null || !ctx.diagnostics().strace() || !name.startsWith("SYS_")) {
      return f;
    }
    // Tracing wraps the bound code: an untraced process runs the bare code, at no cost. A traced
    // one offers no direct entry, so compiled code calls the wrapper too.
    return new HostFunction(
        type, SyscallTrace.wrap(name, type, f.code(), ctx, ctx.diagnostics().out()));
  }

  /**
   * An import adapted to a module's declared type: the same for every process (and fork). {@code
   * direct} is its {@link HostFunction.Direct} handle, {@code (Ctx, Instance, params...) ->
   * result}.
   */
  private record Adapted(MethodHandle handle, int arity, boolean writes, MethodHandle direct) {}

  private static final Map<String, Adapted> ADAPTED = new ConcurrentHashMap<>();

  private static HostFunction bindUntraced(String name, FuncType type, Ctx ctx) {
    Impl impl = IMPLEMENTED.get(name);
    if (impl == null) {
      return KNOWN_SYSCALLS.contains(name) ? notImplemented(name, type, ctx) : null;
    }
    // One Adapted per key, so its direct handle is one object that compiled code can check.
    Adapted a = ADAPTED.computeIfAbsent(name + type, k -> adapt(name, type, impl));
    return new HostFunction(
        type,
        hostCode(a.arity(), a.handle(), ctx, a.writes()),
        new HostFunction.Direct(a.direct(), ctx));
  }

  /**
   * The import's handle as the adapters call it: {@code (Ctx, long...) -> long}, its result as the
   * module declares it. {@link SyscallError} is caught by the adapters ({@code directN}), not by a
   * {@code catchException} combinator here: every combinator spins method-handle forms for its
   * shape when it is first made, and binding a module's imports was most of a run's start after the
   * JVM's own (a catch combinator per import: about 100 forms for hello's 23 imports).
   */
  private static Adapted adapt(String name, FuncType type, Impl impl) {
    checkParams(name, type, impl.type());
    ValType[] results = type.results();
    if (results.length > 1 || (results.length == 1 && !isInteger(results[0]))) {
      throw incompatible(name, type, impl.type());
    }
    int arity = type.params().length;
    MethodHandle h = impl.handle();
    if (results.length == 1 && results[0] == ValType.I32) {
      h = MethodHandles.filterReturnValue(h, TO_I32);
    }
    MethodType wide = MethodType.methodType(long.class, Ctx.class);
    for (int i = 0; i < arity; i++) {
      wide = wide.appendParameterTypes(long.class);
    }
    // i64 -> int narrowing is the Wasm-to-C conversion of an i32 slot (held sign-extended).
    h = MethodHandles.explicitCastArguments(h, wide);
    return new Adapted(h, arity, results.length == 1, direct(h, type));
  }

  /**
   * The direct entry over adapted handle {@code h}: {@code directN} with {@code h} bound, its i32
   * parameters taken as {@code int} (widened as the stack holds them) and its result as declared.
   */
  private static MethodHandle direct(MethodHandle h, FuncType type) {
    ValType[] results = type.results();
    Class<?> r = results.length == 0 ? void.class : javaType(results[0]);
    MethodType typed = MethodType.methodType(r, Ctx.class, Instance.class);
    for (ValType p : type.params()) {
      typed = typed.appendParameterTypes(javaType(p));
    }
    MethodHandle d = MethodHandles.insertArguments(DIRECT[type.params().length], 0, h);
    return MethodHandles.explicitCastArguments(d, typed);
  }

  private static Class<?> javaType(ValType t) {
    return t == ValType.I32 ? int.class : long.class;
  }

  private static void checkParams(String name, FuncType type, MethodType java) {
    ValType[] params = type.params();
    if (params.length != java.parameterCount() - 1) {
      throw incompatible(name, type, java);
    }
    for (int i = 0; i < params.length; i++) {
      Class<?> want = java.parameterType(i + 1) == int.class ? int.class : long.class;
      ValType v = params[i];
      if ((want == int.class && v != ValType.I32) || (want == long.class && v != ValType.I64)) {
        throw incompatible(name, type, java);
      }
    }
  }

  private static boolean isInteger(ValType t) {
    return t == ValType.I32 || t == ValType.I64;
  }

  private static WasmException incompatible(String name, FuncType type, MethodType java) {
    StringBuilder abi = new StringBuilder("(");
    for (int i = 1; i < java.parameterCount(); i++) {
      abi.append(i > 1 ? " " : "").append(java.parameterType(i) == int.class ? "i32" : "i64");
    }
    abi.append(") -> i64");
    return new WasmException(
        Failure.INCOMPATIBLE_IMPORT,
        "wali." + name + ": the module declares " + type + ", the WALI ABI has " + abi);
  }

  /** A defined syscall wali4j lacks: -ENOSYS, with a warning the first time it is called. */
  private static HostFunction notImplemented(String name, FuncType type, Ctx ctx) {
    boolean hasResult = type.results().length > 0;
    return new HostFunction(
        type,
        (caller, stack, base) -> {
          if (ctx.diagnostics().enabled(Diagnostics.WARNING) && WARNED.add(name)) {
            ctx.diagnostics()
                .log(Diagnostics.WARNING, "warning: wali." + name + " is not implemented (ENOSYS)");
          }
          if (hasResult) {
            stack[base] = -Errno.ENOSYS;
          }
        });
  }

  static long toI32(long v) {
    return (int) v;
  }

  // ---- one HostCode shape per arity, spun by LambdaMetafactory over the adapters below ----

  /** Makes the HostCode for one arity: captures the adapted handle, the Ctx, whether to write. */
  @FunctionalInterface
  public interface HostCodeFactory {
    HostCode make(MethodHandle h, Ctx ctx, boolean writes);
  }

  private static final HostCodeFactory[] FACTORIES = factories();

  private static HostCodeFactory[] factories() {
    HostCodeFactory[] out = new HostCodeFactory[7];
    MethodType captured =
        MethodType.methodType(void.class, MethodHandle.class, Ctx.class, boolean.class);
    MethodType sam = MethodType.methodType(void.class, Instance.class, long[].class, int.class);
    MethodType impl = captured.appendParameterTypes(sam.parameterList());
    try {
      for (int arity = 0; arity < out.length; arity++) {
        MethodHandle target = LOOKUP.findStatic(SyscallBinder.class, "call" + arity, impl);
        CallSite site =
            LambdaMetafactory.metafactory(
                LOOKUP, "call", captured.changeReturnType(HostCode.class), sam, target, sam);
        // The proxy only runs at link time; the HostCode it makes is a plain lambda class.
        out[arity] =
            MethodHandleProxies.asInterfaceInstance(HostCodeFactory.class, site.getTarget());
      }
    } catch (ReflectiveOperationException | LambdaConversionException e) {
      throw new ExceptionInInitializerError(e);
    }
    return out;
  }

  private static HostCode hostCode(int arity, MethodHandle h, Ctx ctx, boolean writes) {
    return FACTORIES[arity].make(h, ctx, writes);
  }

  // Every adapter is a safe point: before the call, a thread of an ending process stops; after it,
  // pending signals are delivered (which may restart the syscall, see SignalDelivery); the check is
  // one volatile read when none is pending. The direct adapters hold that rule once; the HostCode
  // adapters unpack the stack into them.
  // The adapters declare Throwable because invokeExact does; the handles throw only unchecked
  // exceptions (SyscallError, which the adapters turn into -errno at their one call site, and what
  // ends a thread or a process), and the JVM does not check the rest.

  static long direct0(MethodHandle h, Ctx c, Instance i) throws Throwable {
    c.safePoint();
    while (true) {
      long r;
      try {
        r = (long) h.invokeExact(c);
      } catch (SyscallError e) {
        r = -e.errno();
      }
      if (!SignalDelivery.needed(c, r)) {
        return r;
      }
      r = SignalDelivery.afterSyscall(c, i, r);
      if (r != SignalDelivery.RESTART) {
        return r;
      }
    }
  }

  static long direct1(MethodHandle h, Ctx c, Instance i, long x0) throws Throwable {
    c.safePoint();
    while (true) {
      long r;
      try {
        r = (long) h.invokeExact(c, x0);
      } catch (SyscallError e) {
        r = -e.errno();
      }
      if (!SignalDelivery.needed(c, r)) {
        return r;
      }
      r = SignalDelivery.afterSyscall(c, i, r);
      if (r != SignalDelivery.RESTART) {
        return r;
      }
    }
  }

  static long direct2(MethodHandle h, Ctx c, Instance i, long x0, long x1) throws Throwable {
    c.safePoint();
    while (true) {
      long r;
      try {
        r = (long) h.invokeExact(c, x0, x1);
      } catch (SyscallError e) {
        r = -e.errno();
      }
      if (!SignalDelivery.needed(c, r)) {
        return r;
      }
      r = SignalDelivery.afterSyscall(c, i, r);
      if (r != SignalDelivery.RESTART) {
        return r;
      }
    }
  }

  static long direct3(MethodHandle h, Ctx c, Instance i, long x0, long x1, long x2)
      throws Throwable {
    c.safePoint();
    while (true) {
      long r;
      try {
        r = (long) h.invokeExact(c, x0, x1, x2);
      } catch (SyscallError e) {
        r = -e.errno();
      }
      if (!SignalDelivery.needed(c, r)) {
        return r;
      }
      r = SignalDelivery.afterSyscall(c, i, r);
      if (r != SignalDelivery.RESTART) {
        return r;
      }
    }
  }

  static long direct4(MethodHandle h, Ctx c, Instance i, long x0, long x1, long x2, long x3)
      throws Throwable {
    c.safePoint();
    while (true) {
      long r;
      try {
        r = (long) h.invokeExact(c, x0, x1, x2, x3);
      } catch (SyscallError e) {
        r = -e.errno();
      }
      if (!SignalDelivery.needed(c, r)) {
        return r;
      }
      r = SignalDelivery.afterSyscall(c, i, r);
      if (r != SignalDelivery.RESTART) {
        return r;
      }
    }
  }

  static long direct5(
      MethodHandle h, Ctx c, Instance i, long x0, long x1, long x2, long x3, long x4)
      throws Throwable {
    c.safePoint();
    while (true) {
      long r;
      try {
        r = (long) h.invokeExact(c, x0, x1, x2, x3, x4);
      } catch (SyscallError e) {
        r = -e.errno();
      }
      if (!SignalDelivery.needed(c, r)) {
        return r;
      }
      r = SignalDelivery.afterSyscall(c, i, r);
      if (r != SignalDelivery.RESTART) {
        return r;
      }
    }
  }

  static long direct6(
      MethodHandle h, Ctx c, Instance i, long x0, long x1, long x2, long x3, long x4, long x5)
      throws Throwable {
    c.safePoint();
    while (true) {
      long r;
      try {
        r = (long) h.invokeExact(c, x0, x1, x2, x3, x4, x5);
      } catch (SyscallError e) {
        r = -e.errno();
      }
      if (!SignalDelivery.needed(c, r)) {
        return r;
      }
      r = SignalDelivery.afterSyscall(c, i, r);
      if (r != SignalDelivery.RESTART) {
        return r;
      }
    }
  }

  static void call0(MethodHandle h, Ctx c, boolean w, Instance i, long[] s, int b)
      throws Throwable {
    long r = direct0(h, c, i);
    if (w) {
      s[b] = r;
    }
  }

  static void call1(MethodHandle h, Ctx c, boolean w, Instance i, long[] s, int b)
      throws Throwable {
    long r = direct1(h, c, i, s[b]);
    if (w) {
      s[b] = r;
    }
  }

  static void call2(MethodHandle h, Ctx c, boolean w, Instance i, long[] s, int b)
      throws Throwable {
    long r = direct2(h, c, i, s[b], s[b + 1]);
    if (w) {
      s[b] = r;
    }
  }

  static void call3(MethodHandle h, Ctx c, boolean w, Instance i, long[] s, int b)
      throws Throwable {
    long r = direct3(h, c, i, s[b], s[b + 1], s[b + 2]);
    if (w) {
      s[b] = r;
    }
  }

  static void call4(MethodHandle h, Ctx c, boolean w, Instance i, long[] s, int b)
      throws Throwable {
    long r = direct4(h, c, i, s[b], s[b + 1], s[b + 2], s[b + 3]);
    if (w) {
      s[b] = r;
    }
  }

  static void call5(MethodHandle h, Ctx c, boolean w, Instance i, long[] s, int b)
      throws Throwable {
    long r = direct5(h, c, i, s[b], s[b + 1], s[b + 2], s[b + 3], s[b + 4]);
    if (w) {
      s[b] = r;
    }
  }

  static void call6(MethodHandle h, Ctx c, boolean w, Instance i, long[] s, int b)
      throws Throwable {
    long r = direct6(h, c, i, s[b], s[b + 1], s[b + 2], s[b + 3], s[b + 4], s[b + 5]);
    if (w) {
      s[b] = r;
    }
  }
}
