/* threads: pthread_once runs its initialiser exactly once across 8 threads;
 * a rwlock admits concurrent readers and exclusive writers; spinlock. */
#include "wali_test.h"
#include <pthread.h>
#include <stdatomic.h>

enum { N = 8 };

static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int init_calls;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static atomic_int readers_inside, max_readers, writer_conflicts;
static long shared_value;
static pthread_spinlock_t spin;
static long spin_counter;

static void init_once(void) {
  atomic_fetch_add(&init_calls, 1);
}

static void *worker(void *arg) {
  int idx = (int)(intptr_t)arg;
  pthread_once(&once, init_once);
  for (int i = 0; i < 2000; i++) {
    if ((i + idx) % 10 == 0) {
      pthread_rwlock_wrlock(&rw);
      if (atomic_load(&readers_inside) != 0) {
        atomic_fetch_add(&writer_conflicts, 1);
      }
      shared_value++;
      pthread_rwlock_unlock(&rw);
    } else {
      pthread_rwlock_rdlock(&rw);
      int inside = atomic_fetch_add(&readers_inside, 1) + 1;
      int m = atomic_load(&max_readers);
      while (inside > m && !atomic_compare_exchange_weak(&max_readers, &m, inside)) {
      }
      atomic_fetch_sub(&readers_inside, 1);
      pthread_rwlock_unlock(&rw);
    }
    pthread_spin_lock(&spin);
    spin_counter++;
    pthread_spin_unlock(&spin);
  }
  return NULL;
}

int main(void) {
  CHECK_EQ(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE), 0);
  pthread_t th[N];
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i), 0);
  }
  for (int i = 0; i < N; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
  }
  CHECK_EQ(atomic_load(&init_calls), 1);
  CHECK_EQ(atomic_load(&writer_conflicts), 0);
  CHECK_EQ(shared_value, N * 200);
  CHECK_EQ(spin_counter, N * 2000);
  printf("once: %d call, writes %ld, spin %ld\n", atomic_load(&init_calls), shared_value,
         spin_counter);

  /* Lock state rules, single-threaded. */
  CHECK_EQ(pthread_rwlock_rdlock(&rw), 0);
  CHECK_EQ(pthread_rwlock_tryrdlock(&rw), 0); /* readers share */
  CHECK_EQ(pthread_rwlock_trywrlock(&rw), EBUSY);
  CHECK_EQ(pthread_rwlock_unlock(&rw), 0);
  CHECK_EQ(pthread_rwlock_unlock(&rw), 0);
  CHECK_EQ(pthread_rwlock_wrlock(&rw), 0);
  CHECK_EQ(pthread_rwlock_tryrdlock(&rw), EBUSY);
  CHECK_EQ(pthread_rwlock_unlock(&rw), 0);
  CHECK_EQ(pthread_spin_trylock(&spin), 0);
  CHECK_EQ(pthread_spin_trylock(&spin), EBUSY);
  CHECK_EQ(pthread_spin_unlock(&spin), 0);
  CHECK_EQ(pthread_spin_destroy(&spin), 0);
  printf("PASS\n");
  return 0;
}
