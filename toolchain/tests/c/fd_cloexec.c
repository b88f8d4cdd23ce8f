/* fds: FD_CLOEXEC via F_SETFD, O_CLOEXEC and F_DUPFD_CLOEXEC, proven across an
 * exec of this same program (argv[0]) that reports which descriptors survived. */
#include "wali_test.h"

static int child_report(int argc, char **argv) {
  /* argv: prog check <fd>... -> prints "fd open" or "fd closed" per fd. */
  for (int i = 2; i < argc; i++) {
    int fd = atoi(argv[i]);
    errno = 0;
    int r = fcntl(fd, F_GETFD);
    printf("fd %s %s\n", i == 2 ? "keep" : "cloexec", r >= 0 ? "open" : wt_errname(errno));
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "check") == 0) {
    return child_report(argc, argv);
  }
  int keep = open(wt_path("k"), O_CREAT | O_RDWR, 0600);
  CHECK(keep >= 0);
  CHECK_EQ(fcntl(keep, F_GETFD), 0);

  int a = open(wt_path("a"), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  CHECK(a >= 0);
  CHECK_EQ(fcntl(a, F_GETFD), FD_CLOEXEC);

  int b = open(wt_path("b"), O_CREAT | O_RDWR, 0600);
  CHECK(b >= 0);
  CHECK_SYS(fcntl(b, F_SETFD, FD_CLOEXEC));
  CHECK_EQ(fcntl(b, F_GETFD), FD_CLOEXEC);

  int c = fcntl(keep, F_DUPFD_CLOEXEC, 50);
  CHECK(c >= 50);
  CHECK_EQ(fcntl(c, F_GETFD), FD_CLOEXEC);

  /* Clearing the flag again. */
  int e = open(wt_path("e"), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  CHECK(e >= 0);
  CHECK_SYS(fcntl(e, F_SETFD, 0));
  CHECK_EQ(fcntl(e, F_GETFD), 0);

  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    CHECK_EQ(dup2(p[1], 1), 1);
    char fds[5][16];
    snprintf(fds[0], sizeof fds[0], "%d", keep);
    snprintf(fds[1], sizeof fds[1], "%d", a);
    snprintf(fds[2], sizeof fds[2], "%d", b);
    snprintf(fds[3], sizeof fds[3], "%d", c);
    snprintf(fds[4], sizeof fds[4], "%d", e);
    /* e (flag cleared) is reported as a "cloexec" slot but must stay open. */
    char *args[] = {argv[0], "check", fds[0], fds[1], fds[2], fds[3], fds[4], NULL};
    execv(argv[0], args);
    _exit(127);
  }
  CHECK_SYS(close(p[1]));
  char out[512] = {0};
  size_t n = wt_read_full(p[0], out, sizeof out - 1);
  CHECK_SYS(close(p[0]));
  CHECK_EQ(wt_wait_exit(pid), 0);
  printf("child saw:\n%s", out);
  CHECK_STR(out,
            "fd keep open\nfd cloexec EBADF\nfd cloexec EBADF\nfd cloexec EBADF\n"
            "fd cloexec open\n");
  CHECK(n > 0);
  printf("PASS\n");
  return 0;
}
