/* processes: wait4 returns the child's resource usage; waitid reports exit
 * details in siginfo; getrusage(RUSAGE_CHILDREN) accumulates reaped children. */
#include "wali_test.h"
#include <signal.h>
#include <sys/resource.h>

static long long tv_us(struct timeval tv) {
  return (long long)tv.tv_sec * 1000000LL + tv.tv_usec;
}

int main(void) {
  struct rusage before;
  CHECK_SYS(getrusage(RUSAGE_CHILDREN, &before));

  pid_t pid = wt_fork();
  if (pid == 0) {
    /* Burn some CPU so user time is visible. */
    volatile unsigned long x = 0;
    long long end = wt_now_ns() + 50000000LL;
    while (wt_now_ns() < end) {
      for (int i = 0; i < 10000; i++) {
        x += (unsigned long)i * 7;
      }
    }
    _exit(12);
  }
  int st = 0;
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  CHECK_EQ(wait4(pid, &st, 0, &ru), pid);
  CHECK(WIFEXITED(st));
  CHECK_EQ(WEXITSTATUS(st), 12);
  CHECK(tv_us(ru.ru_utime) + tv_us(ru.ru_stime) > 0);
  CHECK(ru.ru_maxrss > 0);
  CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
  printf("wait4: exit 12 with cpu time\n");

  struct rusage after;
  CHECK_SYS(getrusage(RUSAGE_CHILDREN, &after));
  CHECK(tv_us(after.ru_utime) + tv_us(after.ru_stime) >
        tv_us(before.ru_utime) + tv_us(before.ru_stime));

  /* waitid with WEXITED fills siginfo. */
  pid = wt_fork();
  if (pid == 0) {
    _exit(33);
  }
  siginfo_t si;
  memset(&si, 0, sizeof si);
  CHECK_SYS(waitid(P_PID, (id_t)pid, &si, WEXITED));
  CHECK_EQ(si.si_pid, pid);
  CHECK_EQ(si.si_signo, SIGCHLD);
  CHECK_EQ(si.si_code, CLD_EXITED);
  CHECK_EQ(si.si_status, 33);
  printf("waitid: CLD_EXITED status %d\n", si.si_status);

  /* wait4 with WNOHANG and no exited child returns 0 (child still running). */
  int p[2];
  CHECK_SYS(pipe(p));
  pid = wt_fork();
  if (pid == 0) {
    char c;
    close(p[1]);
    ssize_t r = read(p[0], &c, 1);
    _exit(r == 0 ? 0 : 1);
  }
  CHECK_SYS(close(p[0]));
  CHECK_EQ(wait4(pid, &st, WNOHANG, NULL), 0);
  CHECK_SYS(close(p[1]));
  CHECK_EQ(wait4(pid, &st, 0, NULL), pid);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK_ERRNO(wait4(-1, &st, 0, NULL), ECHILD);
  printf("PASS\n");
  return 0;
}
