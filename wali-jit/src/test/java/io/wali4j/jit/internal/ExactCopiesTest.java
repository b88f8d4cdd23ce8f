package io.wali4j.jit.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.wasm.FunctionCode;
import io.wali4j.core.wasm.Opcodes;
import java.util.BitSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regions that copy the dispatch ({@link DispatchCopies}) and move only what they must ({@link
 * RegionFlow}): the copied fetch and {@code br_table} are part of the region's flow, so the copy's
 * shared exit stores only the locals written since the region was entered, and entries load only
 * what the region and its copies read. The interpreter loop of {@link DispatchCopyTest#MODULE},
 * split at every size, against the interpreter; its region methods move fewer longs than with the
 * region-wide sets.
 */
class ExactCopiesTest {

  private boolean previousExact;
  private boolean previousCopies;
  private int previousCopy;

  @BeforeEach
  void exactCopies() {
    previousExact = RegionFlow.exact(true);
    previousCopies = RegionFlow.exactCopies(true);
    previousCopy = DispatchCopies.maxInstructions(32);
  }

  @AfterEach
  void restore() {
    RegionFlow.exact(previousExact);
    RegionFlow.exactCopies(previousCopies);
    DispatchCopies.maxInstructions(previousCopy);
  }

  private static FunctionCode run() {
    return ExactCrossingsTest.run();
  }

  @Test
  void exactCopiesAgreeWithTheInterpreterWhereverTheCutsFall() {
    int before = RegionEmitter.COPIED.get();
    ExactCrossingsTest.agreesWhereverTheCutsFall();
    assertTrue(RegionEmitter.COPIED.get() > before, "no region copied the dispatch");
  }

  /** A fork in a case of a region that copies: the captured frame resumes as the interpreter's. */
  @Test
  void aForkInACaseOfARegionThatCopiesCapturesTheWholeFrame() {
    ExactCrossingsTest.forksAgreeWhereverTheCutsFall();
  }

  /**
   * Where a region copies the dispatch, its flow covers the copy: the copy's shared exit stores at
   * most the region-wide set of the cases elsewhere, and in some plan fewer.
   */
  @Test
  void theCopiedDispatchLeavesStoringOnlyWhatIsDirty() {
    FunctionCode fc = run();
    int[] code = fc.code();
    boolean fewer = false;
    int checked = 0;
    for (int max = 2; max <= code.length; max++) {
      RegionPlanner.Plan plan = RegionPlanner.plan(fc, max);
      for (int k = 0; k < plan.regions(); k++) {
        BitSet copiedCode = plan.copiedCode()[k];
        if (copiedCode.isEmpty()) {
          continue;
        }
        RegionFlow flow = RegionFlow.of(code, plan, k);
        assertNotNull(flow, "a region that copies has its flow");
        for (int pc = copiedCode.nextSetBit(0); pc >= 0; pc = copiedCode.nextSetBit(pc + 1)) {
          if (code[pc] != Opcodes.BR_TABLE) {
            continue;
          }
          BitSet wide = new BitSet();
          for (int i = 0; i <= code[pc + 1]; i++) {
            int t = code[pc + 2 + 3 * i];
            if (plan.regionOf(t) != k) {
              wide.or(plan.live()[plan.entryOf()[t]]);
            }
          }
          wide.and(plan.written()[k]);
          BitSet exact = flow.tableExitStores(pc);
          BitSet extra = (BitSet) exact.clone();
          extra.andNot(wide);
          assertTrue(extra.isEmpty(), "max " + max + ": stores " + exact + " beyond " + wide);
          fewer |= exact.cardinality() < wide.cardinality();
          checked++;
        }
      }
    }
    assertTrue(checked > 0, "no region copied a br_table");
    assertTrue(fewer, "no copied dispatch stores fewer locals than the region-wide set");
  }

  /** The region methods' entries load at most the region-wide sets, and some fewer. */
  @Test
  void regionsThatCopyLoadFewerLocals() {
    ExactCrossingsTest.assertSomeSplitLoadsFewer(RegionFlow::exactCopies);
  }

  @Test
  void offMeansTheRegionWideSetsWhereCopiesAre() {
    RegionFlow.exactCopies(false);
    FunctionCode fc = run();
    assertNull(RegionFlow.of(fc.code(), RegionPlanner.plan(fc, 8), 0));
  }
}
