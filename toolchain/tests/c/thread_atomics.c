/* threads: C11 atomics under contention from 8 threads: fetch_add, CAS loops,
 * exchange-based spinlock, and acquire/release message passing. */
#include "wali_test.h"
#include <pthread.h>
#include <stdatomic.h>

enum { N = 8, ITERS = 20000 };

static atomic_long add_counter;
static atomic_long cas_counter;
static atomic_llong wide;
static atomic_int spin;
static long spin_protected;
static atomic_int max_seen;

static void *hammer(void *arg) {
  int idx = (int)(intptr_t)arg;
  for (int i = 0; i < ITERS; i++) {
    atomic_fetch_add_explicit(&add_counter, 1, memory_order_relaxed);
    long old = atomic_load(&cas_counter);
    while (!atomic_compare_exchange_weak(&cas_counter, &old, old + 2)) {
    }
    atomic_fetch_add(&wide, 0x100000001LL); /* exercises 64-bit atomics */
  }
  for (int i = 0; i < ITERS / 10; i++) {
    while (atomic_exchange_explicit(&spin, 1, memory_order_acquire) != 0) {
      sched_yield();
    }
    spin_protected++;
    atomic_store_explicit(&spin, 0, memory_order_release);
  }
  int cur = atomic_load(&max_seen);
  while (cur < idx && !atomic_compare_exchange_weak(&max_seen, &cur, idx)) {
  }
  return NULL;
}

static int payload;
static atomic_int ready;

static void *publisher(void *arg) {
  (void)arg;
  payload = 12345;
  atomic_store_explicit(&ready, 1, memory_order_release);
  return NULL;
}

int main(void) {
  pthread_t th[N];
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, hammer, (void *)(intptr_t)i), 0);
  }
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
  }
  CHECK_EQ(atomic_load(&add_counter), (long)N * ITERS);
  CHECK_EQ(atomic_load(&cas_counter), 2L * N * ITERS);
  CHECK_EQ(atomic_load(&wide), (long long)N * ITERS * 0x100000001LL);
  CHECK_EQ(spin_protected, (long)N * (ITERS / 10));
  CHECK_EQ(atomic_load(&max_seen), N - 1);
  printf("fetch_add %ld cas %ld wide %lld spin %ld\n", atomic_load(&add_counter),
         atomic_load(&cas_counter), atomic_load(&wide), spin_protected);

  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, publisher, NULL), 0);
  long spins = 0;
  while (!atomic_load_explicit(&ready, memory_order_acquire) && spins < 2000000000L) {
    spins++;
  }
  CHECK_EQ(payload, 12345);
  CHECK_EQ(pthread_join(t, NULL), 0);

  /* Single-threaded semantics of the other operations. */
  atomic_int x = 10;
  CHECK_EQ(atomic_fetch_sub(&x, 3), 10);
  CHECK_EQ(atomic_fetch_or(&x, 0x10), 7);
  CHECK_EQ(atomic_fetch_and(&x, 0x13), 0x17);
  CHECK_EQ(atomic_fetch_xor(&x, 0x1), 0x13);
  CHECK_EQ(atomic_exchange(&x, 99), 0x12);
  int expected = 98;
  CHECK(!atomic_compare_exchange_strong(&x, &expected, 1));
  CHECK_EQ(expected, 99);
  CHECK(atomic_compare_exchange_strong(&x, &expected, 1));
  CHECK_EQ(atomic_load(&x), 1);
  printf("PASS\n");
  return 0;
}
