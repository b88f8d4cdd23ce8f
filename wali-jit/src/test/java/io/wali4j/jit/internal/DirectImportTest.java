package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Extern;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Ops;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.ValidatedModule;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compiled calls of imports that offer a {@link HostFunction.Direct} entry: each import computes
 * the same value from its arguments through its {@code HostCode} and its direct entry and counts
 * which one ran, so the tests see both the results (against the interpreter, which always uses the
 * {@code HostCode}) and the path each call took.
 */
class DirectImportTest {

  /** The imports' shared state: which path ran, and the last value a void import computed. */
  static final class Calls {
    int direct;
    int viaCode;
    long lastVoid;
  }

  /**
   * The signatures: {@code i<n>} results i32, {@code l<n>} i64, {@code v<n>} none; with n
   * parameters alternating i32 and i64. Each export {@code x:<name>} passes its parameters on; a
   * void one returns nothing (the import records its value).
   */
  private static final List<String> NAMES = names();

  private static List<String> names() {
    List<String> out = new ArrayList<>();
    for (int n = 0; n <= 6; n++) {
      out.add("i" + n);
      out.add("l" + n);
      out.add("v" + n);
    }
    return out;
  }

  private static ValType param(int k) {
    return k % 2 == 0 ? ValType.I32 : ValType.I64;
  }

  private static FuncType type(String name) {
    int n = name.charAt(1) - '0';
    ValType[] params = new ValType[n];
    for (int k = 0; k < n; k++) {
      params[k] = param(k);
    }
    ValType[] results =
        switch (name.charAt(0)) {
          case 'i' -> new ValType[] {ValType.I32};
          case 'l' -> new ValType[] {ValType.I64};
          default -> new ValType[0];
        };
    return new FuncType(params, results);
  }

  private static String wat() {
    StringBuilder sb = new StringBuilder("(module\n");
    for (String name : NAMES) {
      sb.append("(import \"t\" \"").append(name).append("\" (func $").append(name);
      sb.append(sig(type(name))).append("))\n");
    }
    sb.append("(import \"t\" \"trap\" (func $trap (param i32) (result i32)))\n");
    sb.append("(import \"t\" \"pair\" (func $pair (param i32) (result i32 i64)))\n");
    for (String name : NAMES) {
      FuncType t = type(name);
      sb.append("(func (export \"x:").append(name).append("\")").append(sig(t));
      for (int k = 0; k < t.params().length; k++) {
        sb.append(" (local.get ").append(k).append(")");
      }
      sb.append(" (call $").append(name).append("))\n");
    }
    sb.append("(func (export \"x:trap\") (param i32) (result i32)");
    sb.append(" (i32.add (i32.const 1) (call $trap (local.get 0))))\n");
    sb.append("(func (export \"x:pair\") (param i32) (result i64)");
    sb.append(" (local i64) (call $pair (local.get 0)) (local.set 1) (i64.extend_i32_s)");
    sb.append(" (i64.add (local.get 1)))\n");
    return sb.append(")").toString();
  }

  private static String sig(FuncType t) {
    StringBuilder sb = new StringBuilder();
    for (ValType p : t.params()) {
      sb.append(" (param ").append(p == ValType.I32 ? "i32" : "i64").append(")");
    }
    for (ValType r : t.results()) {
      sb.append(" (result ").append(r == ValType.I32 ? "i32" : "i64").append(")");
    }
    return sb.toString();
  }

  /** The value import {@code name} computes: order-sensitive, so swapped arguments show. */
  static long value(int n, long[] args) {
    long r = 1_000_003L * n;
    for (int k = 0; k < args.length; k++) {
      r = r * 31 + args[k] * (k + 1);
    }
    return r;
  }

  // ---- the direct entries: (Calls, Instance, long...) -> long, cast to each signature ----

