/* signals and threads: a signal sent to one thread (pthread_kill, tgkill)
 * is taken by that thread alone, even while every other thread leaves it
 * unblocked, whatever the target is doing (sleeping, computing without
 * syscalls, blocked in read, waiting on a condition variable); rt_sigpending
 * shows a thread's own pending signals to that thread only, next to the
 * process's; sigwait and sigtimedwait take from the thread's own set and the
 * process's, never from another thread's. */
#include "wali_test.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/syscall.h>

#define WORKERS 4

static atomic_int handled;
static atomic_long handled_tid;
static pthread_t handled_self;
static atomic_int usr2_count;
static atomic_long usr2_tid;

static atomic_int stop;
static atomic_int ready;
static atomic_long tids[WORKERS];
static int pipefd[2];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int released;

static void on_usr1(int sig) {
  (void)sig;
  handled_self = pthread_self();
  atomic_store(&handled_tid, syscall(SYS_gettid));
  atomic_fetch_add(&handled, 1);
}

static void on_usr2(int sig) {
  (void)sig;
  atomic_store(&usr2_tid, syscall(SYS_gettid));
  atomic_fetch_add(&usr2_count, 1);
}

static void pause_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

static void wait_for(atomic_int *v, int want) {
  for (int i = 0; atomic_load(v) < want && i < 10000; i++) {
    pause_ms(1);
  }
  CHECK_EQ(atomic_load(v), want);
}

static void *sleeper(void *arg) {
  (void)arg;
  atomic_store(&tids[0], syscall(SYS_gettid));
  atomic_fetch_add(&ready, 1);
  while (!atomic_load(&stop)) {
    pause_ms(1);
  }
  return NULL;
}

static void *spinner(void *arg) {
  (void)arg;
  atomic_store(&tids[1], syscall(SYS_gettid));
  atomic_fetch_add(&ready, 1);
  volatile unsigned long x = 0;
  while (!atomic_load(&stop)) {
    x = x * 31 + 7;
  }
  return NULL;
}

static void *reader(void *arg) {
  (void)arg;
  atomic_store(&tids[2], syscall(SYS_gettid));
  atomic_fetch_add(&ready, 1);
  char c;
  ssize_t n;
  do {
    n = read(pipefd[0], &c, 1);
  } while (n < 0 && errno == EINTR);
  CHECK_EQ(n, 1);
  return NULL;
}

static void *condwaiter(void *arg) {
  (void)arg;
  atomic_store(&tids[3], syscall(SYS_gettid));
  pthread_mutex_lock(&mu);
  atomic_fetch_add(&ready, 1);
  while (!released) {
    pthread_cond_wait(&cv, &mu);
  }
  pthread_mutex_unlock(&mu);
  return NULL;
}

static const char *names[WORKERS] = {"a sleeping thread", "a computing thread",
                                     "a thread blocked in read",
                                     "a thread waiting on a condition"};

static int pending_has(int sig) {
  sigset_t p;
  CHECK_SYS(sigpending(&p));
  return sigismember(&p, sig);
}

/* Blocks SIGUSR2, gets it sent to itself alone by main, and shows it pending
 * only here; then takes it with sigwait. */
static atomic_int step;
static atomic_long waiter_tid;

