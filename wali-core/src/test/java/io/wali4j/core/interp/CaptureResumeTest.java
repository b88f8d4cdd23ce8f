package io.wali4j.core.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wali4j.core.exec.HostFunction;
import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.testing.Wat;
import io.wali4j.core.wasm.FuncType;
import io.wali4j.core.wasm.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A Wasm stack stopped at a host call can be captured, and the copy resumed later, on another
 * thread, as often as wanted, finishing with the same results as the original run.
 */
class CaptureResumeTest {

  /**
   * A recursive walk that calls the host {@code probe(depth, acc)} at every level: the result
   * depends on locals and operands of every frame below the probe, so a resumed copy that lost any
   * of them would compute something else.
   */
  private static final String WALK =
      "(module (import \"env\" \"probe\" (func $probe (param i32 i64) (result i64)))"
          + " (func $walk (export \"walk\") (param $n i32) (param $acc i64) (result i64)"
          + "   (local $t i64)"
          + "   (local.set $t (i64.mul (local.get $acc) (i64.const 31)))"
          + "   (if (result i64) (i32.eqz (local.get $n))"
          + "     (then (call $probe (local.get $n) (local.get $acc)))"
          + "     (else"
          + "       (i64.add (local.get $t)"
          + "         (i64.xor"
          + "           (call $probe (local.get $n) (local.get $t))"
          + "           (call $walk (i32.sub (local.get $n) (i32.const 1))"
          + "             (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n)))))))))"
          + " (func (export \"outer\") (param i32) (result i64 i32)"
          + "   (i64.add (i64.const 5) (call $walk (local.get 0) (i64.const 3)))"
          + "   (i32.const 77)))";

  private static final FuncType PROBE =
      new FuncType(new ValType[] {ValType.I32, ValType.I64}, new ValType[] {ValType.I64});

  @Test
  void snapshotTakenAtAHostCallResumesToTheSameResult() throws Exception {
    List<Snapshot> snapshots = new ArrayList<>();
    AtomicReference<Long> answerAtCapture = new AtomicReference<>();
    HostFunction probe =
        new HostFunction(
            PROBE,
            (caller, stack, base) -> {
              int n = (int) stack[base];
              long v = stack[base + 1];
              long answer = v * 7 + n;
              if (n == 3 && snapshots.isEmpty()) {
                snapshots.add(ThreadState.current().capture());
                answerAtCapture.set(answer);
              }
              stack[base] = answer;
            });
    Imports env = (m, name) -> name.equals("probe") ? probe : null;
    Instance inst = Wat.instantiate(WALK, env);

    long[] original = inst.invoke("outer", 10);
    assertEquals(77, original[1]);
    assertEquals(1, snapshots.size());
    Snapshot snap = snapshots.get(0);
    assertNotNull(snap);
    // 1 outer frame + 8 walk frames (n = 10 .. 3) are below the probe at n = 3.
    assertEquals(8, snap.callers().length);

    // Resume twice on this thread (the snapshot is not consumed) ...
    assertArrayEquals(original, snap.resume(answerAtCapture.get()));
    assertArrayEquals(original, snap.resume(answerAtCapture.get()));
    // ... and once on another thread, as fork's child would.
    AtomicReference<long[]> fromThread = new AtomicReference<>();
    Thread t = new Thread(() -> fromThread.set(snap.resume(answerAtCapture.get())));
    t.start();
    t.join();
    assertArrayEquals(original, fromThread.get());
    // A different answer from the host changes the outcome: the resumed frames are live.
    long[] other = snap.resume(answerAtCapture.get() + 1);
    assertEquals(original[1], other[1]);
    assertEquals(false, original[0] == other[0]);
  }

  @Test
  void captureOutsideAHostCallIsRefused() {
    assertThrows(IllegalStateException.class, () -> new ThreadState().capture());
  }

  @Test
  void resumeWantsTheHostCallsResultCount() {
    List<Snapshot> snapshots = new ArrayList<>();
    HostFunction probe =
        new HostFunction(
            PROBE,
            (caller, stack, base) -> {
              if (snapshots.isEmpty()) {
                snapshots.add(ThreadState.current().capture());
              }
              stack[base] = 0;
            });
    Instance inst = Wat.instantiate(WALK, (m, n) -> probe);
    inst.invoke("outer", 2);
    assertThrows(IllegalArgumentException.class, () -> snapshots.get(0).resume());
  }
}