  private static final MethodHandle DIRECT;
  private static final MethodHandle THROWING;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      DIRECT =
          l.findStatic(
              DirectImportTest.class,
              "direct",
              MethodType.methodType(
                  long.class, char.class, Calls.class, Instance.class, long[].class));
      THROWING =
          l.findStatic(
              DirectImportTest.class,
              "throwing",
              MethodType.methodType(int.class, Calls.class, Instance.class, int.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static long direct(char kind, Calls c, Instance caller, long[] args) {
    c.direct++;
    long r = value(args.length, args);
    if (kind == 'v') {
      c.lastVoid = r;
    }
    return r;
  }

  static int throwing(Calls c, Instance caller, int how) {
    c.direct++;
    throw failure(how);
  }

  private static RuntimeException failure(int how) {
    return how == 0 ? Ops.trap(Failure.INTEGER_DIVIDE_BY_ZERO) : new IllegalStateException("host");
  }

  /** The entry of {@code name} as HostFunction.Direct wants it: one handle object per name. */
  private static MethodHandle entry(String name) {
    FuncType t = type(name);
    int n = t.params().length;
    MethodHandle h =
        MethodHandles.insertArguments(DIRECT, 0, name.charAt(0)).asCollector(2, long[].class, n);
    MethodType typed =
        MethodType.methodType(
            name.charAt(0) == 'i' ? int.class : name.charAt(0) == 'l' ? long.class : void.class,
            Calls.class,
            Instance.class);
    for (int k = 0; k < n; k++) {
      typed = typed.appendParameterTypes(param(k) == ValType.I32 ? int.class : long.class);
    }
    return MethodHandles.explicitCastArguments(h, typed);
  }

  private static final Map<String, MethodHandle> ENTRIES = new HashMap<>();

  static {
    for (String name : NAMES) {
      ENTRIES.put(name, entry(name));
    }
    ENTRIES.put("trap", THROWING);
  }

  /** How an instance's imports offer their direct entries. */
  enum Offer {
    /** The shared entries. */
    SHARED,
    /** Entries of the same shape but other handle objects (another kind of host). */
    OTHER,
    /** None: every call through the HostCode. */
    NONE
  }

  /** The imports of one instance, counting into {@code calls}. */
  private static Imports imports(Calls calls, Offer offer) {
    return (module, name) -> hostFunction(name, calls, offer);
  }

  private static Extern hostFunction(String name, Calls c, Offer offer) {
    if (name.equals("pair")) {
      FuncType t =
          new FuncType(new ValType[] {ValType.I32}, new ValType[] {ValType.I32, ValType.I64});
      return new HostFunction(
          t,
          (caller, s, b) -> {
            c.viaCode++;
            s[b + 1] = s[b] * 3L;
          });
    }
    FuncType t =
        name.equals("trap")
            ? new FuncType(new ValType[] {ValType.I32}, new ValType[] {ValType.I32})
            : type(name);
    HostFunction.Direct d =
        switch (offer) {
          case SHARED -> new HostFunction.Direct(ENTRIES.get(name), c);
          case OTHER -> new HostFunction.Direct(copy(name), c);
          case NONE -> null;
        };
    return new HostFunction(
        t,
        (caller, s, b) -> {
          c.viaCode++;
          if (name.equals("trap")) {
            throw failure((int) s[b]);
          }
          long[] args = Arrays.copyOfRange(s, b, b + t.params().length);
          long r = value(args.length, args);
          if (t.results().length == 0) {
            c.lastVoid = r;
          } else {
            s[b] = t.results()[0] == ValType.I32 ? (int) r : r;
          }
        },
        d);
  }

  /** An entry like the shared one of {@code name}, as another object. */
  private static MethodHandle copy(String name) {
    return name.equals("trap")
        ? MethodHandles.filterReturnValue(THROWING, MethodHandles.identity(int.class))
        : entry(name);
  }

  /** Arguments for export {@code name}: distinct, negative i32s, i64s past 32 bits. */
  private static long[] args(String name, int round) {
    int n = type(name).params().length;
    long[] a = new long[n];
    for (int k = 0; k < n; k++) {
      a[k] = param(k) == ValType.I32 ? -7 * (k + 1) - round : (0x1_0000_0003L << k) + round;
    }
    return a;
  }

  private static final ValidatedModule MODULE = Wat.validated(wat());

  private static Instance instance(Jit.Mode mode, Calls calls, Offer offer) {
    Store store = new Store();
    store.jitMode(mode);
    return Instance.instantiate(store, MODULE, imports(calls, offer));
  }

  /** Calls every signature's export three times; returns the outcomes, void ones as lastVoid. */
  private static List<Object> run(Instance inst, Calls calls) {
    List<Object> out = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (String name : NAMES) {
        Object r = TwoTiers.outcome(inst, "x:" + name, args(name, round));
        out.add(name + "=" + (name.charAt(0) == 'v' ? "void " + calls.lastVoid : r));
      }
    }
    return out;
  }

  @Test
  void compiledCallsOfEverySignatureTakeTheDirectEntryAndAgreeWithTheInterpreter() {
    Calls interpCalls = new Calls();
    Calls compiledCalls = new Calls();
    List<Object> want = run(instance(Jit.Mode.OFF, interpCalls, Offer.SHARED), interpCalls);
    List<Object> got = run(instance(Jit.Mode.EAGER, compiledCalls, Offer.SHARED), compiledCalls);
    assertEquals(want, got);
    assertEquals(3 * NAMES.size(), interpCalls.viaCode);
    assertEquals(0, interpCalls.direct);
    if (Links.DIRECT_IMPORTS) {
      // A site's first call binds it (through the HostCode; another test of the shared module
      // may have made it already), the later ones go direct.
      assertTrue(compiledCalls.viaCode <= NAMES.size(), "via HostCode: " + compiledCalls.viaCode);
      assertEquals(3 * NAMES.size(), compiledCalls.viaCode + compiledCalls.direct);
    } else {
      assertEquals(3 * NAMES.size(), compiledCalls.viaCode);
      assertEquals(0, compiledCalls.direct);
    }
  }

  @Test
  void anInstanceWhoseImportsOfferAnotherEntryOrNoneTakesTheHostCode() {
    Calls shared = new Calls();
    run(instance(Jit.Mode.EAGER, shared, Offer.SHARED), shared);
    for (Offer offer : new Offer[] {Offer.OTHER, Offer.NONE}) {
      Calls interpCalls = new Calls();
      Calls calls = new Calls();
      List<Object> want = run(instance(Jit.Mode.OFF, interpCalls, offer), interpCalls);
      List<Object> got = run(instance(Jit.Mode.EAGER, calls, offer), calls);
      assertEquals(want, got, offer.name());
      assertEquals(3 * NAMES.size(), calls.viaCode, offer.name());
      assertEquals(0, calls.direct, offer.name());
    }
    // The module's shared sites still serve the first kind of instance directly.
    Calls again = new Calls();
    run(instance(Jit.Mode.EAGER, again, Offer.SHARED), again);
    assertEquals(Links.DIRECT_IMPORTS ? 0 : 3 * NAMES.size(), again.viaCode);
  }

  @Test
  void aTrapOrExceptionFromAnImportLeavesTheCompiledCallAsFromTheInterpreter() {
    Calls interpCalls = new Calls();
    Calls calls = new Calls();
    Instance interp = instance(Jit.Mode.OFF, interpCalls, Offer.SHARED);
    Instance compiled = instance(Jit.Mode.EAGER, calls, Offer.SHARED);
    for (int round = 0; round < 3; round++) {
      assertEquals(Failure.INTEGER_DIVIDE_BY_ZERO, TwoTiers.agree(interp, compiled, "x:trap", 0));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> compiled.invoke("x:trap", 1));
      assertEquals("host", e.getMessage());
      assertThrows(IllegalStateException.class, () -> interp.invoke("x:trap", 1));
    }
    assertEquals(6, calls.viaCode + calls.direct);
    if (Links.DIRECT_IMPORTS) {
      assertTrue(calls.direct >= 4, "direct calls: " + calls.direct);
    }
  }

