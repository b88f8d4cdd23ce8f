#include <stdio.h>
int main(int argc, char **argv) {
  printf("Hello from C, argc=%d argv[1]=%s\n", argc, argc > 1 ? argv[1] : "-");
  return 3;
}
