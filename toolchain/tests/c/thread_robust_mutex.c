/* threads: a process-shared robust mutex whose owner ends without unlocking it.
 * The owner leaves with a raw exit syscall, so the kernel's walk of its robust
 * list (set_robust_list; musl registers one for process-shared robust mutexes)
 * marks the lock, not the C library's pthread_exit: the next lock returns
 * EOWNERDEAD, and pthread_mutex_consistent makes it usable again. A second
 * owner dies while the main thread already waits for the lock. */
#include "wali_test.h"
#include <pthread.h>
#include <sys/syscall.h>

static pthread_mutex_t m;
static int ready[2];

static const char *result(int r) { return r == EOWNERDEAD ? "EOWNERDEAD" : wt_errname(r); }

static void *owner(void *arg) {
  CHECK_EQ(pthread_mutex_lock(&m), 0);
  wt_write_all(ready[1], "x", 1);
  if (arg != NULL) {
    usleep(50 * 1000); /* the main thread is waiting for the lock by now */
  }
  syscall(SYS_exit, 0);
  return NULL;
}

static void die_holding(void *arg) {
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, owner, arg), 0);
  CHECK_EQ(pthread_detach(t), 0);
  char c;
  CHECK_EQ(read(ready[0], &c, 1), 1);
}

int main(void) {
  pthread_mutexattr_t a;
  CHECK_EQ(pthread_mutexattr_init(&a), 0);
  CHECK_EQ(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST), 0);
  CHECK_EQ(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
  CHECK_EQ(pthread_mutex_init(&m, &a), 0);
  CHECK_SYS(pipe(ready));

  die_holding(NULL);
  int r = pthread_mutex_lock(&m);
  printf("lock after the owner died: %s\n", result(r));
  CHECK_EQ(pthread_mutex_consistent(&m), 0);
  CHECK_EQ(pthread_mutex_unlock(&m), 0);
  printf("lock once consistent: %s\n", result(pthread_mutex_lock(&m)));
  CHECK_EQ(pthread_mutex_unlock(&m), 0);

  die_holding(&m);
  printf("waiting lock, owner dies: %s\n", result(pthread_mutex_lock(&m)));
  CHECK_EQ(pthread_mutex_consistent(&m), 0);
  CHECK_EQ(pthread_mutex_unlock(&m), 0);
  printf("PASS\n");
  return 0;
}
