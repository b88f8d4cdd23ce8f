package io.wali4j.jit.internal;

import static io.wali4j.jit.internal.TwoTiers.agree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Function;
import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Store;
import io.wali4j.core.exec.Table;
import io.wali4j.core.interp.Snapshot;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Failure;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import io.wali4j.core.wasm.ValidatedModule;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inline cache of a compiled {@code call_indirect} ({@link IndirectSite}): a site that only
 * ever calls one compiled callee links to it once and stays linked, one that meets a second
 * compiled callee goes megamorphic once, and whatever the state, every call computes and traps as
 * the interpreter: the lookup's three traps at a linked site, a host function and an interpreted
 * callee in the table, elements replaced under a linked site (from Wasm and from the host), a table
 * grown, the same code in two instances (the element's own instance runs it), a fork through a
 * linked capture site, and recursion through the table down to stack exhaustion.
 */
class IndirectCacheTest {

  private static final String MODULE =
      "(module"
          + " (type $bin (func (param i32 i32) (result i32)))"
          + " (type $un (func (param i32) (result i32)))"
          + " (import \"t\" \"host\" (func $host (type $bin)))"
          + " (memory 1)"
          + " (table 8 funcref)"
          // 0 add, 1 sub, 2 host, 3 neg (another type), 4 down; 5-7 empty.
          + " (elem (i32.const 0) $add $sub $host $neg $down)"
          + " (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))"
          + " (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))"
          + " (func $neg (type $un) (i32.sub (i32.const 0) (local.get 0)))"
          // down(n) = n == 0 ? 0 : 1 + down(n - 1), through the table.
          + " (func $down (type $un)"
          + "   (if (result i32) (local.get 0)"
          + "     (then (i32.add (i32.const 1) (call_indirect (type $un)"
          + "       (i32.sub (local.get 0) (i32.const 1)) (i32.const 4))))"
          + "     (else (i32.const 0))))"
          // A loop of n calls through element i: s = f(n, s) each time.
          + " (func (export \"mono\") (param $i i32) (param $n i32) (result i32) (local $s i32)"
          + "   (loop $l"
          + "     (local.set $s (call_indirect (type $bin) (local.get $n) (local.get $s)"
          + "       (local.get $i)))"
          + "     (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))"
          + "   (local.get $s))"
          // The same through elements 0 and 1 in turn.
          + " (func (export \"poly\") (param $n i32) (result i32) (local $s i32)"
          + "   (loop $l"
          + "     (local.set $s (call_indirect (type $bin) (local.get $n) (local.get $s)"
          + "       (i32.and (local.get $n) (i32.const 1))))"
          + "     (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))"
          + "   (local.get $s))"
          + " (func (export \"set\") (param $i i32) (param $from i32)"
          + "   (table.set 0 (local.get $i) (table.get 0 (local.get $from))))"
          + " (func (export \"clear\") (param $i i32) (table.set 0 (local.get $i) (ref.null func)))"
          + " (func (export \"grow\") (param $n i32) (result i32)"
          + "   (table.grow 0 (ref.null func) (local.get $n)))"
          + " (func (export \"down\") (param i32) (result i32)"
          + "   (call_indirect (type $un) (local.get 0) (i32.const 4))))";

  private static String mode;

  /** The sites are off by default: on for the code these tests compile. */
  @BeforeAll
  static void sitesOn() {
    mode = IndirectSite.mode;
    IndirectSite.mode = "true";
  }

  @AfterAll
  static void sitesAsBefore() {
    IndirectSite.mode = mode;
  }

  private static final FuncType BIN =
      new FuncType(new ValType[] {ValType.I32, ValType.I32}, new ValType[] {ValType.I32});

  /** The host callee: a * 7 + b. */
  private static final Imports IMPORTS =
      (module, name) ->
          new HostFunction(BIN, (caller, s, b) -> s[b] = (int) s[b] * 7 + (int) s[b + 1]);

  private static Instance interpreted() {
    return Wat.instantiate(Jit.Mode.OFF, MODULE, IMPORTS);
  }

  private static Instance compiled() {
    return Wat.instantiate(Jit.Mode.EAGER, MODULE, IMPORTS);
  }

  private static long mono() {
    return IndirectSite.MONOMORPHIC_LINKS.get();
  }

  private static long mega() {
    return IndirectSite.MEGAMORPHIC_LINKS.get();
  }

  @Test
  void eachCallIndirectIsAnInvokedynamicOfItsOwn() {
    List<String> functions =
        List.of(
            "host", "add", "sub", "neg", "down0", "mono", "poly", "set", "clear", "grow", "down");
    var sites = GeneratedCounts.calls(MODULE, functions, "linkIndirect");
    var exact = GeneratedCounts.calls(MODULE, functions, "invokeExact");
    var slow = GeneratedCounts.calls(MODULE, functions, "callIndirect");
    // The lookup and calls are in the sites' fallbacks, methods of the batch of their own.
    for (String name : List.of("down0", "mono", "poly", "down")) {
      assertEquals(1, sites.get(name), name);
      assertEquals(0, exact.get(name), name);
      assertEquals(0, slow.get(name), name);
    }
    assertEquals(0, sites.get("add"));
  }

  @Test
  void aSiteWithOneCompiledCalleeLinksOnceAndTrapsAsTheInterpreter() {
    Instance interp = interpreted();
    Instance compiled = compiled();
    long mono = mono();
    long mega = mega();
    for (int round = 0; round < 20; round++) {
      agree(interp, compiled, "mono", 0, 5000);
    }
    assertEquals(mono + 1, mono(), "linked once");
    // At the linked site: outside the table, an empty element, another type, a host function.
    for (int round = 0; round < 3; round++) {
      assertEquals(Failure.UNDEFINED_ELEMENT, agree(interp, compiled, "mono", 8, 3));
      assertEquals(Failure.UNDEFINED_ELEMENT, agree(interp, compiled, "mono", -1, 3));
      assertEquals(Failure.UNINITIALIZED_ELEMENT, agree(interp, compiled, "mono", 5, 3));
      assertEquals(Failure.INDIRECT_CALL_TYPE_MISMATCH, agree(interp, compiled, "mono", 3, 3));
      agree(interp, compiled, "mono", 2, 100);
      agree(interp, compiled, "mono", 0, 100);
    }
    assertEquals(mono + 1, mono(), "still linked to the one compiled callee");
    assertEquals(mega, mega(), "a host callee leaves the site as it is");
  }

  @Test
  void aSiteWithTwoCompiledCalleesGoesMegamorphicOnce() {
    Instance interp = interpreted();
    Instance compiled = compiled();
    long mono = mono();
    long mega = mega();
    for (int round = 0; round < 20; round++) {
      agree(interp, compiled, "poly", 5001);
    }
    assertEquals(mono + 1, mono());
    assertEquals(mega + 1, mega(), "megamorphic for good after the second callee");
    assertEquals(Failure.UNINITIALIZED_ELEMENT, agree(interp, compiled, "mono", 6, 1));
  }

  @Test
  void elementsReplacedUnderALinkedSiteAreCalledAsTheyAreNow() {
    Instance interp = interpreted();
    Instance compiled = compiled();
    for (int round = 0; round < 10; round++) {
      agree(interp, compiled, "mono", 0, 5000);
    }
    // The host callee under the site linked to $add, then $add again: no retarget either way.
    long mega = mega();
    for (Instance inst : List.of(interp, compiled)) {
      inst.invoke("set", 0, 2);
    }
    agree(interp, compiled, "mono", 0, 1000);
    for (Instance inst : List.of(interp, compiled)) {
      inst.table(0).set(0, inst.functionId(1));
    }
    agree(interp, compiled, "mono", 0, 1000);
    assertEquals(mega, mega());
    // An empty element where $add was, from Wasm.
    for (Instance inst : List.of(interp, compiled)) {
      inst.invoke("clear", 0);
    }
    assertEquals(Failure.UNINITIALIZED_ELEMENT, agree(interp, compiled, "mono", 0, 10));
    // $sub where $add was, from Wasm: its result, not $add's.
    for (Instance inst : List.of(interp, compiled)) {
      inst.invoke("set", 0, 1);
    }
    for (int round = 0; round < 10; round++) {
      agree(interp, compiled, "mono", 0, 1000);
    }
    // The table grown: the site calls the new elements, and traps past them.
    for (Instance inst : List.of(interp, compiled)) {
      assertEquals(8L, TwoTiers.outcome(inst, "grow", 4));
      inst.invoke("set", 10, 1);
    }
    agree(interp, compiled, "mono", 10, 100);
    assertEquals(Failure.UNINITIALIZED_ELEMENT, agree(interp, compiled, "mono", 11, 1));
    assertEquals(Failure.UNDEFINED_ELEMENT, agree(interp, compiled, "mono", 12, 1));
  }

  /**
   * $get reads its instance's global, which differs between two instances of the module that share
   * their compiled code; $call calls through a table of the caller's module that the host filled.
   */
  private static final String GLOBAL_READER =
      "(module"
          + " (global $g (mut i32) (i32.const 0))"
          + " (func (export \"setg\") (param i32) (global.set $g (local.get 0)))"
          + " (func (export \"get\") (param i32 i32) (result i32)"
          + "   (i32.add (global.get $g) (i32.mul (local.get 0) (local.get 1)))))";

  private static final String CALLER =
      "(module"
          + " (type $bin (func (param i32 i32) (result i32)))"
          + " (table (export \"tab\") 2 funcref)"
          + " (func (export \"call\") (param $i i32) (param $n i32) (result i32) (local $s i32)"
          + "   (loop $l"
          + "     (local.set $s (i32.add (local.get $s) (call_indirect (type $bin)"
          + "       (local.get $n) (i32.const 3) (local.get $i))))"
          + "     (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))"
          + "   (local.get $s))"
          + " (func (export \"both\") (param $n i32) (result i32) (local $s i32)"
          + "   (loop $l"
          + "     (local.set $s (i32.add (local.get $s) (call_indirect (type $bin)"
          + "       (local.get $n) (i32.const 3) (i32.and (local.get $n) (i32.const 1)))))"
          + "     (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))"
          + "   (local.get $s))"
          + ")";

  /** The caller, its table holding the $get of two instances of {@link #GLOBAL_READER}. */
  private static Instance tableOfTwoInstances(Jit.Mode mode) {
    Store store = new Store();
    store.jitMode(mode);
    ValidatedModule reader = Wat.validated(GLOBAL_READER);
    Instance a = Instance.instantiate(store, reader, Imports.NONE);
    Instance b = Instance.instantiate(store, reader, Imports.NONE);
    a.invoke("setg", 1000);
    b.invoke("setg", 2000000);
    Instance caller = Wat.instantiate(store, CALLER, Imports.NONE);
    Table t = caller.table(0);
    t.set(0, store.register((Function) a.export("get")));
    t.set(1, store.register((Function) b.export("get")));
    return caller;
  }

  @Test
  void theSameCodeInAnotherInstanceRunsOnTheElementsInstance() {
    Instance interp = tableOfTwoInstances(Jit.Mode.OFF);
    Instance compiled = tableOfTwoInstances(Jit.Mode.EAGER);
    long mega = mega();
    for (int round = 0; round < 10; round++) {
      agree(interp, compiled, "call", 0, 3000);
      agree(interp, compiled, "call", 1, 3000);
      agree(interp, compiled, "both", 3001);
    }
    assertEquals(mega, mega(), "one code, so no second callee");
  }

  @Test
  void recursionThroughALinkedSiteCountsItsStackAsTheInterpreter() {
    Instance interp = interpreted();
    Instance compiled = compiled();
    for (int round = 0; round < 5; round++) {
      assertEquals(3000L, agree(interp, compiled, "down", 3000));
    }
    assertEquals(Failure.CALL_STACK_EXHAUSTED, agree(interp, compiled, "down", 100_000_000));
    assertEquals(10L, agree(interp, compiled, "down", 10));
  }

  /**
   * $top calls $leaf through the table at a capture site, an f32 and an i32 beneath the call; $leaf
   * forks.
   */
  private static final String FORK =
      "(module"
          + " (import \"wali\" \"SYS_fork\" (func $fork (result i64)))"
          + " (type $leaf (func (param i32) (result i64)))"
          + " (memory 1)"
          + " (table 1 funcref) (elem (i32.const 0) $leaf)"
          + " (func $leaf (type $leaf) (local $x i64)"
          + "   (local.set $x (i64.extend_i32_s (local.get 0)))"
          + "   (i64.add (i64.mul (local.get $x) (i64.const 7))"
          + "     (i64.mul (call $fork) (i64.const 1000))))"
          + " (func (export \"run\") (param $c i32) (result i64) (local $t i64)"
          + "   f32.const 1.25 local.get $c i32.const 11 i32.add"
          + "   local.get $c i32.const 0 call_indirect (type $leaf)"
          + "   local.set $t i32.const 100000 i32.mul i64.extend_i32_s"
          + "   local.get $t i64.add"
          + "   local.set $t f32.const 1000000 f32.mul i64.trunc_f32_s local.get $t i64.add))";

  private static long[] fork(Jit.Mode mode, int times, long arg) {
    CaptureImports host = CaptureImports.only();
    Store store = new Store();
    store.jitMode(mode);
    Instance inst = Instance.instantiate(store, Wat.validated(FORK), host);
    long parent = 0;
    long child = 0;
    for (int k = 0; k < times; k++) {
      host.forked = null;
      parent = inst.invoke("run", arg)[0];
      Snapshot s = host.forked;
      assertNotNull(s, "fork was called");
      child = s.resume(0L)[0];
    }
    return new long[] {parent, child};
  }

  @Test
  void aForkThroughALinkedCaptureSiteResumesParentAndChildAsTheInterpreter() {
    long mono = mono();
    for (long arg : new long[] {0, 7, -3}) {
      long[] want = fork(Jit.Mode.OFF, 1, arg);
      long[] got = fork(Jit.Mode.EAGER, 5, arg);
      assertEquals(want[0], got[0], "parent");
      assertEquals(want[1], got[1], "child");
    }
    assertTrue(mono() > mono, "the capture site linked to $leaf");
  }
}
