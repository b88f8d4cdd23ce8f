package io.wali4j.core.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.Opcodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link DispatchWarmup} reaches every id the dispatch switch of {@link Interpreter}'s {@code run}
 * has (read from the class file, so a new case without a snippet fails here), runs the branching
 * ones both ways, and leaves the programs' own instances alone.
 */
class DispatchWarmupTest {

  @Test
  void theFirstInterpreterRunStartsTheWarmUp() {
    Instance i =
        Wat.instantiate(
            Jit.Mode.OFF, "(module (func (export \"f\") (result i32) i32.const 3))", Imports.NONE);
    assertEquals(3L, i.invoke("f")[0]);
    assertTrue(DispatchWarmup.started());
  }

  @Test
  void everySnippetDispatchesItsIdAfterStraightLineSetup() {
    for (DispatchWarmup.Snippet s : DispatchWarmup.snippets()) {
      int[] fused = Fusion.fuse(s.code());
      String what = Opcodes.name(s.id()) + " / id 0x" + Integer.toHexString(s.id());
      assertEquals(s.id(), fused[s.at()], what);
      assertEquals(Opcodes.DROP, fused[s.at() - 1], what);
      // Before the drop only pushes (no branch), so the run reaches the drop, then the id.
      for (int pc = 0; pc < s.at() - 1; pc += Fusion.length(s.code(), pc)) {
        int op = s.code()[pc];
        Set<Integer> pushes =
            Set.of(
                Opcodes.I32_CONST,
                Opcodes.I64_CONST,
                Opcodes.F32_CONST,
                Opcodes.F64_CONST,
                Opcodes.REF_FUNC);
        assertTrue(pushes.contains(op), what + ": setup holds " + Opcodes.name(op));
      }
    }
  }

  @Test
  void theSnippetsReachEveryIdOfTheDispatchSwitch() throws IOException {
    Switch sw = dispatchSwitch();
    Set<Integer> warmed = new TreeSet<>();
    for (DispatchWarmup.Snippet s : DispatchWarmup.snippets()) {
      warmed.add(s.id());
    }
    Set<Integer> missing = new TreeSet<>();
    for (int id = sw.low; id <= sw.high; id++) {
      boolean isCase = sw.targets.get(id) != sw.defaultTarget;
      // An id without a case runs in RareOps: one the pre-decoded form holds needs its count too.
      boolean rare =
          Opcodes.isKnown(id)
              && (Opcodes.signature(id) != null
                  || id == Opcodes.REF_FUNC
                  || id == Opcodes.REF_IS_NULL);
      // unreachable ends the program (a trap), so a trap there costs nothing.
      if ((isCase || rare) && id != Opcodes.UNREACHABLE && !warmed.contains(id)) {
        missing.add(id);
      }
    }
    assertEquals(Set.of(), missing, "ids no snippet dispatches");
    assertTrue(warmed.stream().anyMatch(id -> id > sw.high), "the default count (ids past 0xFF)");
  }

  @Test
  void branchingIdsRunBothWays() {
    Map<Integer, Integer> runs = new HashMap<>();
    for (DispatchWarmup.Snippet s : DispatchWarmup.snippets()) {
      runs.merge(s.id(), 1, Integer::sum);
    }
    List<Integer> branching =
        new ArrayList<>(
            List.of(
                Fusion.JUMP_IF,
                Fusion.JUMP_IF_ZERO,
                Fusion.BR_IF_DROP,
                Opcodes.BR_TABLE,
                Opcodes.SELECT,
                Opcodes.CALL,
                Opcodes.I32_EQZ,
                Opcodes.I32_LT_S,
                Opcodes.F64_LT,
                Fusion.I32_LT_S_JUMP_IF,
                Fusion.I32_EQ_JUMP_IF,
                Fusion.I32_EQZ_JUMP_IF,
                Fusion.I64_LT_U_JUMP_IF,
                Fusion.I32C_I32_NE_JUMP_IF,
                Fusion.LG_I32C_ADD_TEE_JUMP_IF,
                Fusion.LG_I32C_ADD_TEE_I32C_NE_JUMP_IF,
                Fusion.LG_LG_I32C_ADD_TEE_NE_JUMP_IF));
    for (int id : branching) {
      assertTrue(
          runs.getOrDefault(id, 0) >= 2, Opcodes.name(id) + " / id 0x" + Integer.toHexString(id));
    }
  }

