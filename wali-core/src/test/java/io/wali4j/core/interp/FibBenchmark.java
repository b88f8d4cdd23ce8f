package io.wali4j.core.interp;

import io.wali4j.core.exec.Instance;
import io.wali4j.core.exec.Wat;

/**
 * Times a recursive fib(30) in Wasm on the interpreter, for comparison with the same function built
 * natively (gcc -O2). Run: {@code java -XX:-DontCompileHugeMethods -cp
 * wali-core/target/classes:wali-core/target/test-classes io.wali4j.core.interp.FibBenchmark
 * [reps]}.
 */
public final class FibBenchmark {

  static final String FIB =
      "(module (func $fib (export \"fib\") (param i32) (result i32)"
          + " (if (result i32) (i32.lt_s (local.get 0) (i32.const 2)) (then (local.get 0))"
          + " (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))"
          + " (call $fib (i32.sub (local.get 0) (i32.const 2))))))))";

  private FibBenchmark() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Instance inst = Wat.instantiate(FIB);
    for (int i = 0; i < 5; i++) {
      inst.invoke("fib", 30);
    }
    long t0 = System.nanoTime();
    long r = 0;
    for (int i = 0; i < reps; i++) {
      r += inst.invoke("fib", 30)[0];
    }
    double ms = (System.nanoTime() - t0) / 1e6 / reps;
    System.out.printf("fib(30)=%d interpreter %.3f ms/call%n", r / reps, ms);
  }
}
