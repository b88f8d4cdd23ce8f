/* threads: pthread_create/join with arguments and return values for 8 threads,
 * detached threads, and thread identity (pthread_self, gettid). */
#include "wali_test.h"
#include <pthread.h>
#include <stdatomic.h>

enum { N = 8 };

struct job {
  int index;
  long long sum;
  pid_t tid;
};

static atomic_int detached_done;

static void *work(void *arg) {
  struct job *j = arg;
  for (int i = 1; i <= 1000 * (j->index + 1); i++) {
    j->sum += i;
  }
  j->tid = gettid();
  return (void *)(intptr_t)(j->index * 2);
}

static void *detached(void *arg) {
  (void)arg;
  atomic_fetch_add(&detached_done, 1);
  return NULL;
}

static void *self_check(void *arg) {
  pthread_t *out = arg;
  *out = pthread_self();
  return NULL;
}

int main(void) {
  pthread_t th[N];
  struct job jobs[N];
  for (int i = 0; i < N; i++) {
    jobs[i].index = i;
    jobs[i].sum = 0;
    CHECK_EQ(pthread_create(&th[i], NULL, work, &jobs[i]), 0);
  }
  for (int i = 0; i < N; i++) {
    void *ret = NULL;
    CHECK_EQ(pthread_join(th[i], &ret), 0);
    CHECK_EQ((intptr_t)ret, i * 2);
    long long n = 1000LL * (i + 1);
    CHECK_EQ(jobs[i].sum, n * (n + 1) / 2);
    printf("thread %d: sum %lld\n", i, jobs[i].sum);
  }
  /* Each thread had its own kernel thread id, distinct from the main one. */
  for (int i = 0; i < N; i++) {
    CHECK(jobs[i].tid != getpid());
    for (int k = i + 1; k < N; k++) {
      CHECK(jobs[i].tid != jobs[k].tid);
    }
  }
  CHECK_EQ(gettid(), getpid());

  pthread_t seen;
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, self_check, &seen), 0);
  CHECK_EQ(pthread_join(t, NULL), 0);
  CHECK(pthread_equal(seen, t));
  CHECK(!pthread_equal(seen, pthread_self()));

  /* Detached threads cannot be joined; wait for them through a counter. */
  pthread_attr_t attr;
  CHECK_EQ(pthread_attr_init(&attr), 0);
  CHECK_EQ(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED), 0);
  CHECK_EQ(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
  for (int i = 0; i < 4; i++) {
    CHECK_EQ(pthread_create(&t, &attr, detached, NULL), 0);
  }
  CHECK_EQ(pthread_attr_destroy(&attr), 0);
  for (int i = 0; i < 400 && atomic_load(&detached_done) < 4; i++) {
    wt_sleep_ms(5);
  }
  CHECK_EQ(atomic_load(&detached_done), 4);
  printf("detached threads finished: %d\n", atomic_load(&detached_done));

  /* Many short-lived threads in sequence. */
  for (int i = 0; i < 64; i++) {
    CHECK_EQ(pthread_create(&t, NULL, detached, NULL), 0);
    CHECK_EQ(pthread_join(t, NULL), 0);
  }
  CHECK_EQ(atomic_load(&detached_done), 68);
  printf("PASS\n");
  return 0;
}
