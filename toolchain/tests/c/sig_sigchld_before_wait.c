/* a child's SIGCHLD is queued before its parent's wait can reap it: with
 * SIGCHLD blocked, it is pending as soon as waitpid returns, every time, for
 * children that exit and children killed by a signal, with the child's pid. */
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
  printf("PASS\n");
  return 0;
}
