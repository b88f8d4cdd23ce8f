/* threads: the futex operations beyond WAIT/WAKE: WAIT_BITSET/WAKE_BITSET
 * wake only matching waiters; absolute timeouts on CLOCK_MONOTONIC and
 * CLOCK_REALTIME; REQUEUE and CMP_REQUEUE move waiters to another word (and
 * CMP_REQUEUE checks the value first); WAKE_OP updates a second word and wakes
 * its waiters when the old value compares true; a shared wake does not wake a
 * private waiter; argument errors. */
#include "wali_test.h"
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>

/* From the kernel's uapi linux/futex.h (not part of a libc sysroot). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY 0xffffffff
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP(op, oparg, cmp, cmparg) \
  ((((op)&0xf) << 28) | (((cmp)&0xf) << 24) | (((oparg)&0xfff) << 12) | ((cmparg)&0xfff))

static long futex(atomic_int *addr, int op, int val, const struct timespec *ts,
                  atomic_int *addr2, int val3) {
  return syscall(SYS_futex, (int *)addr, op, val, ts, (int *)addr2, val3);
}

/* REQUEUE and WAKE_OP pass a count where the timeout pointer goes. */
static long futex2(atomic_int *addr, int op, int val, long val2, atomic_int *addr2, int val3) {
  return syscall(SYS_futex, (int *)addr, op, val, val2, (int *)addr2, val3);
}

static struct timespec deadline(clockid_t clock, long ms) {
  struct timespec ts;
  CHECK_SYS(clock_gettime(clock, &ts));
  ts.tv_nsec += (ms % 1000) * 1000000L;
  ts.tv_sec += ms / 1000 + ts.tv_nsec / 1000000000L;
  ts.tv_nsec %= 1000000000L;
  return ts;
}

/* ---- waiters: each waits once on a word and records how the wait ended ---- */

struct waiter {
  pthread_t thread;
  atomic_int *word;
  int bitset;
  long result; /* 0, or -errno */
  atomic_int done;
};

static void *wait_once(void *arg) {
  struct waiter *w = arg;
  struct timespec ts = deadline(CLOCK_MONOTONIC, 5000);
  long r = futex(w->word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, &ts, NULL, w->bitset);
  w->result = r == 0 ? 0 : -errno;
  atomic_store(&w->done, 1);
  return NULL;
}

static void start_waiter(struct waiter *w, atomic_int *word, int bitset) {
  w->word = word;
  w->bitset = bitset;
  w->result = 1;
  atomic_store(&w->done, 0);
  CHECK_EQ(pthread_create(&w->thread, NULL, wait_once, w), 0);
}

static void join_woken(struct waiter *w) {
  CHECK_EQ(pthread_join(w->thread, NULL), 0);
  CHECK_EQ(w->result, 0);
}

/* Moves n waiters from `from` to `to` with CMP_REQUEUE (wake none), retrying
 * until all n have arrived on `from`: afterwards they are known to wait. */
static void gather(atomic_int *from, atomic_int *to, int n) {
  int moved = 0;
  for (int i = 0; i < 5000 && moved < n; i++) {
    long r = futex2(from, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG, 0, n - moved, to,
                    atomic_load(from));
    CHECK(r >= 0);
    moved += (int)r;
    if (moved < n) {
      wt_sleep_ms(1);
    }
  }
  CHECK_EQ(moved, n);
}

static atomic_int staging, word_a, word_b, word_c, word_d, word_x, word_y;

