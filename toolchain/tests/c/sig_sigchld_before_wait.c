/* a child's SIGCHLD is queued before its parent's wait can reap it: with
 * SIGCHLD blocked, it is pending as soon as waitpid returns, every time, for
 * children that exit and children killed by a signal, with the child's pid;
 * unblocked and ignored, it is dropped when sent, never left pending. */
#include "wali_test.h"
#include <signal.h>

int main(void) {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  CHECK_SYS(sigprocmask(SIG_BLOCK, &chld, NULL));
  struct timespec none = {0, 0};
  int missing = 0;
  for (int i = 0; i < 40; i++) {
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
      if (i % 2) {
        raise(SIGKILL);
      }
      _exit(i);
    }
    int st;
    CHECK_EQ(waitpid(child, &st, 0), child);
    sigset_t pend;
    CHECK_SYS(sigpending(&pend));
    if (!sigismember(&pend, SIGCHLD)) {
      missing++;
      continue;
    }
    siginfo_t si;
    CHECK_EQ(sigtimedwait(&chld, &si, &none), SIGCHLD);
    CHECK_EQ(si.si_pid, child);
    CHECK_EQ(si.si_code, i % 2 ? CLD_KILLED : CLD_EXITED);
  }
  printf("SIGCHLD pending after every wait: %s\n", missing == 0 ? "yes" : "no");
  CHECK_EQ(missing, 0);

  /* Not blocked and ignored (SIGCHLD's default), it is dropped when sent:
   * blocking it after the wait finds nothing pending. */
  CHECK_SYS(sigprocmask(SIG_UNBLOCK, &chld, NULL));
  int stale = 0;
  for (int i = 0; i < 20; i++) {
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
      _exit(0);
    }
    int st;
    CHECK_EQ(waitpid(child, &st, 0), child);
    CHECK_SYS(sigprocmask(SIG_BLOCK, &chld, NULL));
    sigset_t pend;
    CHECK_SYS(sigpending(&pend));
    if (sigismember(&pend, SIGCHLD)) {
      stale++;
      CHECK_EQ(sigtimedwait(&chld, NULL, &none), SIGCHLD);
    }
    CHECK_SYS(sigprocmask(SIG_UNBLOCK, &chld, NULL));
  }
  printf("an ignored SIGCHLD left pending: %s\n", stale ? "yes" : "no");
  printf("PASS\n");
  return 0;
}
