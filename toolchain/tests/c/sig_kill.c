/* signals: kill to self, to a child, to a process group; kill(pid, 0) probes;
 * ESRCH for a reaped child; default actions observed through waitpid. */
#include "wali_test.h"
#include <signal.h>
#include <sys/resource.h>

static volatile sig_atomic_t got;

static void on_term(int sig) {
  got = sig;
}

int main(void) {
  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_term;
  CHECK_SYS(sigaction(SIGTERM, &sa, NULL));
  CHECK_SYS(kill(getpid(), SIGTERM));
  CHECK_EQ(got, SIGTERM);
  CHECK_SYS(kill(getpid(), 0));
  printf("self: SIGTERM handled\n");

  /* Default actions, observed from the parent. */
  const int sigs[] = {SIGTERM, SIGKILL, SIGINT, SIGUSR1, SIGABRT};
  for (int i = 0; i < 5; i++) {
    int p[2];
    CHECK_SYS(pipe(p));
    pid_t pid = wt_fork();
    if (pid == 0) {
      struct rlimit nocore = {0, 0}; /* SIGABRT must not write a core file */
      setrlimit(RLIMIT_CORE, &nocore);
      signal(sigs[i], SIG_DFL);
      sigprocmask(SIG_SETMASK, &none, NULL);
      close(p[0]);
      char c = 'r';
      wt_write_all(p[1], &c, 1);
      for (int k = 0; k < 200; k++) {
        wt_sleep_ms(10); /* bounded wait for the signal */
      }
      _exit(0);
    }
    CHECK_SYS(close(p[1]));
    char c;
    CHECK_EQ(read(p[0], &c, 1), 1); /* child is ready */
    CHECK_SYS(close(p[0]));
    CHECK_SYS(kill(pid, sigs[i]));
    int st;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    CHECK(WIFSIGNALED(st));
    CHECK_EQ(WTERMSIG(st), sigs[i]);
    printf("child killed by signal %d\n", WTERMSIG(st));
    /* Reaped: the pid no longer exists for us. */
    CHECK_ERRNO(kill(pid, 0), ESRCH);
  }

  /* Killing a process group the child leads. The disposition is reset before
   * fork so the child cannot be signalled while still ignoring SIGHUP. */
  signal(SIGHUP, SIG_DFL);
  pid_t pid = wt_fork();
  if (pid == 0) {
    setpgid(0, 0);
    for (int k = 0; k < 200; k++) {
      wt_sleep_ms(10);
    }
    _exit(0);
  }
  CHECK(setpgid(pid, pid) == 0 || errno == EACCES); /* race with the child's own call */
  CHECK_SYS(kill(-pid, SIGHUP));
  int st;
  CHECK_EQ(waitpid(pid, &st, 0), pid);
  CHECK(WIFSIGNALED(st));
  CHECK_EQ(WTERMSIG(st), SIGHUP);
  printf("group kill: SIGHUP\n");

  CHECK_ERRNO(kill(getpid(), 1000), EINVAL);
  printf("PASS\n");
  return 0;
}