static void bitsets(void) {
  struct waiter w1, w2;
  start_waiter(&w1, &staging, 1);
  start_waiter(&w2, &staging, 2);
  gather(&staging, &word_a, 2);
  /* The waiters are private: a shared wake on the same word is another futex. */
  CHECK_EQ(futex(&word_a, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
  CHECK_EQ(futex(&word_a, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 2), 0);
  /* A wake for bit 2 passes the bit-1 waiter by. */
  CHECK_EQ(futex(&word_a, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, NULL, 2), 1);
  join_woken(&w2);
  CHECK_EQ(atomic_load(&w1.done), 0);
  CHECK_EQ(futex(&word_a, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, NULL, 4), 0);
  CHECK_EQ(futex(&word_a, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, NULL, NULL, 3), 1);
  join_woken(&w1);
  /* A bitset of 0 matches nothing and is refused. */
  CHECK_ERRNO(futex(&word_a, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0), EINVAL);
  CHECK_ERRNO(futex(&word_a, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0), EINVAL);
  printf("bitsets ok\n");
}

static void timeouts(void) {
  atomic_int word = 3;
  long long t0 = wt_now_ns();
  struct timespec ts = deadline(CLOCK_MONOTONIC, 30);
  CHECK_ERRNO(futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 3, &ts, NULL,
                    FUTEX_BITSET_MATCH_ANY),
              ETIMEDOUT);
  CHECK(wt_now_ns() - t0 >= 25000000LL);
  t0 = wt_now_ns();
  ts = deadline(CLOCK_REALTIME, 30);
  CHECK_ERRNO(futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME, 3, &ts,
                    NULL, FUTEX_BITSET_MATCH_ANY),
              ETIMEDOUT);
  CHECK(wt_now_ns() - t0 >= 25000000LL);
  /* A deadline in the past times out at once; a changed value still wins. */
  struct timespec past = {1, 0};
  CHECK_ERRNO(futex(&word, FUTEX_WAIT_BITSET, 3, &past, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
  CHECK_ERRNO(futex(&word, FUTEX_WAIT_BITSET, 4, &past, NULL, FUTEX_BITSET_MATCH_ANY), EAGAIN);
  /* FUTEX_WAIT's timeout is relative: the realtime flag is refused there. */
  struct timespec rel = {0, 20000000};
  CHECK_ERRNO(futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 3, &rel, NULL, 0), ENOSYS);
  /* Bad arguments. */
  struct timespec bad = {0, 1000000000L};
  CHECK_ERRNO(futex(&word, FUTEX_WAIT, 3, &bad, NULL, 0), EINVAL);
  struct timespec negative = {-1, 0};
  CHECK_ERRNO(futex(&word, FUTEX_WAIT, 3, &negative, NULL, 0), EINVAL);
  CHECK_ERRNO(futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS);
  CHECK_ERRNO(futex((atomic_int *)((char *)&word + 1), FUTEX_WAKE, 1, NULL, NULL, 0), EINVAL);
  printf("timeouts ok\n");
}

static void requeues(void) {
  enum { N = 4 };
  struct waiter w[N];
  for (int i = 0; i < N; i++) {
    start_waiter(&w[i], &staging, FUTEX_BITSET_MATCH_ANY);
  }
  gather(&staging, &word_b, N);
  /* All four wait on b now, none on the staging word. */
  CHECK_EQ(futex(&staging, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0);
  /* CMP_REQUEUE checks the value first. */
  CHECK_ERRNO(futex2(&word_b, FUTEX_CMP_REQUEUE_PRIVATE, 1, INT_MAX, &word_c, 99), EAGAIN);
  CHECK_ERRNO(futex2(&word_b, FUTEX_CMP_REQUEUE_PRIVATE, 1, -1, &word_c, 0), EINVAL);
  /* Wake one and move two: the count is of both. */
  CHECK_EQ(futex2(&word_b, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2, &word_c, 0), 3);
  int woken = -1;
  for (int i = 0; i < 2000 && woken < 0; i++) {
    for (int j = 0; j < N; j++) {
      if (atomic_load(&w[j].done)) {
        woken = j;
      }
    }
    if (woken < 0) {
      wt_sleep_ms(1);
    }
  }
  CHECK(woken >= 0);
  join_woken(&w[woken]);
  /* Plain REQUEUE moves the last one from b to d and wakes nobody. */
  CHECK_EQ(futex2(&word_b, FUTEX_REQUEUE_PRIVATE, 0, INT_MAX, &word_d, 0), 1);
  CHECK_EQ(futex(&word_b, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0);
  /* A wake count of 0 still wakes one waiter, as Linux does. */
  CHECK_EQ(futex(&word_c, FUTEX_WAKE_PRIVATE, 0, NULL, NULL, 0), 1);
  CHECK_EQ(futex(&word_c, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 1);
  CHECK_EQ(futex(&word_d, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 1);
  for (int i = 0; i < N; i++) {
    if (i != woken) {
      join_woken(&w[i]);
    }
  }
  printf("requeue ok\n");
}

static void wake_op(void) {
  struct waiter wx, wy;
  start_waiter(&wx, &staging, FUTEX_BITSET_MATCH_ANY);
  gather(&staging, &word_x, 1);
  start_waiter(&wy, &staging, FUTEX_BITSET_MATCH_ANY);
  gather(&staging, &word_y, 1);
  /* y += 5; wake one on x; y was 0, so wake one on y too. */
  CHECK_EQ(futex2(&word_x, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, &word_y,
                  FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_EQ, 0)),
           2);
  CHECK_EQ(atomic_load(&word_y), 5);
  join_woken(&wx);
  join_woken(&wy);
  /* y = 7 when y > 9: false, so only x's (absent) waiters are woken. */
  CHECK_EQ(futex2(&word_x, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, &word_y,
                  FUTEX_OP(FUTEX_OP_SET, 7, FUTEX_OP_CMP_GT, 9)),
           0);
  CHECK_EQ(atomic_load(&word_y), 7);
  /* y |= 1 << 4. */
  CHECK_EQ(futex2(&word_x, FUTEX_WAKE_OP, 1, 1, &word_y,
                  FUTEX_OP(FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_EQ, 0)),
           0);
  CHECK_EQ(atomic_load(&word_y), 23);
  printf("wake_op ok: y=%d\n", atomic_load(&word_y));
}

int main(void) {
  bitsets();
  timeouts();
  requeues();
  wake_op();
  printf("PASS\n");
  return 0;
}
