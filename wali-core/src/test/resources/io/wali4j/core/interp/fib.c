/* Native baseline for FibBenchmark: gcc -O2 -o /tmp/fib fib.c && /tmp/fib 20 (from this directory)
 * Prints thread CPU time per fib(30) call, like FibBenchmark, so load from other processes on a
 * shared machine does not count. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

__attribute__((noinline)) int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 20;
  volatile int n = 30;
  int r = 0;
  for (int i = 0; i < 3; i++) r += fib(n);
  double t0 = cpu_ms();
  for (int i = 0; i < reps; i++) r += fib(n);
  printf("fib(30)=%d native %.3f ms cpu/call\n", fib(n), (cpu_ms() - t0) / reps);
  return r == 0;
}
