/* threads: a mutex protects a plain counter across 8 threads; trylock; a
 * recursive mutex; an error-checking mutex. */
#include "wali_test.h"
#include <pthread.h>

enum { N = 8, ITERS = 5000 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long per_thread[N];

static void *bump(void *arg) {
  int idx = (int)(intptr_t)arg;
  for (int i = 0; i < ITERS; i++) {
    CHECK_EQ(pthread_mutex_lock(&lock), 0);
    long v = counter;
    if ((i & 255) == 0) {
      sched_yield(); /* widen the window a race would need */
    }
    counter = v + 1;
    per_thread[idx]++;
    CHECK_EQ(pthread_mutex_unlock(&lock), 0);
  }
  return NULL;
}

int main(void) {
  pthread_t th[N];
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, bump, (void *)(intptr_t)i), 0);
  }
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
  }
  CHECK_EQ(counter, (long)N * ITERS);
  for (int i = 0; i < N; i++) {
    CHECK_EQ(per_thread[i], ITERS);
  }
  printf("counter: %ld\n", counter);

  /* trylock on a held mutex reports EBUSY. */
  CHECK_EQ(pthread_mutex_lock(&lock), 0);
  CHECK_EQ(pthread_mutex_trylock(&lock), EBUSY);
  CHECK_EQ(pthread_mutex_unlock(&lock), 0);
  CHECK_EQ(pthread_mutex_trylock(&lock), 0);
  CHECK_EQ(pthread_mutex_unlock(&lock), 0);

  pthread_mutexattr_t ma;
  pthread_mutex_t rec, chk;
  CHECK_EQ(pthread_mutexattr_init(&ma), 0);
  CHECK_EQ(pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE), 0);
  CHECK_EQ(pthread_mutex_init(&rec, &ma), 0);
  for (int i = 0; i < 5; i++) {
    CHECK_EQ(pthread_mutex_lock(&rec), 0);
  }
  for (int i = 0; i < 5; i++) {
    CHECK_EQ(pthread_mutex_unlock(&rec), 0);
  }
  CHECK_EQ(pthread_mutex_destroy(&rec), 0);

  CHECK_EQ(pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK), 0);
  CHECK_EQ(pthread_mutex_init(&chk, &ma), 0);
  CHECK_EQ(pthread_mutex_lock(&chk), 0);
  CHECK_EQ(pthread_mutex_lock(&chk), EDEADLK);
  CHECK_EQ(pthread_mutex_unlock(&chk), 0);
  CHECK_EQ(pthread_mutex_unlock(&chk), EPERM);
  CHECK_EQ(pthread_mutex_destroy(&chk), 0);
  CHECK_EQ(pthread_mutexattr_destroy(&ma), 0);
  printf("mutex kinds ok\n");
  printf("PASS\n");
  return 0;
}
