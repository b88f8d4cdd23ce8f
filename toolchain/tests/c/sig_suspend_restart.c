/* signals: sigsuspend and pause return only after a handler ran in the
 * calling thread. A signal that runs none (the process stopped by SIGSTOP
 * and continued by SIGCONT, sent by a child) makes the kernel call them again
 * (ERESTARTNOHAND), so they sleep on until the child's SIGUSR1, whose handler
 * runs once; sigsuspend's mask is in force again for the restarted wait and
 * the original comes back when it returns. A thread in sigsuspend sleeps on
 * while the main thread, which does not block the signal either, takes one
 * sent to the process (Linux gives a process-directed signal to the main
 * thread when it can take it); a signal sent to the thread ends its wait.
 * Threads waiting for ever in pause and sigsuspend end with the process when
 * main returns. */
#include "wali_test.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>

static volatile sig_atomic_t usr1;
static _Thread_local int ran_here;
static atomic_int in_main, in_thread, thread_waiting;
static pthread_t main_thread;

static void on_usr1(int sig) {
  (void)sig;
  usr1++;
  ran_here++;
  if (pthread_equal(pthread_self(), main_thread)) {
    atomic_fetch_add(&in_main, 1);
  } else {
    atomic_fetch_add(&in_thread, 1);
  }
}

static void *suspender(void *arg) {
  (void)arg;
  sigset_t empty;
  sigemptyset(&empty);
  atomic_store(&thread_waiting, 1);
  errno = 0;
  int r = sigsuspend(&empty);
  int e = errno;
  printf("thread: sigsuspend %d %s after %d handler run(s) in this thread\n", r, wt_errname(e),
         ran_here);
  return NULL;
}

static void pause_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

/* A child that stops and continues the parent, then sends it SIGUSR1. */
static void *pause_forever(void *arg) {
  (void)arg;
  for (;;) {
    pause();
  }
  return NULL;
}

static void *suspend_forever(void *arg) {
  (void)arg;
  sigset_t empty;
  sigemptyset(&empty);
  for (;;) {
    sigsuspend(&empty);
  }
  return NULL;
}

static pid_t stop_continue_then_usr1(pid_t parent) {
  pid_t pid = wt_fork();
  if (pid == 0) {
    pause_ms(50);
    kill(parent, SIGSTOP);
    pause_ms(100);
    kill(parent, SIGCONT);
    pause_ms(100);
    kill(parent, SIGUSR1);
    _exit(0);
  }
  CHECK(pid > 0);
  return pid;
}

static void reap(pid_t pid) {
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void) {
  main_thread = pthread_self();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));

  sigset_t block, empty, now;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigemptyset(&empty);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &block, NULL));

  /* sigsuspend: the stop and the continue do not end it. */
  pid_t pid = stop_continue_then_usr1(getpid());
  errno = 0;
  int r = sigsuspend(&empty);
  int e = errno;
  printf("sigsuspend: %d %s, handler ran %d time(s)\n", r, wt_errname(e), (int)usr1);
  CHECK_SYS(sigprocmask(SIG_SETMASK, NULL, &now));
  printf("sigsuspend: SIGUSR1 blocked again: %d\n", sigismember(&now, SIGUSR1));
  reap(pid);

  /* pause: the same, with SIGUSR1 unblocked. */
  usr1 = 0;
  CHECK_SYS(sigprocmask(SIG_SETMASK, &empty, NULL));
  pid = stop_continue_then_usr1(getpid());
  errno = 0;
  r = pause();
  e = errno;
  printf("pause: %d %s, handler ran %d time(s)\n", r, wt_errname(e), (int)usr1);
  reap(pid);

  /* A thread in sigsuspend (SIGUSR1 blocked outside it) and the main thread,
   * SIGUSR1 unblocked, which sends SIGUSR1 to the process. */
  CHECK_SYS(sigprocmask(SIG_SETMASK, &block, NULL));
  atomic_store(&in_main, 0);
  pthread_t t;
  CHECK_EQ(pthread_create(&t, NULL, suspender, NULL), 0);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &empty, NULL));
  while (!atomic_load(&thread_waiting)) {
    pause_ms(1);
  }
  pause_ms(100);
  CHECK_SYS(kill(getpid(), SIGUSR1));
  pause_ms(200);
  printf("after kill: main thread handled %d, the other thread %d\n", atomic_load(&in_main),
         atomic_load(&in_thread));
  CHECK_EQ(pthread_kill(t, SIGUSR1), 0);
  CHECK_EQ(pthread_join(t, NULL), 0);
  printf("after pthread_kill: main thread handled %d, the other thread %d\n",
         atomic_load(&in_main), atomic_load(&in_thread));
  pthread_t forever[2];
  CHECK_EQ(pthread_create(&forever[0], NULL, pause_forever, NULL), 0);
  CHECK_EQ(pthread_create(&forever[1], NULL, suspend_forever, NULL), 0);
  pause_ms(100);
  printf("PASS\n");
  return 0;
}
