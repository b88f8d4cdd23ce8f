/* signals: sigprocmask blocks delivery, sigpending shows what waits, standard
 * signals coalesce, and unblocking delivers before sigprocmask returns. */
#include "wali_test.h"
#include <signal.h>

static volatile sig_atomic_t hits[65];
static volatile sig_atomic_t order[8], norder;

static void on_sig(int sig) {
  hits[sig]++;
  if (norder < 8) {
    order[norder++] = sig;
  }
}

int main(void) {
  sigset_t none, block, old, pend;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
  CHECK_SYS(sigaction(SIGUSR2, &sa, NULL));
  CHECK_SYS(sigaction(SIGRTMIN, &sa, NULL));

  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigaddset(&block, SIGUSR2);
  sigaddset(&block, SIGRTMIN);
  CHECK_SYS(sigprocmask(SIG_BLOCK, &block, &old));
  CHECK(!sigismember(&old, SIGUSR1));

  CHECK_SYS(sigpending(&pend));
  CHECK(!sigismember(&pend, SIGUSR1));
  CHECK_SYS(raise(SIGUSR1));
  CHECK_SYS(raise(SIGUSR1)); /* standard signals do not queue */
  CHECK_SYS(raise(SIGRTMIN));
  CHECK_SYS(raise(SIGRTMIN)); /* real-time signals do */
  CHECK_EQ(hits[SIGUSR1], 0);
  CHECK_SYS(sigpending(&pend));
  CHECK(sigismember(&pend, SIGUSR1));
  CHECK(!sigismember(&pend, SIGUSR2));
  CHECK(sigismember(&pend, SIGRTMIN));
  printf("pending: USR1=%d USR2=%d RTMIN=%d\n", sigismember(&pend, SIGUSR1),
         sigismember(&pend, SIGUSR2), sigismember(&pend, SIGRTMIN));

  /* SIG_UNBLOCK of USR1 only: it is delivered once, RTMIN stays pending. */
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, SIGUSR1);
  CHECK_SYS(sigprocmask(SIG_UNBLOCK, &one, NULL));
  CHECK_EQ(hits[SIGUSR1], 1);
  CHECK_EQ(hits[SIGRTMIN], 0);
  CHECK_SYS(sigpending(&pend));
  CHECK(!sigismember(&pend, SIGUSR1));

  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  CHECK_EQ(hits[SIGRTMIN], 2);
  printf("delivered: USR1=%d RTMIN=%d\n", (int)hits[SIGUSR1], (int)hits[SIGRTMIN]);

  /* SIGKILL/SIGSTOP cannot be blocked: silently left out of the mask. */
  sigset_t all, got;
  sigfillset(&all);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &all, NULL));
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, &got));
  CHECK(!sigismember(&got, SIGKILL));
  CHECK(!sigismember(&got, SIGSTOP));
  CHECK(sigismember(&got, SIGTERM));

  CHECK_ERRNO(sigprocmask(12345, &block, NULL), EINVAL);
  /* sigset helpers. */
  CHECK_EQ(sigismember(&none, SIGINT), 0);
  CHECK_SYS(sigaddset(&none, SIGINT));
  CHECK_EQ(sigismember(&none, SIGINT), 1);
  CHECK_SYS(sigdelset(&none, SIGINT));
  CHECK_EQ(sigismember(&none, SIGINT), 0);
  CHECK_ERRNO(sigaddset(&none, 0), EINVAL);
  printf("PASS\n");
  return 0;
}
