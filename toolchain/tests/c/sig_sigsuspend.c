/* signals: sigsuspend atomically unblocks and waits; a forked child signals
 * the parent several times in a handshake; EINTR from a blocking read. */
#include "wali_test.h"
#include <signal.h>
#include <sys/time.h>

static volatile sig_atomic_t usr1, usr2, alrm;

static void on_sig(int sig) {
  if (sig == SIGUSR1) {
    usr1++;
  } else if (sig == SIGUSR2) {
    usr2++;
  } else if (sig == SIGALRM) {
    alrm++;
  }
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
  CHECK_SYS(sigaction(SIGUSR2, &sa, NULL));
  CHECK_SYS(sigaction(SIGALRM, &sa, NULL)); /* no SA_RESTART */

  sigset_t block, waitmask;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigaddset(&block, SIGUSR2);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &block, NULL));
  sigemptyset(&waitmask);

  pid_t parent = getpid();
  pid_t pid = wt_fork();
  if (pid == 0) {
    /* Child: USR1 three times, waiting for the parent's USR2 ack each time. */
    for (int i = 0; i < 3; i++) {
      kill(parent, SIGUSR1);
      int target = i + 1;
      for (int k = 0; k < 200 && usr2 < target; k++) {
        struct timespec ts = {0, 10000000};
        sigset_t m;
        sigemptyset(&m);
        sigprocmask(SIG_SETMASK, &m, NULL);
        nanosleep(&ts, NULL);
        sigprocmask(SIG_SETMASK, &block, NULL);
      }
      if (usr2 < target) {
        _exit(2);
      }
    }
    _exit(0);
  }
  for (int i = 0; i < 3; i++) {
    int target = i + 1;
    for (int k = 0; k < 50 && usr1 < target; k++) {
      int r = sigsuspend(&waitmask);
      CHECK_EQ(r, -1);
      CHECK_EQ(errno, EINTR);
    }
    CHECK_EQ(usr1, target);
    /* The original mask is back after sigsuspend returns. */
    sigset_t cur;
    CHECK_SYS(sigprocmask(SIG_BLOCK, NULL, &cur));
    CHECK(sigismember(&cur, SIGUSR1));
    CHECK_SYS(kill(pid, SIGUSR2));
  }
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("handshake rounds: %d\n", (int)usr1);

  /* A blocking read interrupted by a handled signal fails with EINTR. */
  int p[2];
  CHECK_SYS(pipe(p));
  CHECK_SYS(sigprocmask(SIG_SETMASK, &waitmask, NULL));
  struct itimerval it = {{0, 0}, {0, 50000}};
  CHECK_SYS(setitimer(ITIMER_REAL, &it, NULL));
  char c;
  CHECK_ERRNO(read(p[0], &c, 1), EINTR);
  CHECK_EQ(alrm, 1);
  printf("read interrupted: EINTR\n");
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));
  printf("PASS\n");
  return 0;
}
