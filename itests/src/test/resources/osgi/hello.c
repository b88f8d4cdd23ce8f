/* wali:run's smoke test: greets on stdout, reports its arguments, exits with 3. */
#include <stdio.h>

int main(int argc, char **argv) {
  printf("hello from a WALI process: argc=%d argv[1]=%s\n", argc, argc > 1 ? argv[1] : "(none)");
  return 3;
}
