/* threads: set_tid_address returns the caller's tid; when the thread exits,
 * the kernel stores 0 at the registered word and wakes a futex waiter on it
 * (what joining threads is built on), but only a shared waiter: a private one
 * on the same word is another futex. gettid differs between threads. */
#include "wali_test.h"
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>

#define FUTEX_WAIT 0
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_CMP_REQUEUE_PRIVATE (4 | 128)

static atomic_int tid_word;
static atomic_int registered;
static atomic_int go;
static atomic_int staging;
static long waiter_result = 1;
static int waiter_op = FUTEX_WAIT;
static struct timespec waiter_timeout = {5, 0};

static long futex(atomic_int *addr, int op, int val, const struct timespec *ts) {
  return syscall(SYS_futex, (int *)addr, op, val, ts, NULL, 0);
}

/* Registers tid_word, then exits when told to. */
static void *registrant(void *arg) {
  (void)arg;
  pid_t tid = gettid();
  CHECK(tid != getpid());
  atomic_store(&tid_word, tid);
  CHECK_EQ(syscall(SYS_set_tid_address, (int *)&tid_word), tid);
  atomic_store(&registered, 1);
  while (!atomic_load(&go)) {
    struct timespec ts = {0, 10000000};
    futex(&go, FUTEX_WAIT_PRIVATE, 0, &ts);
  }
  return NULL;
}

/* Waits (via the staging word, requeued onto tid_word) for the exit wake. That
 * wake is a shared futex wake: a private waiter would not see it. */
static void *exit_waiter(void *arg) {
  (void)arg;
  long r = futex(&staging, waiter_op, 0, &waiter_timeout);
  waiter_result = r == 0 ? 0 : -errno;
  return NULL;
}

/* One registrant exits with one waiter requeued onto its tid word; returns
 * how the waiter's wait ended (0 woken, else -errno). */
static long exit_with_waiter(int waiter_private) {
  atomic_store(&registered, 0);
  atomic_store(&go, 0);
  waiter_result = 1;
  waiter_op = waiter_private ? FUTEX_WAIT_PRIVATE : FUTEX_WAIT;
  waiter_timeout.tv_sec = waiter_private ? 0 : 5;
  waiter_timeout.tv_nsec = waiter_private ? 200000000L : 0;
  pthread_attr_t detached;
  CHECK_EQ(pthread_attr_init(&detached), 0);
  CHECK_EQ(pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED), 0);
  pthread_t r, w;
  CHECK_EQ(pthread_create(&r, &detached, registrant, NULL), 0);
  CHECK_EQ(pthread_attr_destroy(&detached), 0);
  for (int i = 0; i < 2000 && !atomic_load(&registered); i++) {
    wt_sleep_ms(1);
  }
  CHECK(atomic_load(&registered));
  CHECK(atomic_load(&tid_word) > 0);

  /* Move the waiter onto tid_word once it waits, so the exit wake must reach it. */
  CHECK_EQ(pthread_create(&w, NULL, exit_waiter, NULL), 0);
  long moved = 0;
  for (int i = 0; i < 2000 && moved == 0; i++) {
    moved = syscall(SYS_futex, (int *)&staging, waiter_op == FUTEX_WAIT ? FUTEX_CMP_REQUEUE
                                                                        : FUTEX_CMP_REQUEUE_PRIVATE,
                    0, INT_MAX, (int *)&tid_word, 0);
    CHECK(moved >= 0);
    if (moved == 0) {
      wt_sleep_ms(1);
    }
  }
  CHECK_EQ(moved, 1);

  atomic_store(&go, 1);
  futex(&go, FUTEX_WAKE_PRIVATE, 1, NULL);
  CHECK_EQ(pthread_join(w, NULL), 0);
  /* Cleared either way. */
  for (int i = 0; i < 2000 && atomic_load(&tid_word) != 0; i++) {
    wt_sleep_ms(1);
  }
  CHECK_EQ(atomic_load(&tid_word), 0);
  return waiter_result;
}

int main(void) {
  CHECK_EQ(exit_with_waiter(0), 0);
  printf("the exit cleared the word and woke its shared waiter\n");
  CHECK_EQ(exit_with_waiter(1), -ETIMEDOUT);
  printf("a private waiter on the word is not woken\n");
  printf("PASS\n");
  return 0;
}
