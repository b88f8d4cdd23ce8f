/* threads under load: 64 threads block in FUTEX_WAIT on one word; FUTEX_WAKE
 * with a count of 1 wakes exactly one at a time until all 64 are out; then 64
 * wait again and FUTEX_WAKE(INT_MAX) wakes them all. The value never changes,
 * so only a wake can end a wait (a waiter that arrives after a wake is caught
 * by the next one); wakes return how many they woke and the sums must be 64. */
#include "wali_test.h"
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>

/* From the kernel's uapi linux/futex.h (not part of a libc sysroot). */
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)

enum { N = 64 };

static atomic_int word;
static atomic_int arrived;
static atomic_int woken;

static void *waiter(void *arg) {
  (void)arg;
  atomic_fetch_add(&arrived, 1);
  long r;
  do {
    r = syscall(SYS_futex, (int *)&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  } while (r != 0 && errno == EINTR);
  CHECK_EQ(r, 0);
  atomic_fetch_add(&woken, 1);
  return NULL;
}

static void pause_briefly(void) {
  struct timespec ts = {0, 1000000};
  nanosleep(&ts, NULL);
}

/* Wakes with count until N waiters are out; each wake wakes at most count. */
static void wake_all(int count) {
  int total = 0;
  for (int tries = 0; total < N && tries < 20000; tries++) {
    long r = syscall(SYS_futex, (int *)&word, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
    CHECK(r >= 0 && r <= count);
    total += (int)r;
    if (r == 0) {
      pause_briefly();
    }
  }
  CHECK_EQ(total, N);
}

static void round_of(int count, const char *how) {
  pthread_t th[N];
  atomic_store(&arrived, 0);
  atomic_store(&woken, 0);
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, waiter, NULL), 0);
  }
  for (int tries = 0; atomic_load(&arrived) < N && tries < 20000; tries++) {
    pause_briefly();
  }
  CHECK_EQ(atomic_load(&arrived), N);
  wake_all(count);
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
  }
  CHECK_EQ(atomic_load(&woken), N);
  printf("%d waiters on one futex woken %s\n", N, how);
}

int main(void) {
  round_of(1, "one by one");
  round_of(INT_MAX, "by wake-all");
  printf("PASS\n");
  return 0;
}
