/* A program with one hot function: `step` is called n times (argv[1], default 100000), far past
 * the calls after which the tiered engine compiles a module. Prints n and the final value. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static unsigned step(unsigned x, unsigned i) {
  return (x * 1103515245u + 12345u) ^ i;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000;
  unsigned x = 1;
  for (long i = 0; i < n; i++) {
    x = step(x, (unsigned)i);
  }
  printf("hot: n=%ld x=%u\n", n, x);
  return 0;
}
