/* signals: sigaction installs handlers (plain and SA_SIGINFO), returns the old
 * action, blocks sa_mask during the handler, and honours SA_RESETHAND. */
#include "wali_test.h"
#include <signal.h>

static volatile sig_atomic_t usr1_count, info_signo, info_code, mask_had_usr2, last_seen;

static void on_usr1(int sig) {
  if (sig == SIGUSR1) {
    usr1_count++;
  }
  /* SIGUSR2 is in sa_mask, and the running signal is blocked too. */
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  mask_had_usr2 = sigismember(&cur, SIGUSR2) && sigismember(&cur, SIGUSR1);
}

static void on_info(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  info_signo = si ? si->si_signo : -1;
  info_code = si ? si->si_code : -1;
  last_seen = sig;
}

static void on_once(int sig) {
  last_seen = sig;
}

int main(void) {
  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));

  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGUSR2);
  CHECK_SYS(sigaction(SIGUSR1, &sa, &old));
  CHECK(old.sa_handler == SIG_DFL);

  CHECK_SYS(raise(SIGUSR1));
  CHECK_SYS(raise(SIGUSR1));
  CHECK_EQ(usr1_count, 2);
  CHECK_EQ(mask_had_usr2, 1);
  /* After the handler the mask is restored. */
  sigset_t cur;
  CHECK_SYS(sigprocmask(SIG_BLOCK, NULL, &cur));
  CHECK(!sigismember(&cur, SIGUSR2));
  printf("handler ran %d times with sa_mask applied\n", (int)usr1_count);

  /* Reading the current action back. */
  struct sigaction q;
  CHECK_SYS(sigaction(SIGUSR1, NULL, &q));
  CHECK(q.sa_handler == on_usr1);
  CHECK(sigismember(&q.sa_mask, SIGUSR2));

  /* SA_SIGINFO: siginfo for a raise() (tgkill) carries SI_TKILL. */
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_info;
  sa.sa_flags = SA_SIGINFO;
  CHECK_SYS(sigaction(SIGUSR2, &sa, NULL));
  CHECK_SYS(raise(SIGUSR2));
  CHECK_EQ(last_seen, SIGUSR2);
  CHECK_EQ(info_signo, SIGUSR2);
  CHECK_EQ(info_code, SI_TKILL);
  /* kill() to self: SI_USER. */
  CHECK_SYS(kill(getpid(), SIGUSR2));
  CHECK_EQ(info_code, SI_USER);
  printf("siginfo codes: tkill then user\n");

  /* SA_RESETHAND: the handler runs once, then the default is back. */
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_once;
  sa.sa_flags = SA_RESETHAND;
  CHECK_SYS(sigaction(SIGWINCH, &sa, NULL));
  last_seen = 0;
  CHECK_SYS(raise(SIGWINCH));
  CHECK_EQ(last_seen, SIGWINCH);
  CHECK_SYS(sigaction(SIGWINCH, NULL, &q));
  CHECK(q.sa_handler == SIG_DFL);
  CHECK_SYS(raise(SIGWINCH)); /* default for SIGWINCH: ignore */

  /* SIG_IGN discards the signal. */
  CHECK(signal(SIGUSR1, SIG_IGN) == on_usr1);
  CHECK_SYS(raise(SIGUSR1));
  CHECK_EQ(usr1_count, 2);

  /* SIGKILL and SIGSTOP cannot be caught; bad numbers are rejected. */
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_once;
  CHECK_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
  CHECK_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL);
  CHECK_ERRNO(sigaction(0, &sa, NULL), EINVAL);
  CHECK_ERRNO(sigaction(65, &sa, NULL), EINVAL);
  printf("PASS\n");
  return 0;
}
