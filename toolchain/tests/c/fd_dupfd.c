/* fds: F_DUPFD returns the lowest free descriptor at or above its argument. */
#include "wali_test.h"
#include <sys/resource.h>

/* Lowest descriptor >= min that is not open (inherited ones may be anywhere). */
static int free_from(int min) {
  for (int fd = min; fd < min + 100000; fd++) {
    if (fcntl(fd, F_GETFD) < 0) {
      return fd;
    }
  }
  WT_FAIL("no free descriptor");
}

int main(void) {
  int fd = open(wt_path("f"), O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);

  int s = free_from(20);
  int a = fcntl(fd, F_DUPFD, 20);
  CHECK_EQ(a, s);
  int s2 = free_from(20);
  int b = fcntl(fd, F_DUPFD, 20);
  CHECK_EQ(b, s2);
  CHECK(b > a);
  CHECK_SYS(close(a));
  int c = fcntl(fd, F_DUPFD, 20);
  CHECK_EQ(c, a);
  /* A minimum below the lowest free descriptor returns the lowest free one. */
  int s0 = free_from(0);
  int d = fcntl(fd, F_DUPFD, 0);
  CHECK_EQ(d, s0);
  CHECK(d > fd);
  CHECK_EQ(fcntl(d, F_GETFD), 0);
  printf("F_DUPFD: lowest free at or above the minimum\n");

  /* Shares offset and status flags with the original. */
  wt_write_all(fd, "abc", 3);
  CHECK_EQ(lseek(b, 0, SEEK_CUR), 3);

  struct rlimit rl;
  CHECK_SYS(getrlimit(RLIMIT_NOFILE, &rl));
  CHECK_ERRNO(fcntl(fd, F_DUPFD, -1), EINVAL);
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 0x7fffffff) {
    CHECK_ERRNO(fcntl(fd, F_DUPFD, (int)rl.rlim_cur), EINVAL);
  }
  CHECK_ERRNO(fcntl(-1, F_DUPFD, 0), EBADF);

  int s3 = free_from(30);
  int e = fcntl(fd, F_DUPFD_CLOEXEC, 30);
  CHECK_EQ(e, s3);
  CHECK_EQ(fcntl(e, F_GETFD), FD_CLOEXEC);

  /* Lowest-free allocation for open() after closing a hole. */
  int f1 = open(wt_path("f"), O_RDONLY);
  int f2 = open(wt_path("f"), O_RDONLY);
  int f3 = open(wt_path("f"), O_RDONLY);
  CHECK(f1 >= 0 && f2 > f1 && f3 > f2);
  CHECK_SYS(close(f2));
  int again = open(wt_path("f"), O_RDONLY);
  CHECK_EQ(again, f2);

  int all[] = {fd, b, c, d, e, f1, again, f3};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    CHECK_SYS(close(all[i]));
  }
  printf("PASS\n");
  return 0;
}
