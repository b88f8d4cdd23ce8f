/* threads: the futex syscall directly: FUTEX_WAIT returns EAGAIN on a value
 * mismatch and ETIMEDOUT after its timeout; FUTEX_WAKE wakes waiters; a
 * futex-based lock shared by 8 threads. */
#include "wali_test.h"
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>

/* From the kernel's uapi linux/futex.h (not part of a libc sysroot). */
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)

static long futex(atomic_int *addr, int op, int val, const struct timespec *ts) {
  return syscall(SYS_futex, (int *)addr, op, val, ts, NULL, 0);
}

/* A minimal three-state futex mutex (0 free, 1 locked, 2 contended). */
static void lock(atomic_int *m) {
  int c = 0;
  if (atomic_compare_exchange_strong(m, &c, 1)) {
    return;
  }
  if (c != 2) {
    c = atomic_exchange(m, 2);
  }
  while (c != 0) {
    futex(m, FUTEX_WAIT_PRIVATE, 2, NULL);
    c = atomic_exchange(m, 2);
  }
}

static void unlock(atomic_int *m) {
  if (atomic_fetch_sub(m, 1) != 1) {
    atomic_store(m, 0);
    futex(m, FUTEX_WAKE_PRIVATE, 1, NULL);
  }
}

enum { N = 8, ITERS = 5000 };
static atomic_int mtx;
static long protected_counter;
static atomic_int gate;
static atomic_int woken;

static void *locker(void *arg) {
  (void)arg;
  for (int i = 0; i < ITERS; i++) {
    lock(&mtx);
    protected_counter++;
    unlock(&mtx);
  }
  return NULL;
}

static void *gate_waiter(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000 && atomic_load(&gate) == 0; i++) {
    struct timespec ts = {0, 10000000};
    futex(&gate, FUTEX_WAIT_PRIVATE, 0, &ts);
  }
  if (atomic_load(&gate) == 1) {
    atomic_fetch_add(&woken, 1);
  }
  return NULL;
}

int main(void) {
  atomic_int word = 5;
  /* Value mismatch: EAGAIN without sleeping. */
  CHECK_ERRNO(futex(&word, FUTEX_WAIT_PRIVATE, 4, NULL), EAGAIN);
  /* Timeout. */
  struct timespec ts = {0, 30000000};
  long long t0 = wt_now_ns();
  CHECK_ERRNO(futex(&word, FUTEX_WAIT_PRIVATE, 5, &ts), ETIMEDOUT);
  CHECK(wt_now_ns() - t0 >= 25000000LL);
  /* Waking with no waiters wakes nobody. */
  CHECK_EQ(futex(&word, FUTEX_WAKE_PRIVATE, 10, NULL), 0);
  printf("wait/wake basics ok\n");

  pthread_t th[N];
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, locker, NULL), 0);
  }
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
  }
  CHECK_EQ(protected_counter, (long)N * ITERS);
  printf("futex lock counter: %ld\n", protected_counter);

  for (int i = 0; i < 4; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, gate_waiter, NULL), 0);
  }
  wt_sleep_ms(20);
  atomic_store(&gate, 1);
  futex(&gate, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL);
  for (int i = 0; i < 4; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
  }
  CHECK_EQ(atomic_load(&woken), 4);
  printf("gate opened for %d waiters\n", atomic_load(&woken));
  CHECK_ERRNO(futex(&word, 0x7f, 0, NULL), ENOSYS);
  printf("PASS\n");
  return 0;
}
