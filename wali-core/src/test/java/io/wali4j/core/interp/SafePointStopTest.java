package io.wali4j.core.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.SafePoint;
import io.wali4j.core.testing.Wat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The interpreter's safe points, without the kernel: a request from another thread makes a thread
 * running Wasm without calls or host calls run its {@link SafePoint.Action} at its next branch or
 * function entry; the action may call Wasm on that thread (as a signal handler does) and the
 * interrupted code goes on with its registers intact, or it may throw to unwind the thread.
 */
class SafePointStopTest {

  /** A spinning loop that ends when the exported handler has set $flag; returns 7 + its locals. */
  private static final String FLAG_LOOP =
      """
      (module
        (global $flag (mut i32) (i32.const 0))
        (func (export "handler") (param i32) (result i32)
          (local i64 i64 i64 i64)
          (global.set $flag (local.get 0))
          (i32.const 99))
        (func (export "spin") (param $a i32) (result i32)
          (local $n i32)
          (loop $l
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br_if $l (i32.eqz (global.get $flag))))
          (i32.add (local.get $a) (i32.gt_u (local.get $n) (i32.const 0)))))
      """;

  private static final String FOREVER =
      """
      (module
        (func $f (export "fib") (param i32) (result i32)
          (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
            (then (local.get 0))
            (else (i32.add (call $f (i32.sub (local.get 0) (i32.const 1)))
                           (call $f (i32.sub (local.get 0) (i32.const 2)))))))
        (func (export "spin") (loop $l (br $l))))
      """;

  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Runs {@code body} on a new thread with {@code action} installed, requests a safe point once the
   * thread runs, and returns what the body returned (or the exception it threw).
   */
  private static Object runAndRequest(
      SafePoint.Action action, Function<Instance, Object> body, Instance inst) throws Exception {
    CompletableFuture<SafePoint> point = new CompletableFuture<>();
    CompletableFuture<Object> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              SafePoint.current().action(action);
              point.complete(SafePoint.current());
              try {
                result.complete(body.apply(inst));
              } catch (RuntimeException e) {
                result.complete(e);
              }
            });
    t.setDaemon(true);
    t.start();
    SafePoint p = point.get(10, TimeUnit.SECONDS);
    Thread.sleep(50); // let it reach the loop (a request before is just served earlier)
    p.request();
    Object r = result.get(20, TimeUnit.SECONDS);
    t.join(10_000);
    assertFalse(t.isAlive());
    return r;
  }

  @Test
  void aRequestRunsTheActionInALoopAndTheLoopGoesOn() throws Exception {
    Instance inst = Wat.instantiate(FLAG_LOOP);
    AtomicInteger calls = new AtomicInteger();
    Object r =
        runAndRequest(
            i -> {
              calls.incrementAndGet();
              assertEquals(99L, i.invoke("handler", 5)[0]);
            },
            i -> i.invoke("spin", 6)[0],
            inst);
    assertEquals(7L, r);
    assertEquals(1, calls.get());
  }

  @Test
  void anActionThatThrowsUnwindsALoopWithoutCalls() throws Exception {
    Instance inst = Wat.instantiate(FOREVER);
    Object r =
        runAndRequest(
            i -> {
              throw new Stop();
            },
            i -> i.invoke("spin"),
            inst);
    assertTrue(r instanceof Stop, String.valueOf(r));
  }

  @Test
  void anActionThatThrowsUnwindsARecursion() throws Exception {
    Instance inst = Wat.instantiate(FOREVER);
    Object r =
        runAndRequest(
            i -> {
              throw new Stop();
            },
            i -> i.invoke("fib", 60),
            inst);
    assertTrue(r instanceof Stop, String.valueOf(r));
    // The instance is usable afterwards.
    assertEquals(55L, inst.invoke("fib", 10)[0]);
  }

  @Test
  void withoutARequestTheActionNeverRuns() {
    Instance inst = Wat.instantiate(FOREVER);
    SafePoint.Action old =
        SafePoint.current()
            .action(
                i -> {
                  throw new Stop();
                });
    try {
      assertEquals(6765L, inst.invoke("fib", 20)[0]);
    } finally {
      SafePoint.current().action(old);
    }
  }
}
