/* setjmp/longjmp: 8 threads each jump within their own stacks at the same
 * time; jump buffers are per thread and never cross threads. */
#include "wali_test.h"
#include <pthread.h>
#include <setjmp.h>

enum { N = 8, ROUNDS = 200 };

static _Thread_local jmp_buf tls_env;

static int leaf(int depth, int target) {
  if (depth == target) {
    longjmp(tls_env, depth + 1);
  }
  if (depth > 1000) {
    return -1; /* never: target is at most 8 */
  }
  return leaf(depth + 1, target) + 1;
}

static void *run(void *arg) {
  int idx = (int)(intptr_t)arg;
  long total = 0;
  for (int r = 0; r < ROUNDS; r++) {
    volatile int target = (idx + r) % 8;
    int v = setjmp(tls_env);
    if (v == 0) {
      leaf(0, target);
      return (void *)-1L; /* leaf always jumps */
    }
    if (v != target + 1) {
      return (void *)-2L;
    }
    total += v;
  }
  return (void *)total;
}

int main(void) {
  pthread_t th[N];
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, run, (void *)(intptr_t)i), 0);
  }
  long grand = 0;
  for (int i = 0; i < N; i++) {
    void *r;
    CHECK_EQ(pthread_join(th[i], &r), 0);
    CHECK((long)r > 0);
    grand += (long)r;
  }
  /* Each thread sees every target 0..7 equally often: 25 times each. */
  CHECK_EQ(grand, (long)N * (ROUNDS / 8) * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8));
  printf("total of jump values: %ld\n", grand);
  printf("PASS\n");
  return 0;
}
