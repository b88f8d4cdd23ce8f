package io.wali4j.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void fib() {
    Instance i =
        Wat.instantiate(
            "(module (func $fib (export \"fib\") (param i32) (result i32)"
                + " (if (result i32) (i32.lt_s (local.get 0) (i32.const 2)) (then (local.get 0))"
                + " (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))"
                + " (call $fib (i32.sub (local.get 0) (i32.const 2))))))))");
    assertEquals(6765, i.invoke("fib", 20)[0]);
  }
}
