/* fds: many descriptors at once, lowest-free allocation and reuse, and EMFILE
 * under a lowered RLIMIT_NOFILE. Descriptors inherited from the caller may sit
 * anywhere, so the expected numbers are computed by probing with F_GETFD. */
#include "wali_test.h"
#include <sys/resource.h>

static int is_open(int fd) {
  return fcntl(fd, F_GETFD) >= 0;
}

static int lowest_free(void) {
  for (int fd = 0; fd < 100000; fd++) {
    if (!is_open(fd)) {
      return fd;
    }
  }
  WT_FAIL("no free descriptor");
}

int main(void) {
  struct rlimit old;
  CHECK_SYS(getrlimit(RLIMIT_NOFILE, &old));
  CHECK(old.rlim_cur >= 256);

  int base = open("/dev/null", O_RDONLY);
  CHECK(base >= 0);
  static int fds[200];
  for (int i = 0; i < 200; i++) {
    int expect = lowest_free();
    fds[i] = dup(base);
    CHECK_EQ(fds[i], expect);
  }
  /* Free every third; reallocation fills the holes in ascending order. */
  for (int i = 0; i < 200; i += 3) {
    CHECK_SYS(close(fds[i]));
    CHECK(!is_open(fds[i]));
  }
  for (int i = 0; i < 200; i += 3) {
    CHECK_EQ(dup(base), fds[i]);
  }
  for (int i = 0; i < 200; i++) {
    CHECK_SYS(close(fds[i]));
  }
  printf("opened 200 descriptors and refilled 67 holes\n");

  /* Lower the soft limit to 64: descriptors >= 64 cannot be allocated (ones
   * already open above it stay open). */
  int free_below = 0;
  for (int fd = 0; fd < 64; fd++) {
    free_below += !is_open(fd);
  }
  struct rlimit low = old;
  low.rlim_cur = 64;
  CHECK_SYS(setrlimit(RLIMIT_NOFILE, &low));
  int n = 0;
  for (int i = 0; i < 100; i++) {
    int fd = dup(base);
    if (fd < 0) {
      CHECK_EQ(errno, EMFILE);
      break;
    }
    CHECK(fd < 64);
    fds[n++] = fd;
  }
  CHECK_EQ(n, free_below);
  CHECK_ERRNO(open("/dev/null", O_RDONLY), EMFILE);
  CHECK_ERRNO(dup2(base, 64), EBADF);
  CHECK_ERRNO(fcntl(base, F_DUPFD, 64), EINVAL);
  printf("EMFILE once the table below the limit is full\n");
  for (int i = 0; i < n; i++) {
    CHECK_SYS(close(fds[i]));
  }
  CHECK_SYS(setrlimit(RLIMIT_NOFILE, &old));
  int again = dup(base);
  CHECK(again >= 0);
  CHECK_SYS(close(again));

  CHECK_ERRNO(close(-1), EBADF);
  CHECK_ERRNO(close(lowest_free()), EBADF);
  CHECK_SYS(close(base));
  printf("PASS\n");
  return 0;
}
