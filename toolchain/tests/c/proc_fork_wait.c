/* processes: fork/waitpid with exit codes, wait for any child, WNOHANG,
 * ECHILD, getppid in the child, and separate address spaces. */
#include "wali_test.h"

int main(void) {
  enum { N = 8 };
  pid_t pids[N];
  pid_t me = getpid();
  int shared = 100;
  for (int i = 0; i < N; i++) {
    pids[i] = wt_fork();
    if (pids[i] == 0) {
      shared += i; /* changes only this child's copy */
      if (getppid() != me) {
        _exit(99);
      }
      _exit(i * 10 + (shared - 100));
    }
  }
  CHECK_EQ(shared, 100);
  /* Collect in reverse order by pid. */
  for (int i = N - 1; i >= 0; i--) {
    int code = wt_wait_exit(pids[i]);
    CHECK_EQ(code, i * 11);
    printf("child %d exited with %d\n", i, code);
  }

  /* wait() for any child. */
  for (int i = 0; i < 3; i++) {
    if (wt_fork() == 0) {
      _exit(7);
    }
  }
  int sum = 0;
  for (int i = 0; i < 3; i++) {
    int st;
    pid_t r = wait(&st);
    CHECK(r > 0);
    CHECK(WIFEXITED(st));
    sum += WEXITSTATUS(st);
  }
  CHECK_EQ(sum, 21);
  int st;
  CHECK_ERRNO(wait(&st), ECHILD);
  CHECK_ERRNO(waitpid(-1, &st, WNOHANG), ECHILD);

  /* WNOHANG returns 0 while the child runs. */
  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    close(p[1]);
    char c;
    ssize_t r = read(p[0], &c, 1); /* wait for the parent's go */
    _exit(r == 1 ? 5 : 6);
  }
  CHECK_SYS(close(p[0]));
  CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);
  CHECK_EQ(write(p[1], "g", 1), 1);
  CHECK_SYS(close(p[1]));
  CHECK_EQ(wt_wait_exit(pid), 5);

  /* Exit status is truncated to 8 bits. */
  pid = wt_fork();
  if (pid == 0) {
    _exit(256 + 42);
  }
  CHECK_EQ(wt_wait_exit(pid), 42);

  CHECK_ERRNO(waitpid(me, &st, 0), ECHILD); /* not our child */
  CHECK_ERRNO(waitpid(-1, &st, 0x4000000), EINVAL);
  printf("PASS\n");
  return 0;
}
