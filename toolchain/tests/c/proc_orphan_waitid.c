/* processes: an orphan is reparented when its parent exits; waitid selects by
 * pid and by group, WNOWAIT leaves the child waitable, WNOHANG reports nothing
 * ready with si_pid 0; SIGSTOP and SIGCONT are seen with WSTOPPED/WCONTINUED. */
#include "wali_test.h"
#include <signal.h>

int main(void) {
  /* An orphan gets a new parent once its parent has exited. */
  int p[2];
  CHECK_SYS(pipe(p));
  pid_t a = wt_fork();
  if (a == 0) {
    pid_t me = getpid();
    pid_t b = wt_fork();
    if (b == 0) {
      char r = 'x';
      for (int k = 0; k < 500 && getppid() == me; k++) {
        wt_sleep_ms(2);
      }
      if (getppid() != me) {
        r = 'R';
      }
      wt_write_all(p[1], &r, 1);
      _exit(0);
    }
    _exit(3); /* leaves b behind */
  }
  CHECK_SYS(close(p[1]));
  CHECK_EQ(wt_wait_exit(a), 3);
  char r = 0;
  CHECK_EQ(wt_read_full(p[0], &r, 1), 1);
  CHECK_SYS(close(p[0]));
  printf("orphan reparented: %c\n", r);
  CHECK_EQ(r, 'R');

  /* waitid by pid, with WNOWAIT first: the child stays waitable. */
  pid_t c = wt_fork();
  if (c == 0) {
    _exit(21);
  }
  siginfo_t si;
  memset(&si, 0, sizeof si);
  CHECK_SYS(waitid(P_PID, (id_t)c, &si, WEXITED | WNOWAIT));
  CHECK_EQ(si.si_pid, c);
  CHECK_EQ(si.si_code, CLD_EXITED);
  CHECK_EQ(si.si_status, 21);
  memset(&si, 0, sizeof si);
  CHECK_SYS(waitid(P_PID, (id_t)c, &si, WEXITED));
  CHECK_EQ(si.si_pid, c);
  CHECK_ERRNO(waitid(P_PID, (id_t)c, &si, WEXITED), ECHILD);
  printf("waitid: WNOWAIT kept the child, then reaped it\n");

  /* waitid by process group, and WNOHANG with nothing ready. */
  CHECK_SYS(pipe(p));
  c = wt_fork();
  if (c == 0) {
    CHECK_SYS(setpgid(0, 0));
    close(p[1]);
    char ch;
    _exit(read(p[0], &ch, 1) == 0 ? 4 : 5);
  }
  CHECK(setpgid(c, c) == 0 || errno == EACCES);
  CHECK_SYS(close(p[0]));
  memset(&si, 0xff, sizeof si);
  CHECK_SYS(waitid(P_PGID, (id_t)c, &si, WEXITED | WNOHANG));
  CHECK_EQ(si.si_pid, 0);
  CHECK_SYS(close(p[1]));
  memset(&si, 0, sizeof si);
  CHECK_SYS(waitid(P_PGID, (id_t)c, &si, WEXITED));
  CHECK_EQ(si.si_pid, c);
  CHECK_EQ(si.si_status, 4);
  CHECK_ERRNO(waitid(P_ALL, 0, &si, 0), EINVAL);
  printf("waitid: by group, WNOHANG saw nothing ready\n");

  /* SIGSTOP and SIGCONT through waitid and waitpid. */
  c = wt_fork();
  if (c == 0) {
    for (int k = 0; k < 1000; k++) {
      wt_sleep_ms(5);
    }
    _exit(0);
  }
  CHECK_SYS(kill(c, SIGSTOP));
  memset(&si, 0, sizeof si);
  CHECK_SYS(waitid(P_PID, (id_t)c, &si, WSTOPPED));
  CHECK_EQ(si.si_code, CLD_STOPPED);
  CHECK_EQ(si.si_status, SIGSTOP);
  CHECK_SYS(kill(c, SIGCONT));
  int st;
  CHECK_EQ(waitpid(c, &st, WCONTINUED), c);
  CHECK(WIFCONTINUED(st));
  CHECK_SYS(kill(c, SIGTERM));
  CHECK_EQ(waitpid(c, &st, 0), c);
  CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
  printf("stopped by %d, continued, terminated by %d\n", SIGSTOP, WTERMSIG(st));
  printf("PASS\n");
  return 0;
}
