/* signals: alarm() schedules SIGALRM; alarm(0) cancels and returns the
 * remaining seconds; a pause()-style wait ends in the handler. */
#include "wali_test.h"
#include <signal.h>

static volatile sig_atomic_t fired;

static void on_alarm(int sig) {
  fired = sig;
}

int main(void) {
  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  CHECK_SYS(sigaction(SIGALRM, &sa, NULL));

  /* A child shows the default action of SIGALRM (termination); it runs its
   * 1 s alarm while the parent runs its own, so the test takes ~1 s. */
  pid_t pid = wt_fork();
  if (pid == 0) {
    signal(SIGALRM, SIG_DFL);
    alarm(1);
    for (int i = 0; i < 300; i++) {
      wt_sleep_ms(10);
    }
    _exit(0);
  }

  CHECK_EQ(alarm(0), 0);
  CHECK_EQ(alarm(100), 0);
  unsigned left = alarm(0); /* cancel: ~100 s were left */
  CHECK(left >= 99 && left <= 100);
  printf("cancelled alarm had ~100 s left\n");

  /* A real 1 s alarm, waited for with sigsuspend. */
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGALRM);
  CHECK_SYS(sigprocmask(SIG_BLOCK, &block, &old));
  long long t0 = wt_now_ns();
  CHECK_EQ(alarm(1), 0);
  for (int i = 0; i < 10 && !fired; i++) {
    sigsuspend(&old); /* returns -1/EINTR after the handler */
  }
  CHECK_SYS(sigprocmask(SIG_SETMASK, &old, NULL));
  long long waited = wt_now_ns() - t0;
  CHECK_EQ(fired, SIGALRM);
  CHECK(waited >= 900000000LL);
  CHECK(waited < 3000000000LL);
  printf("alarm(1) fired\n");

  /* A later alarm replaces an earlier one. */
  fired = 0;
  CHECK_EQ(alarm(50), 0);
  left = alarm(60);
  CHECK(left >= 49 && left <= 50);
  CHECK(alarm(0) >= 59);
  wt_sleep_ms(20);
  CHECK_EQ(fired, 0);

  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFSIGNALED(st));
  CHECK_EQ(WTERMSIG(st), SIGALRM);
  printf("child terminated by SIGALRM\n");
  printf("PASS\n");
  return 0;
}
