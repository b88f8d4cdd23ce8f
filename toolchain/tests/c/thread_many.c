/* threads: 64 threads alive at once, each with its own thread-local value and
 * stack, all waiting at one barrier; then 100 threads created and joined one
 * after another (ids and resources of ended threads are reused or released). */
#include "wali_test.h"
#include <pthread.h>
#include <stdatomic.h>

enum { WIDE = 64, SEQUENTIAL = 100 };

static _Thread_local int mine;
static pthread_barrier_t all_here;
static atomic_int sum;

static void *wide(void *arg) {
  int id = (int)(intptr_t)arg;
  volatile char frame[1024]; /* a real stack frame per thread */
  frame[id] = (char)id;
  mine = id;
  pthread_barrier_wait(&all_here);
  CHECK_EQ(mine, id);
  CHECK_EQ(frame[id], (char)id);
  atomic_fetch_add(&sum, id);
  return (void *)(intptr_t)(id * 2);
}

static void *sequential(void *arg) {
  mine += (int)(intptr_t)arg;
  return (void *)(intptr_t)mine;
}

int main(void) {
  pthread_t th[WIDE];
  CHECK_EQ(pthread_barrier_init(&all_here, NULL, WIDE), 0);
  for (int i = 0; i < WIDE; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, wide, (void *)(intptr_t)i), 0);
  }
  long doubled = 0;
  for (int i = 0; i < WIDE; i++) {
    void *r;
    CHECK_EQ(pthread_join(th[i], &r), 0);
    doubled += (intptr_t)r;
  }
  CHECK_EQ(atomic_load(&sum), WIDE * (WIDE - 1) / 2);
  CHECK_EQ(doubled, (long)WIDE * (WIDE - 1));
  CHECK_EQ(pthread_barrier_destroy(&all_here), 0);
  printf("%d threads at once: sum %d\n", WIDE, atomic_load(&sum));

  for (int i = 0; i < SEQUENTIAL; i++) {
    pthread_t t;
    void *r;
    CHECK_EQ(pthread_create(&t, NULL, sequential, (void *)(intptr_t)(i + 1)), 0);
    CHECK_EQ(pthread_join(t, &r), 0);
    CHECK_EQ((intptr_t)r, i + 1); /* a new thread's TLS starts from the image */
  }
  CHECK_EQ(mine, 0);
  printf("%d threads one after another\n", SEQUENTIAL);
  printf("PASS\n");
  return 0;
}
