/* threads and signals: pthread_kill, tgkill and tkill name another live
 * thread of the process (signal 0 checks it exists; a thread that has ended
 * and been joined is gone: ESRCH); a SIGUSR1 sent with pthread_kill runs its
 * handler once; raise() from a thread other than main delivers too. */
#include "wali_test.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

static atomic_int go;
static atomic_long other_tid;
static atomic_int handled;

static void on_usr1(int sig) {
  (void)sig;
  atomic_fetch_add(&handled, 1);
}

static void wait_for(atomic_int *v, int want) {
  for (int i = 0; atomic_load(v) < want && i < 2000; i++) {
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  CHECK_EQ(atomic_load(v), want);
}

static void *waiter(void *arg) {
  (void)arg;
  atomic_store(&other_tid, syscall(SYS_gettid));
  wait_for(&go, 1);
  CHECK_EQ(raise(SIGUSR1), 0);
  wait_for(&handled, 2);
  return NULL;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
  sigset_t none;
  sigemptyset(&none);
  CHECK_EQ(pthread_sigmask(SIG_SETMASK, &none, NULL), 0);

  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, waiter, NULL), 0);
  for (int i = 0; atomic_load(&other_tid) == 0 && i < 2000; i++) {
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  long tid = atomic_load(&other_tid);
  CHECK(tid > 0);
  CHECK(tid != getpid());
  CHECK_EQ(pthread_kill(th, 0), 0);
  CHECK_SYS(syscall(SYS_tgkill, getpid(), tid, 0));
  CHECK_SYS(syscall(SYS_tkill, tid, 0));
  CHECK_ERRNO(syscall(SYS_tgkill, getpid(), tid, 65), EINVAL);
  printf("another thread exists for pthread_kill, tgkill and tkill\n");

  CHECK_EQ(pthread_kill(th, SIGUSR1), 0);
  wait_for(&handled, 1);
  printf("pthread_kill(SIGUSR1): handler ran once\n");
  atomic_store(&go, 1);
  CHECK_EQ(pthread_join(th, NULL), 0);
  CHECK_EQ(atomic_load(&handled), 2);
  printf("raise in a thread: handler ran\n");

  /* musl's pthread_join returns once the thread has marked itself exited, just before its exit
     call; glibc's waits for the kernel to clear the tid. Give the thread up to a second to go. */
  for (int i = 0; i < 1000 && syscall(SYS_tgkill, getpid(), tid, 0) == 0; i++) {
    usleep(1000);
  }
  CHECK_ERRNO(syscall(SYS_tgkill, getpid(), tid, 0), ESRCH);
  CHECK_ERRNO(syscall(SYS_tkill, tid, 0), ESRCH);
  printf("a joined thread is gone: ESRCH\n");
  printf("PASS\n");
  return 0;
}
