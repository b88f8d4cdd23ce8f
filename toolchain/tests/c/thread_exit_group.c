/* threads: exit(2) ends one thread, exit_group the process: the main thread
 * leaves with pthread_exit and the others go on (one joins it); the last one
 * ends the process with exit(), which also ends a thread blocked for ever in a
 * futex wait. A run that hangs or ends early fails. */
#include "wali_test.h"
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>

#define FUTEX_WAIT_PRIVATE (0 | 128)

static pthread_t main_thread;
static atomic_int never;
static atomic_int sleeper_waiting;

static void *sleeper(void *arg) {
  (void)arg;
  atomic_store(&sleeper_waiting, 1);
  for (;;) {
    syscall(SYS_futex, (int *)&never, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  }
  return NULL;
}

static void *survivor(void *arg) {
  (void)arg;
  CHECK_EQ(pthread_join(main_thread, NULL), 0);
  printf("the main thread has exited; the process goes on\n");
  pthread_t s;
  CHECK_EQ(pthread_create(&s, NULL, sleeper, NULL), 0);
  for (int i = 0; i < 2000 && !atomic_load(&sleeper_waiting); i++) {
    wt_sleep_ms(1);
  }
  CHECK(atomic_load(&sleeper_waiting));
  wt_sleep_ms(10);
  printf("PASS\n");
  exit(0);
}

int main(void) {
  main_thread = pthread_self();
  printf("the main thread leaves with pthread_exit\n");
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, survivor, NULL), 0);
  pthread_exit(NULL);
}
