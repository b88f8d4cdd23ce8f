package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Opcodes;
import java.util.BitSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regions that copy the dispatch and sync at it ({@link RegionFlow#syncsInto}, {@link
 * RegionFlow#reenters}): a branch of the region's own code to a copy stores its dirty locals live
 * there first, so the copy starts clean, and the copied {@code br_table} goes to the cases of its
 * own region through their entries. The interpreter loop of {@link DispatchCopyTest#MODULE}, split
 * at every size, against the interpreter (results, a trap, a fork in a case); the copied dispatch's
 * exit stores only what the copy wrote; the region methods load fewer locals than without.
 */
class CopySyncsTest {

  private boolean previousExact;
  private boolean previousCopies;
  private boolean previousSyncs;
  private int previousCopy;

  @BeforeEach
  void copiesThatSync() {
    previousExact = RegionFlow.exact(true);
    previousCopies = RegionFlow.exactCopies(true);
    previousSyncs = RegionFlow.copySyncs(true);
    previousCopy = DispatchCopies.maxInstructions(32);
  }

  @AfterEach
  void restore() {
    RegionFlow.exact(previousExact);
    RegionFlow.exactCopies(previousCopies);
    RegionFlow.copySyncs(previousSyncs);
    DispatchCopies.maxInstructions(previousCopy);
  }

  @Test
  void copiesThatSyncAgreeWithTheInterpreterWhereverTheCutsFall() {
    int before = RegionEmitter.COPIED.get();
    ExactCrossingsTest.agreesWhereverTheCutsFall();
    assertTrue(RegionEmitter.COPIED.get() > before, "no region copied the dispatch");
  }

  /** A fork in a case of a region that copies: the captured frame resumes as the interpreter's. */
  @Test
  void aForkInACaseOfARegionWhoseCopiesSyncCapturesTheWholeFrame() {
    ExactCrossingsTest.forksAgreeWhereverTheCutsFall();
  }

  /**
   * The copy starts clean: its {@code br_table}'s shared exit stores only locals the copied code
   * writes, never one a case of the region wrote before it branched to the copy; and some copied
   * dispatch goes to a case of its own region through the case's entry.
   */
  @Test
  void theCopiedDispatchStoresOnlyWhatTheCopyWrote() {
    FunctionCode fc = ExactCrossingsTest.run();
    int[] code = fc.code();
    int checked = 0;
    boolean reenters = false;
    for (int max = 2; max <= code.length; max++) {
      RegionPlanner.Plan plan = RegionPlanner.plan(fc, max);
      for (int k = 0; k < plan.regions(); k++) {
        BitSet copiedCode = plan.copiedCode()[k];
        if (copiedCode.isEmpty()) {
          continue;
        }
        RegionFlow flow = RegionFlow.of(code, plan, k, fc.numLocals());
        assertNotNull(flow, "a region that copies has its flow");
        BitSet written = new BitSet();
        for (int pc = copiedCode.nextSetBit(0); pc >= 0; pc = copiedCode.nextSetBit(pc + 1)) {
          if (code[pc] == Opcodes.LOCAL_SET || code[pc] == Opcodes.LOCAL_TEE) {
            written.set(code[pc + 1]);
          }
        }
        for (int pc = copiedCode.nextSetBit(0); pc >= 0; pc = copiedCode.nextSetBit(pc + 1)) {
          if (code[pc] != Opcodes.BR_TABLE) {
            continue;
          }
          BitSet extra = flow.tableExitStores(pc);
          extra.andNot(written);
          assertTrue(extra.isEmpty(), "max " + max + ": the copy's exit stores " + extra);
          checked++;
          for (int i = 0; i <= code[pc + 1]; i++) {
            int t = code[pc + 2 + 3 * i];
            reenters |= plan.regionOf(t) == k && flow.reenters(pc, t);
          }
        }
      }
    }
    assertTrue(checked > 0, "no region copied a br_table");
    assertTrue(reenters, "no copied dispatch enters a case of its own region through its entry");
  }

  /**
   * Copied dispatches as a {@code lookupswitch} of the region's own cases ({@code
   * wali4j.jit.copyLookup}): the indices that leave the region reach the shared exit through the
   * default, the index past the table the table's default; results, the trap and a fork in a case
   * as the interpreter's, wherever the cuts fall.
   */
  @Test
  void copiedDispatchesAsLookupSwitchesAgreeWithTheInterpreter() {
    boolean previous = FunctionCompiler.copyLookup(true);
    try {
      int before = FunctionCompiler.COPY_LOOKUPS.get();
      ExactCrossingsTest.agreesWhereverTheCutsFall();
      ExactCrossingsTest.forksAgreeWhereverTheCutsFall();
      assertTrue(FunctionCompiler.COPY_LOOKUPS.get() > before, "no copy was a lookupswitch");
    } finally {
      FunctionCompiler.copyLookup(previous);
    }
  }

  /** The region methods' entries load at most what they load without the syncs, and some fewer. */
  @Test
  void regionsWhoseCopiesSyncLoadFewerLocals() {
    ExactCrossingsTest.assertSomeSplitLoadsFewer(RegionFlow::copySyncs);
  }
}
