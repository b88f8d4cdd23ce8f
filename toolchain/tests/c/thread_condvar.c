/* threads: a bounded producer/consumer queue with two condition variables,
 * 4 producers and 4 consumers; pthread_cond_timedwait times out. */
#include "wali_test.h"
#include <pthread.h>

enum { PRODUCERS = 4, CONSUMERS = 4, PER_PRODUCER = 2000, CAP = 16 };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int queue[CAP], head, count, producers_left = PRODUCERS;
static long long consumed_sum;
static int consumed_n;

static void *producer(void *arg) {
  int base = (int)(intptr_t)arg * PER_PRODUCER;
  for (int i = 0; i < PER_PRODUCER; i++) {
    pthread_mutex_lock(&mu);
    while (count == CAP) {
      pthread_cond_wait(&not_full, &mu);
    }
    queue[(head + count) % CAP] = base + i + 1;
    count++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&mu);
  }
  pthread_mutex_lock(&mu);
  producers_left--;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&mu);
  return NULL;
}

static void *consumer(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&mu);
    while (count == 0 && producers_left > 0) {
      pthread_cond_wait(&not_empty, &mu);
    }
    if (count == 0) {
      pthread_mutex_unlock(&mu);
      return NULL;
    }
    int v = queue[head];
    head = (head + 1) % CAP;
    count--;
    consumed_sum += v;
    consumed_n++;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&mu);
  }
}

int main(void) {
  pthread_t p[PRODUCERS], c[CONSUMERS];
  for (int i = 0; i < CONSUMERS; i++) {
    CHECK_EQ(pthread_create(&c[i], NULL, consumer, NULL), 0);
  }
  for (int i = 0; i < PRODUCERS; i++) {
    CHECK_EQ(pthread_create(&p[i], NULL, producer, (void *)(intptr_t)i), 0);
  }
  for (int i = 0; i < PRODUCERS; i++) {
    CHECK_EQ(pthread_join(p[i], NULL), 0);
  }
  for (int i = 0; i < CONSUMERS; i++) {
    CHECK_EQ(pthread_join(c[i], NULL), 0);
  }
  long long n = (long long)PRODUCERS * PER_PRODUCER;
  CHECK_EQ(consumed_n, n);
  CHECK_EQ(consumed_sum, n * (n + 1) / 2);
  printf("consumed %d items, sum %lld\n", consumed_n, consumed_sum);

  /* timedwait with nobody signalling returns ETIMEDOUT after the deadline. */
  struct timespec deadline;
  CHECK_SYS(clock_gettime(CLOCK_REALTIME, &deadline));
  deadline.tv_nsec += 50000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000L;
  }
  long long t0 = wt_now_ns();
  pthread_mutex_lock(&mu);
  int r = 0;
  for (int i = 0; i < 100 && r != ETIMEDOUT; i++) {
    r = pthread_cond_timedwait(&not_empty, &mu, &deadline);
  }
  pthread_mutex_unlock(&mu);
  CHECK_EQ(r, ETIMEDOUT);
  CHECK(wt_now_ns() - t0 >= 40000000LL);
  printf("timedwait: ETIMEDOUT\n");
  printf("PASS\n");
  return 0;
}
