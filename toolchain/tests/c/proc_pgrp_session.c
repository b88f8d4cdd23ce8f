/* processes: process groups and sessions: getpgrp/setpgid/getpgid, setsid in a
 * child, getsid, and the errors for invalid requests. */
#include "wali_test.h"

int main(void) {
  pid_t me = getpid();
  pid_t pg = getpgrp();
  CHECK_EQ(getpgid(0), pg);
  CHECK_EQ(getpgid(me), pg);
  pid_t sid = getsid(0);
  CHECK(sid >= 0); /* 0 when the session leader is outside our pid namespace */
  CHECK_EQ(getsid(me), sid);

  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    close(p[0]);
    char r[8];
    /* A fresh child is in its parent's group and session. */
    r[0] = getpgrp() == pg ? 'g' : 'x';
    r[1] = getsid(0) == sid ? 's' : 'x';
    /* Make its own group. */
    r[2] = (setpgid(0, 0) == 0 && getpgrp() == getpid()) ? 'G' : 'x';
    /* A group leader cannot create a session. */
    r[3] = (setsid() == -1 && errno == EPERM) ? 'E' : 'x';
    wt_write_all(p[1], r, 4);
    _exit(0);
  }
  CHECK_SYS(close(p[1]));
  char res[8] = {0};
  CHECK_EQ(wt_read_full(p[0], res, 4), 4);
  CHECK_SYS(close(p[0]));
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("child 1: %s\n", res);
  CHECK_STR(res, "gsGE");

  CHECK_SYS(pipe(p));
  pid = wt_fork();
  if (pid == 0) {
    close(p[0]);
    char r[8];
    pid_t s = setsid();
    r[0] = s == getpid() ? 'S' : 'x';
    r[1] = getsid(0) == getpid() ? 's' : 'x';
    r[2] = getpgrp() == getpid() ? 'g' : 'x';
    /* The new session has no controlling terminal. */
    int tty = open("/dev/tty", O_RDWR);
    r[3] = tty < 0 ? 'n' : 'x';
    /* Cannot move into a group of another session. */
    r[4] = (setpgid(0, getppid()) == -1 && errno == EPERM) ? 'E' : 'x';
    wt_write_all(p[1], r, 5);
    _exit(0);
  }
  CHECK_SYS(close(p[1]));
  memset(res, 0, sizeof res);
  CHECK_EQ(wt_read_full(p[0], res, 5), 5);
  CHECK_SYS(close(p[0]));
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("child 2: %s\n", res);
  CHECK_STR(res, "SsgnE");

  CHECK_ERRNO(setpgid(0, -1), EINVAL);
  CHECK_ERRNO(getpgid(pid), ESRCH); /* reaped */
  CHECK_ERRNO(getsid(pid), ESRCH);
  printf("PASS\n");
  return 0;
}
