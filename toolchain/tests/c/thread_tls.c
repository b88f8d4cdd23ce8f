/* threads: _Thread_local variables (initialised per thread) and pthread keys
 * with destructors run at thread exit. */
#include "wali_test.h"
#include <pthread.h>
#include <stdatomic.h>

enum { N = 8 };

static _Thread_local int tls_counter = 42;
static _Thread_local char tls_name[16];
static pthread_key_t key;
static atomic_int destructor_runs;
static atomic_int destructor_sum;

static void destroy(void *p) {
  atomic_fetch_add(&destructor_runs, 1);
  atomic_fetch_add(&destructor_sum, *(int *)p);
  free(p);
}

static void *run(void *arg) {
  int idx = (int)(intptr_t)arg;
  if (tls_counter != 42) {
    return (void *)1; /* every thread starts from the initial value */
  }
  snprintf(tls_name, sizeof tls_name, "worker-%d", idx);
  for (int i = 0; i < 1000 * (idx + 1); i++) {
    tls_counter++;
  }
  int *v = malloc(sizeof *v);
  *v = idx + 1;
  pthread_setspecific(key, v);
  if (pthread_getspecific(key) != v) {
    return (void *)2;
  }
  wt_sleep_ms(5); /* overlap with other threads */
  char expect[16];
  snprintf(expect, sizeof expect, "worker-%d", idx);
  if (strcmp(tls_name, expect) != 0 || tls_counter != 42 + 1000 * (idx + 1)) {
    return (void *)3;
  }
  return (void *)(intptr_t)0;
}

int main(void) {
  CHECK_EQ(pthread_key_create(&key, destroy), 0);
  tls_counter = 7;
  strcpy(tls_name, "main");
  pthread_t th[N];
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, run, (void *)(intptr_t)i), 0);
  }
  for (int i = 0; i < N; i++) {
    void *r;
    CHECK_EQ(pthread_join(th[i], &r), 0);
    CHECK_EQ((intptr_t)r, 0);
  }
  /* The main thread's copies were untouched. */
  CHECK_EQ(tls_counter, 7);
  CHECK_STR(tls_name, "main");
  CHECK(pthread_getspecific(key) == NULL);
  CHECK_EQ(atomic_load(&destructor_runs), N);
  CHECK_EQ(atomic_load(&destructor_sum), N * (N + 1) / 2);
  printf("destructors: %d, sum %d\n", atomic_load(&destructor_runs),
         atomic_load(&destructor_sum));
  CHECK_EQ(pthread_key_delete(key), 0);
  printf("PASS\n");
  return 0;
}
