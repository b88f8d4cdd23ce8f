/* pipes/signals: writing to a pipe or socket without a reader raises SIGPIPE
 * (fatal by default, observed from the parent) or fails with EPIPE when the
 * signal is ignored or handled. */
#include "wali_test.h"
#include <signal.h>
#include <sys/socket.h>

static volatile sig_atomic_t pipe_hits;

static void on_sigpipe(int sig) {
  if (sig == SIGPIPE) {
    pipe_hits++;
  }
}

int main(void) {
  /* Default disposition: the child is killed by SIGPIPE. The read end is
   * closed before fork so no reader exists anywhere. */
  int p[2];
  CHECK_SYS(pipe(p));
  CHECK_SYS(close(p[0]));
  pid_t pid = wt_fork();
  if (pid == 0) {
    signal(SIGPIPE, SIG_DFL); /* do not inherit an ignored SIGPIPE */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    ssize_t r = write(p[1], "x", 1);
    (void)r;
    _exit(42); /* not reached */
  }
  CHECK_SYS(close(p[1]));
  int status;
  CHECK_EQ(waitpid(pid, &status, 0), pid);
  CHECK(WIFSIGNALED(status));
  CHECK_EQ(WTERMSIG(status), SIGPIPE);
  printf("default: killed by SIGPIPE\n");

  /* Ignored: write fails with EPIPE. */
  CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
  CHECK_SYS(pipe(p));
  CHECK_SYS(close(p[0]));
  CHECK_ERRNO(write(p[1], "x", 1), EPIPE);
  CHECK_SYS(close(p[1]));

  int sv[2];
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_SYS(close(sv[1]));
  CHECK_ERRNO(write(sv[0], "x", 1), EPIPE);
  CHECK_ERRNO(send(sv[0], "x", 1, 0), EPIPE);
  CHECK_SYS(close(sv[0]));
  printf("ignored: EPIPE\n");

  /* Handled: the handler runs once per failed write, which fails with EPIPE. */
  sigset_t none;
  sigemptyset(&none);
  CHECK_SYS(sigprocmask(SIG_SETMASK, &none, NULL));
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigpipe;
  CHECK_SYS(sigaction(SIGPIPE, &sa, NULL));
  CHECK_SYS(pipe(p));
  CHECK_SYS(close(p[0]));
  CHECK_ERRNO(write(p[1], "x", 1), EPIPE);
  CHECK_ERRNO(write(p[1], "y", 1), EPIPE);
  CHECK_SYS(close(p[1]));
  CHECK_EQ(pipe_hits, 2);

  /* MSG_NOSIGNAL suppresses the signal on sockets. */
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_SYS(close(sv[1]));
  CHECK_ERRNO(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
  CHECK_EQ(pipe_hits, 2);
  CHECK_SYS(close(sv[0]));
  printf("handled: %d signals\n", (int)pipe_hits);
  printf("PASS\n");
  return 0;
}
