/*
 * Allocates 1 MiB blocks, touching each and chaining them in a list, until malloc returns NULL;
 * walks the list and prints how many it got. Under a memory limit the program must see NULL (and go
 * on running), not crash. The list keeps the compiler from removing the allocations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (1 << 20)

int main(void) {
  void **head = NULL;
  long n = 0;
  while (n < 100000) {
    void **p = malloc(BLOCK);
    if (p == NULL) break;
    memset(p, 0x5a, BLOCK);
    *p = head;
    head = p;
    n++;
  }
  long walked = 0;
  for (void **p = head; p != NULL; p = *p) walked++;
  printf("%ld blocks\n", walked);
  return walked == n ? 0 : 1;
}
