/* timers: ITIMER_VIRTUAL and ITIMER_PROF run on the process's CPU time:
 * SIGVTALRM and SIGPROF arrive again and again (interval reload) while the
 * process computes without syscalls, getitimer reports the time left and the
 * interval, a disarmed timer reports zero, a VIRTUAL timer does not run while
 * the process sleeps, and PROF counts the CPU time of every thread (a worker
 * computes while the main thread sleeps and takes the signals). */
#include "wali_test.h"
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/time.h>

static volatile sig_atomic_t vtalrm, prof;
static atomic_int stop;

static void on_vtalrm(int sig) {
  (void)sig;
  vtalrm++;
}

static void on_prof(int sig) {
  (void)sig;
  prof++;
}

static double wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Computes without syscalls until *count reaches want (or a minute passes). */
static void spin_until(volatile sig_atomic_t *count, int want) {
  double end = wall() + 60;
  volatile unsigned long x = 1;
  while (*count < want) {
    for (int i = 0; i < 100000; i++) {
      x = x * 31 + 7;
    }
    CHECK(wall() < end);
  }
}

static void arm(int which, long value_us, long interval_us) {
  struct itimerval it = {{0, 0}, {0, 0}};
  it.it_value.tv_sec = value_us / 1000000;
  it.it_value.tv_usec = value_us % 1000000;
  it.it_interval.tv_sec = interval_us / 1000000;
  it.it_interval.tv_usec = interval_us % 1000000;
  CHECK_SYS(setitimer(which, &it, NULL));
}

static void *worker(void *arg) {
  (void)arg;
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGPROF);
  CHECK_EQ(pthread_sigmask(SIG_BLOCK, &s, NULL), 0);
  volatile unsigned long x = 1;
  while (!atomic_load(&stop)) {
    x = x * 31 + 7;
  }
  return NULL;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sa.sa_handler = on_vtalrm;
  CHECK_SYS(sigaction(SIGVTALRM, &sa, NULL));
  sa.sa_handler = on_prof;
  CHECK_SYS(sigaction(SIGPROF, &sa, NULL));

  struct itimerval cur;
  CHECK_SYS(getitimer(ITIMER_VIRTUAL, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
  printf("ITIMER_VIRTUAL starts disarmed\n");

  /* Armed for a long time: getitimer reports what is left and the interval. */
  arm(ITIMER_VIRTUAL, 5000000, 250000);
  CHECK_SYS(getitimer(ITIMER_VIRTUAL, &cur));
  CHECK(cur.it_value.tv_sec >= 4 && cur.it_value.tv_sec <= 5);
  CHECK_EQ(cur.it_interval.tv_sec, 0);
  CHECK_EQ(cur.it_interval.tv_usec, 250000);
  printf("getitimer reports the time left and the interval\n");
  /* Sleeping uses no user CPU time: the timer does not run down. */
  struct timespec nap = {0, 100000000};
  CHECK_SYS(nanosleep(&nap, NULL));
  CHECK_SYS(getitimer(ITIMER_VIRTUAL, &cur));
  CHECK(cur.it_value.tv_sec >= 4);
  CHECK_EQ(vtalrm, 0);
  printf("ITIMER_VIRTUAL does not run while the process sleeps\n");

  arm(ITIMER_VIRTUAL, 20000, 20000);
  spin_until(&vtalrm, 3);
  arm(ITIMER_VIRTUAL, 0, 0);
  CHECK_SYS(getitimer(ITIMER_VIRTUAL, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
  CHECK(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 0);
  printf("SIGVTALRM arrived 3 times while computing; disarmed reports zero\n");

  arm(ITIMER_PROF, 20000, 20000);
  spin_until(&prof, 3);
  arm(ITIMER_PROF, 0, 0);
  printf("SIGPROF arrived 3 times while computing\n");

  /* A one-shot timer fires once. */
  int before = vtalrm;
  arm(ITIMER_VIRTUAL, 20000, 0);
  spin_until(&vtalrm, before + 1);
  CHECK_SYS(getitimer(ITIMER_VIRTUAL, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
  printf("a one-shot ITIMER_VIRTUAL fired once and disarmed itself\n");

  /* PROF counts the worker's CPU time while this thread only sleeps. */
  prof = 0;
  pthread_t th;
  CHECK_EQ(pthread_create(&th, NULL, worker, NULL), 0);
  arm(ITIMER_PROF, 30000, 30000);
  for (int i = 0; prof < 2 && i < 6000; i++) {
    struct timespec ts = {0, 10000000};
    nanosleep(&ts, NULL);
  }
  arm(ITIMER_PROF, 0, 0);
  atomic_store(&stop, 1);
  CHECK_EQ(pthread_join(th, NULL), 0);
  CHECK(prof >= 2);
  printf("SIGPROF came from another thread's CPU time\n");
  printf("PASS\n");
  return 0;
}