  @Test
  void aMultiValueImportKeepsTheRuntimeCall() {
    Calls interpCalls = new Calls();
    Calls calls = new Calls();
    Instance interp = instance(Jit.Mode.OFF, interpCalls, Offer.SHARED);
    Instance compiled = instance(Jit.Mode.EAGER, calls, Offer.SHARED);
    for (long v : new long[] {5, -9}) {
      assertEquals(v + 3 * v, TwoTiers.agree(interp, compiled, "x:pair", v));
    }
    assertEquals(2, calls.viaCode);
    // The multi-value call stays on JitRuntime.call; the single-value one leaves it.
    assertEquals(
        Map.of("pair", 1, "trap", Links.DIRECT_IMPORTS ? 0 : 1),
        filter(GeneratedCounts.calls(wat(), exportNames(), "call"), List.of("pair", "trap")));
  }

  private static List<String> exportNames() {
    List<String> out = new ArrayList<>();
    out.addAll(NAMES);
    out.add("trap");
    out.add("pair");
    List<String> all = new ArrayList<>(out);
    all.addAll(out.stream().map(n -> "x:" + n).toList());
    return all;
  }

  private static Map<String, Integer> filter(Map<String, Integer> m, List<String> keys) {
    Map<String, Integer> out = new HashMap<>();
    for (String k : keys) {
      out.put(k, m.getOrDefault("x:" + k, 0));
    }
    return out;
  }
}
