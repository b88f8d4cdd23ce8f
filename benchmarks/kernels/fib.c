/*
 * Recursive Fibonacci: call-heavy, almost no memory traffic. Measures the cost of a Wasm call
 * (frame setup, argument passing, return) and of small-integer arithmetic.
 *
 * Freestanding: no libc. run(n) returns fib(n) computed by naive double recursion.
 */

/* noinline keeps the recursion a real call at -O2 on both targets. */
__attribute__((noinline)) static int fib(int n) {
  if (n < 2) {
    return n;
  }
  return fib(n - 1) + fib(n - 2);
}

long long run(int n) {
  return (long long)fib(n);
}
