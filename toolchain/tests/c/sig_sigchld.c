/* signals: SIGCHLD arrives when a child exits; SA_NOCLDSTOP; an ignored
 * SIGCHLD makes children reap themselves (wait fails with ECHILD). */
#include "wali_test.h"
#include <signal.h>

static volatile sig_atomic_t chld;

static void on_chld(int sig) {
  if (sig == SIGCHLD) {
    chld++;
  }
}

int main(void) {
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGCHLD);
  CHECK_SYS(sigprocmask(SIG_BLOCK, &block, &old));
  sigdelset(&old, SIGCHLD);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_chld;
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  CHECK_SYS(sigaction(SIGCHLD, &sa, NULL));

  pid_t pid = wt_fork();
  if (pid == 0) {
    _exit(3);
  }
  for (int i = 0; i < 50 && chld == 0; i++) {
    sigsuspend(&old);
  }
  CHECK_EQ(chld, 1);
  CHECK_EQ(wt_wait_exit(pid), 3);
  printf("SIGCHLD for exit status 3\n");

  /* With SA_NOCLDSTOP, stopping a child sends no SIGCHLD; killing it does. */
  CHECK_SYS(sigprocmask(SIG_SETMASK, &old, NULL));
  chld = 0;
  pid = wt_fork();
  if (pid == 0) {
    for (int i = 0; i < 300; i++) {
      wt_sleep_ms(10);
    }
    _exit(0);
  }
  CHECK_SYS(kill(pid, SIGSTOP));
  int st;
  CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
  CHECK(WIFSTOPPED(st));
  CHECK_EQ(WSTOPSIG(st), SIGSTOP);
  wt_sleep_ms(20);
  CHECK_EQ(chld, 0);
  CHECK_SYS(kill(pid, SIGCONT));
  CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid);
  CHECK(WIFCONTINUED(st));
  CHECK_SYS(kill(pid, SIGKILL));
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFSIGNALED(st));
  for (int i = 0; i < 100 && chld == 0; i++) {
    wt_sleep_ms(5);
  }
  CHECK_EQ(chld, 1);
  printf("stopped, continued, killed\n");

  /* SIG_IGN for SIGCHLD: no zombies, wait reports ECHILD. */
  CHECK(signal(SIGCHLD, SIG_IGN) != SIG_ERR);
  pid = wt_fork();
  if (pid == 0) {
    _exit(0);
  }
  errno = 0;
  pid_t r = waitpid(pid, &st, 0);
  CHECK_EQ(r, -1);
  CHECK_EQ(errno, ECHILD);
  printf("ignored SIGCHLD: ECHILD\n");
  printf("PASS\n");
  return 0;
}