static void *usr2_thread(void *arg) {
  (void)arg;
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  CHECK_EQ(pthread_sigmask(SIG_BLOCK, &s, NULL), 0);
  atomic_store(&waiter_tid, syscall(SYS_gettid));
  atomic_store(&step, 1);
  wait_for(&step, 2); /* main sent SIGUSR2 to this thread */
  CHECK(pending_has(SIGUSR2));
  int sig = 0;
  CHECK_EQ(sigwait(&s, &sig), 0);
  CHECK_EQ(sig, SIGUSR2);
  CHECK(!pending_has(SIGUSR2));
  atomic_store(&step, 3);
  wait_for(&step, 4); /* main sent SIGUSR2 to the process and to itself */
  CHECK(pending_has(SIGUSR2));
  siginfo_t si;
  struct timespec zero = {0, 0};
  CHECK_EQ(sigtimedwait(&s, &si, &zero), SIGUSR2);
  CHECK_EQ(si.si_signo, SIGUSR2);
  CHECK_EQ(si.si_code, SI_USER);
  /* The process's one is taken; main's own stays with main. */
  CHECK(!pending_has(SIGUSR2));
  CHECK_ERRNO(sigtimedwait(&s, &si, &zero), EAGAIN);
  atomic_store(&step, 5);
  wait_for(&step, 6);
  /* Unblocking here runs the handler for this thread's own SIGUSR2. */
  CHECK(pending_has(SIGUSR2));
  atomic_store(&usr2_count, 0);
  CHECK_EQ(pthread_sigmask(SIG_UNBLOCK, &s, NULL), 0);
  CHECK_EQ(atomic_load(&usr2_count), 1);
  CHECK_EQ(atomic_load(&usr2_tid), syscall(SYS_gettid));
  atomic_store(&step, 7);
  return NULL;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
  sa.sa_handler = on_usr2;
  CHECK_SYS(sigaction(SIGUSR2, &sa, NULL));
  sigset_t none;
  sigemptyset(&none);
  CHECK_EQ(pthread_sigmask(SIG_SETMASK, &none, NULL), 0);
  CHECK_SYS(pipe(pipefd));

  pthread_t th[WORKERS];
  void *(*bodies[WORKERS])(void *) = {sleeper, spinner, reader, condwaiter};
  for (int i = 0; i < WORKERS; i++) {
    CHECK_EQ(pthread_create(&th[i], NULL, bodies[i], NULL), 0);
  }
  wait_for(&ready, WORKERS);
  pause_ms(20); /* let the reader and the condition waiter block */

  for (int i = 0; i < WORKERS; i++) {
    CHECK_EQ(pthread_kill(th[i], SIGUSR1), 0);
    wait_for(&handled, i + 1);
    CHECK_EQ(atomic_load(&handled_tid), atomic_load(&tids[i]));
    CHECK(pthread_equal(handled_self, th[i]));
    printf("SIGUSR1 sent to %s ran its handler there\n", names[i]);
  }
  /* tgkill from the main thread to itself, with every worker unblocked. */
  CHECK_SYS(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1));
  CHECK_EQ(atomic_load(&handled), WORKERS + 1);
  CHECK_EQ(atomic_load(&handled_tid), getpid());
  printf("tgkill to the calling thread ran its handler there\n");

  /* Per-thread pending sets. */
  sigset_t usr2;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  CHECK_EQ(pthread_sigmask(SIG_BLOCK, &usr2, NULL), 0);
  pthread_t w;
  CHECK_EQ(pthread_create(&w, NULL, usr2_thread, NULL), 0);
  wait_for(&step, 1);
  /* The other workers leave SIGUSR2 unblocked; the handler must not run anywhere. */
  CHECK_EQ(pthread_kill(w, SIGUSR2), 0);
  CHECK(!pending_has(SIGUSR2));
  printf("a signal for a thread that blocks it is pending there only\n");
  atomic_store(&step, 2);
  wait_for(&step, 3);
  printf("sigwait took it in that thread\n");

  /* Everyone else blocks SIGUSR2 now, so the process-directed one stays pending. */
  atomic_store(&stop, 1);
  CHECK_SYS(write(pipefd[1], "x", 1));
  pthread_mutex_lock(&mu);
  released = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  for (int i = 0; i < WORKERS; i++) {
    CHECK_EQ(pthread_join(th[i], NULL), 0);
  }
  CHECK_SYS(kill(getpid(), SIGUSR2));
  CHECK_SYS(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2));
  CHECK(pending_has(SIGUSR2));
  atomic_store(&step, 4);
  wait_for(&step, 5);
  /* The thread took the process's SIGUSR2; main's own is still pending here. */
  CHECK(pending_has(SIGUSR2));
  printf("sigtimedwait took the process's signal, not another thread's\n");
  CHECK_EQ(pthread_kill(w, SIGUSR2), 0);
  atomic_store(&step, 6);
  wait_for(&step, 7);
  CHECK_EQ(pthread_join(w, NULL), 0);
  printf("unblocking ran the handler in the target thread\n");

  atomic_store(&usr2_count, 0);
  CHECK_EQ(pthread_sigmask(SIG_UNBLOCK, &usr2, NULL), 0);
  CHECK_EQ(atomic_load(&usr2_count), 1);
  CHECK_EQ(atomic_load(&usr2_tid), getpid());
  CHECK(!pending_has(SIGUSR2));
  printf("the main thread's own signal came when it unblocked\n");
  printf("PASS\n");
  return 0;
}
