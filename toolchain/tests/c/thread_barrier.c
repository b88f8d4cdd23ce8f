/* threads: pthread_barrier_wait over several phases with 8 threads: no thread
 * enters phase k+1 before all finished phase k; exactly one serial thread. */
#include "wali_test.h"
#include <pthread.h>
#include <stdatomic.h>

enum { N = 8, PHASES = 50 };

static pthread_barrier_t barrier;
static atomic_int arrived[PHASES];
static atomic_int serial_count;
static atomic_int violations;

static void *run(void *arg) {
  (void)arg;
  for (int ph = 0; ph < PHASES; ph++) {
    atomic_fetch_add(&arrived[ph], 1);
    int r = pthread_barrier_wait(&barrier);
    if (r == PTHREAD_BARRIER_SERIAL_THREAD) {
      atomic_fetch_add(&serial_count, 1);
    } else if (r != 0) {
      atomic_fetch_add(&violations, 1000);
    }
    /* Past the barrier: everyone has arrived at this phase. */
    if (atomic_load(&arrived[ph]) != N) {
      atomic_fetch_add(&violations, 1);
    }
  }
  return NULL;
}

int main(void) {
  CHECK_EQ(pthread_barrier_init(&barrier, NULL, N), 0);
  pthread_t th[N];
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, run, NULL), 0);
  }
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
  }
  CHECK_EQ(atomic_load(&violations), 0);
  CHECK_EQ(atomic_load(&serial_count), PHASES);
  printf("%d phases, %d serial threads, no early arrivals\n", PHASES,
         atomic_load(&serial_count));
  CHECK_EQ(pthread_barrier_destroy(&barrier), 0);
  CHECK_EQ(pthread_barrier_init(&barrier, NULL, 0), EINVAL);
  printf("PASS\n");
  return 0;
}
