/* time/signals: setitimer(ITIMER_REAL) delivers SIGALRM periodically;
 * getitimer reports the remaining time; cancelling stops it. */
#include "wali_test.h"
#include <signal.h>
#include <sys/time.h>

static volatile sig_atomic_t ticks;

static void on_alarm(int sig) {
  if (sig == SIGALRM) {
    ticks++;
  }
}

int main(void) {
  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = SA_RESTART;
  CHECK_SYS(sigaction(SIGALRM, &sa, NULL));

  struct itimerval it = {{0, 20000}, {0, 20000}}; /* every 20 ms */
  CHECK_SYS(setitimer(ITIMER_REAL, &it, NULL));
  struct itimerval cur;
  CHECK_SYS(getitimer(ITIMER_REAL, &cur));
  CHECK_EQ(cur.it_interval.tv_sec, 0);
  CHECK_EQ(cur.it_interval.tv_usec, 20000);
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 20000);

  /* Wait for 5 ticks with sigsuspend (bounded by a 2 s deadline). */
  long long deadline = wt_now_ns() + 2000000000LL;
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGALRM);
  CHECK_SYS(sigprocmask(SIG_BLOCK, &block, &old));
  while (ticks < 5 && wt_now_ns() < deadline) {
    sigsuspend(&old);
  }
  CHECK_SYS(sigprocmask(SIG_SETMASK, &old, NULL));
  CHECK(ticks >= 5);
  printf("got at least 5 ticks\n");

  /* Cancel: the old value comes back, then no more ticks arrive. */
  struct itimerval off = {{0, 0}, {0, 0}}, prev;
  CHECK_SYS(setitimer(ITIMER_REAL, &off, &prev));
  CHECK_EQ(prev.it_interval.tv_usec, 20000);
  int after_cancel = ticks;
  wt_sleep_ms(60);
  CHECK_EQ(ticks, after_cancel);
  CHECK_SYS(getitimer(ITIMER_REAL, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);

  /* A one-shot timer fires exactly once. */
  ticks = 0;
  struct itimerval once = {{0, 0}, {0, 10000}};
  CHECK_SYS(setitimer(ITIMER_REAL, &once, NULL));
  wt_sleep_ms(80);
  CHECK_EQ(ticks, 1);
  printf("one-shot fired once\n");

  struct itimerval bad = {{0, 0}, {0, 2000000}};
  CHECK_ERRNO(setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
  CHECK_ERRNO(setitimer(99, &it, NULL), EINVAL);
  printf("PASS\n");
  return 0;
}
