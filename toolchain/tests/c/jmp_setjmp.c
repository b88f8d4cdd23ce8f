/* setjmp/longjmp: return values (0 becomes 1), volatile locals survive, jumps
 * out of deep recursion, and nested jump buffers. */
#include "wali_test.h"
#include <setjmp.h>

static jmp_buf env;
static int depth_reached;

static void dive(int depth) {
  if (depth > 100000) {
    return; /* never: the jump happens at 500 (keeps the recursion finite) */
  }
  volatile unsigned char pad[64]; /* real stack frames, not a loop */
  pad[depth % 64] = (unsigned char)depth;
  if (depth == 500) {
    depth_reached = depth;
    longjmp(env, depth);
  }
  dive(depth + 1);
  pad[0]++; /* not reached */
}

static jmp_buf outer, inner;

static void use_inner(void) {
  longjmp(inner, 2);
}

int main(void) {
  volatile int calls = 0;
  int r = setjmp(env);
  calls++;
  if (r == 0) {
    longjmp(env, 0); /* 0 is delivered as 1 */
  }
  CHECK_EQ(r, 1);
  CHECK_EQ(calls, 2);
  printf("longjmp(0) -> %d after %d returns\n", r, calls);

  volatile int values[4] = {0};
  for (int i = 0; i < 4; i++) {
    int v = setjmp(env);
    if (v == 0) {
      longjmp(env, 100 + i);
    }
    values[i] = v;
  }
  printf("values: %d %d %d %d\n", values[0], values[1], values[2], values[3]);
  CHECK_EQ(values[3], 103);

  r = setjmp(env);
  if (r == 0) {
    dive(0);
    WT_FAIL("dive returned");
  }
  CHECK_EQ(r, 500);
  CHECK_EQ(depth_reached, 500);
  printf("escaped recursion at depth %d\n", r);

  volatile int trail = 0;
  if (setjmp(outer) == 0) {
    trail = trail * 10 + 1;
    if (setjmp(inner) == 0) {
      trail = trail * 10 + 2;
      use_inner();
    } else {
      trail = trail * 10 + 3;
      longjmp(outer, 9);
    }
  } else {
    trail = trail * 10 + 4;
  }
  printf("nested trail: %d\n", trail);
  CHECK_EQ(trail, 1234);

  /* _setjmp/_longjmp are the signal-mask-free variants on both libcs. */
  volatile int n = 0;
  if (_setjmp(env) < 3) {
    n++;
    _longjmp(env, n);
  }
  CHECK_EQ(n, 3);
  printf("PASS\n");
  return 0;
}