  @Test
  void warmUpRunsEverySnippetAndLeavesOtherInstancesAlone() {
    Instance program =
        Wat.instantiate(
            "(module (memory (export \"mem\") 1) (global $g (mut i64) (i64.const 7))"
                + " (func (export \"f\") (param i32) (result i64)"
                + "  local.get 0 i32.const 5 i32.store"
                + "  local.get 0 f64.const 2.5 f64.store offset=8"
                + "  global.get $g local.get 0 i64.load32_u i64.add))");
    assertEquals(12L, program.invoke("f", 16)[0]);
    byte[] before = new byte[64];
    program.memory().read(0, before, 0, before.length);

    List<DispatchWarmup.Snippet> snippets = DispatchWarmup.snippets();
    assertEquals(DispatchWarmup.PRIMING_RUNS + snippets.size(), DispatchWarmup.run(snippets));

    byte[] after = new byte[64];
    program.memory().read(0, after, 0, after.length);
    assertArrayEquals(before, after);
    assertEquals(7L, program.global(0).get());
    assertEquals(12L, program.invoke("f", 16)[0]);
    assertEquals(2.5, Double.longBitsToDouble(program.memory().loadI64(24)));
  }

  /** The dispatch {@code tableswitch} of {@code run}: its key range and each key's target. */
  private record Switch(int low, int high, int defaultTarget, Map<Integer, Integer> targets) {}

  /** The first {@code tableswitch} of {@code Interpreter.run}, from its class file. */
  private static Switch dispatchSwitch() throws IOException {
    byte[] code = RunBytecode.code();
    for (int pc = 0; pc < code.length; ) {
      int op = code[pc] & 0xFF;
      if (op == 0xAA) {
        ByteBuffer b = ByteBuffer.wrap(code);
        int p = (pc + 4) & ~3;
        int dflt = pc + b.getInt(p);
        int low = b.getInt(p + 4);
        int high = b.getInt(p + 8);
        Map<Integer, Integer> targets = new HashMap<>();
        for (int k = low; k <= high; k++) {
          targets.put(k, pc + b.getInt(p + 12 + 4 * (k - low)));
        }
        return new Switch(low, high, dflt, targets);
      }
      pc += length(code, pc);
    }
    throw new AssertionError("no tableswitch in run");
  }

  /** The length of the JVM instruction at {@code pc} (no tableswitch: the walk stops there). */
  private static int length(byte[] code, int pc) {
    int op = code[pc] & 0xFF;
    ByteBuffer b = ByteBuffer.wrap(code);
    if (op == 0xAB) { // lookupswitch
      int p = (pc + 4) & ~3;
      return p + 8 + 8 * b.getInt(p + 4) - pc;
    }
    if (op == 0xC4) { // wide
      return (code[pc + 1] & 0xFF) == 0x84 ? 6 : 4;
    }
    if (op == 0x10 || op == 0x12 || (op >= 0x15 && op <= 0x19)) {
      return 2;
    }
    if (op >= 0x36 && op <= 0x3A || op == 0xA9 || op == 0xBC) {
      return 2;
    }
    if (op == 0x11 || op == 0x13 || op == 0x14 || op == 0x84 || (op >= 0x99 && op <= 0xA8)) {
      return 3;
    }
    if ((op >= 0xB2 && op <= 0xB8) || op == 0xBB || op == 0xBD || op == 0xC0 || op == 0xC1) {
      return 3;
    }
    if (op == 0xC6 || op == 0xC7) {
      return 3;
    }
    if (op == 0xB9 || op == 0xBA || op == 0xC8 || op == 0xC9) {
      return 5;
    }
    if (op == 0xC5) {
      return 4;
    }
    return 1;
  }
}
