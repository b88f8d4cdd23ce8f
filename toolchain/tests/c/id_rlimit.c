/* identity: getrlimit/setrlimit/prlimit: lowering and restoring soft limits,
 * hard-limit rules, and the effect of RLIMIT_FSIZE (SIGXFSZ ignored -> EFBIG). */
#include "wali_test.h"
#include <signal.h>
#include <sys/resource.h>

int main(void) {
  struct rlimit nofile, stack, core, fsize;
  CHECK_SYS(getrlimit(RLIMIT_NOFILE, &nofile));
  CHECK_SYS(getrlimit(RLIMIT_STACK, &stack));
  CHECK_SYS(getrlimit(RLIMIT_CORE, &core));
  CHECK_SYS(getrlimit(RLIMIT_FSIZE, &fsize));
  CHECK(nofile.rlim_cur <= nofile.rlim_max);
  CHECK(stack.rlim_cur == RLIM_INFINITY || stack.rlim_cur >= 65536);

  /* Lower the soft NOFILE limit and read it back; restore. */
  struct rlimit low = nofile;
  low.rlim_cur = 100;
  CHECK_SYS(setrlimit(RLIMIT_NOFILE, &low));
  struct rlimit got;
  CHECK_SYS(getrlimit(RLIMIT_NOFILE, &got));
  CHECK_EQ(got.rlim_cur, 100);
  CHECK_EQ(got.rlim_max, nofile.rlim_max);
  CHECK_SYS(setrlimit(RLIMIT_NOFILE, &nofile));
  printf("NOFILE soft limit lowered and restored\n");

  /* Soft above hard is invalid. */
  struct rlimit bad = {10, 5};
  CHECK_ERRNO(setrlimit(RLIMIT_CORE, &bad), EINVAL);
  CHECK_ERRNO(getrlimit(1000, &got), EINVAL);

  /* prlimit on ourselves: set and fetch the old value in one call. */
  struct rlimit newcore = {0, core.rlim_max}, oldcore;
  CHECK_SYS(prlimit(0, RLIMIT_CORE, &newcore, &oldcore));
  CHECK_EQ(oldcore.rlim_cur, core.rlim_cur);
  CHECK_SYS(prlimit(0, RLIMIT_CORE, NULL, &got));
  CHECK_EQ(got.rlim_cur, 0);

  /* A child lowers its hard limit, and cannot raise it again (unprivileged),
   * or can (root): either way its soft limit honours the change. */
  pid_t pid = wt_fork();
  if (pid == 0) {
    struct rlimit f = {4096, 4096};
    if (setrlimit(RLIMIT_FSIZE, &f) != 0) {
      _exit(2);
    }
    signal(SIGXFSZ, SIG_IGN);
    int fd = open(wt_path("big"), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0) {
      _exit(3);
    }
    static char buf[8192];
    ssize_t n = write(fd, buf, sizeof buf); /* short write up to the limit */
    if (n != 4096) {
      _exit(4);
    }
    errno = 0;
    n = write(fd, buf, 1);
    if (n != -1 || errno != EFBIG) {
      _exit(5);
    }
    close(fd);
    _exit(0);
  }
  CHECK_EQ(wt_wait_exit(pid), 0);
  struct stat st;
  CHECK_SYS(stat(wt_path("big"), &st));
  printf("RLIMIT_FSIZE capped the file at %lld bytes\n", (long long)st.st_size);
  /* Our own limit was not affected by the child. */
  CHECK_SYS(getrlimit(RLIMIT_FSIZE, &got));
  CHECK_EQ(got.rlim_cur, fsize.rlim_cur);

  struct rusage ru;
  CHECK_SYS(getrusage(RUSAGE_SELF, &ru));
  CHECK(ru.ru_maxrss > 0);
  CHECK_SYS(getrusage(RUSAGE_CHILDREN, &ru));
  CHECK_ERRNO(getrusage(12345, &ru), EINVAL);
  printf("PASS\n");
  return 0;
}
