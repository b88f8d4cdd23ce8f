/* threads under load: 1000 threads created and joined one after another
 * (each returns its own value), then 200 alive at once, all parked at one
 * barrier before any returns. */
#include "wali_test.h"
#include <pthread.h>
#include <stdatomic.h>

enum { SEQUENTIAL = 1000, AT_ONCE = 200 };

static pthread_barrier_t all_here;
static atomic_long sum;

static void *square(void *arg) {
  intptr_t i = (intptr_t)arg;
  return (void *)(i * i);
}

static void *parked(void *arg) {
  pthread_barrier_wait(&all_here);
  atomic_fetch_add(&sum, (intptr_t)arg);
  return NULL;
}

int main(void) {
  long total = 0;
  for (int i = 0; i < SEQUENTIAL; i++) {
    pthread_t t;
    void *r;
    CHECK_EQ(pthread_create(&t, NULL, square, (void *)(intptr_t)i), 0);
    CHECK_EQ(pthread_join(t, &r), 0);
    CHECK_EQ((intptr_t)r, (intptr_t)i * i);
    total += (intptr_t)r;
  }
  printf("%d threads one after another: sum of squares %ld\n", SEQUENTIAL, total);

  pthread_attr_t attr;
  CHECK_EQ(pthread_attr_init(&attr), 0);
  CHECK_EQ(pthread_attr_setstacksize(&attr, 64 * 1024), 0);
  CHECK_EQ(pthread_barrier_init(&all_here, NULL, AT_ONCE), 0);
  pthread_t th[AT_ONCE];
  for (int i = 0; i < AT_ONCE; i++) {
    CHECK_EQ(pthread_create(&th[i], &attr, parked, (void *)(intptr_t)(i + 1)), 0);
  }
  for (int i = 0; i < AT_ONCE; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
  }
  CHECK_EQ(pthread_barrier_destroy(&all_here), 0);
  CHECK_EQ(atomic_load(&sum), (long)AT_ONCE * (AT_ONCE + 1) / 2);
  printf("%d threads at once: sum %ld\n", AT_ONCE, atomic_load(&sum));
  printf("PASS\n");
  return 0;
}
