package io.wali4j.jit.internal;

import io.wali4j.core.exec.Imports;
import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Jit;
import io.wali4j.core.exec.Memory;
import io.wali4j.core.exec.SafePoint;
import io.wali4j.core.exec.Store;
import io.wali4j.core.testing.GuardedBacking;
import io.wali4j.core.testing.Wat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The JVM {@link ArmedSafePointTest} starts: runs a compiled loop long enough for HotSpot's C2 to
 * compile it, then either asks the loop's thread to stop ({@code request}: the first request of
 * this JVM) or stores the flag the loop waits for from this thread ({@code store}), and prints what
 * happened. Memory is a native reservation, as in a WALI process.
 */
final class ArmedSafePointChild {

  /**
   * {@code spin} (function 1) loops until the i32 at 64 is not 0, counting its rounds; {@code
   * handler} (function 0) sets it.
   */
  static final String MODULE =
      "(module"
          + " (memory 1 1 shared)"
          + " (func (export \"handler\") (i32.store (i32.const 64) (i32.const 1)))"
          + " (func (export \"spin\") (result i32) (local $n i32)"
          + "   (loop $l"
          + "     (local.set $n (i32.add (local.get $n) (i32.const 1)))"
          + "     (br_if $l (i32.eqz (i32.load (i32.const 64)))))"
          + "   (i32.gt_u (local.get $n) (i32.const 0))))";

  private ArmedSafePointChild() {}

  public static void main(String[] args) throws Exception {
    boolean request = args[0].equals("request");
    Store store = new Store(type -> new Memory(type, new GuardedBacking(1L << 20)));
    store.jitMode(Jit.Mode.EAGER);
    Instance inst = Instance.instantiate(store, Wat.validated(MODULE), Imports.NONE);
    CompletableFuture<SafePoint> point = new CompletableFuture<>();
    CompletableFuture<Object> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              SafePoint.current().action(i -> i.invoke("handler"));
              point.complete(SafePoint.current());
              try {
                result.complete(inst.invoke("spin")[0]);
              } catch (RuntimeException e) {
                result.complete(e);
              }
            });
    t.setDaemon(true);
    t.start();
    SafePoint p = point.get(10, TimeUnit.SECONDS);
    Thread.sleep(Long.parseLong(args[1]));
    System.out.println("armed before: " + SafePoint.armed());
    System.out.println(request ? "requesting" : "storing");
    System.out.flush();
    if (request) {
      p.request();
    } else {
      inst.memory().storeI32(64, 1);
    }
    Object r = result.get(Long.parseLong(args[2]), TimeUnit.SECONDS);
    System.out.println("stopped: " + r);
    System.out.println("armed after: " + SafePoint.armed());
    System.exit(0);
  }
}
