/* fds: dup/dup2/dup3 pick descriptors as specified and share the file offset. */
#include "wali_test.h"

int main(void) {
  int fd = open(wt_path("f"), O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "0123456789", 10);
  CHECK_EQ(lseek(fd, 2, SEEK_SET), 2);

  /* dup returns the lowest free descriptor, sharing the open file description. */
  int low = dup(fd);
  CHECK(low > fd);
  CHECK_SYS(close(low));
  int d = dup(fd);
  CHECK_EQ(d, low);
  char c;
  CHECK_EQ(read(d, &c, 1), 1);
  printf("read via dup: %c\n", c);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 3);

  /* dup2 onto a chosen number, closing what was there. */
  int target = 100;
  CHECK_EQ(dup2(fd, target), target);
  CHECK_EQ(read(target, &c, 1), 1);
  printf("read via dup2: %c\n", c);
  int other = open(wt_path("g"), O_CREAT | O_RDWR, 0600);
  CHECK(other >= 0);
  CHECK_EQ(dup2(other, target), target); /* silently closes the old 100 */
  CHECK_EQ(lseek(target, 0, SEEK_CUR), 0);
  /* dup2 of a descriptor onto itself is a no-op that returns it. */
  CHECK_EQ(dup2(fd, fd), fd);
  CHECK_ERRNO(dup2(-1, target), EBADF);
  CHECK_ERRNO(dup2(fd, -1), EBADF);

  /* The duplicate does not inherit close-on-exec... */
  CHECK_SYS(fcntl(fd, F_SETFD, FD_CLOEXEC));
  int plain = dup(fd);
  CHECK(plain >= 0);
  CHECK_EQ(fcntl(plain, F_GETFD), 0);
  /* ...unless dup3 asks for it. */
  CHECK_EQ(dup3(fd, 101, O_CLOEXEC), 101);
  CHECK_EQ(fcntl(101, F_GETFD), FD_CLOEXEC);
  CHECK_EQ(dup3(fd, 102, 0), 102);
  CHECK_EQ(fcntl(102, F_GETFD), 0);
  CHECK_ERRNO(dup3(fd, fd, 0), EINVAL);
  CHECK_ERRNO(dup3(fd, 103, 0x7fff0000), EINVAL);

  /* Closing one duplicate leaves the others working. */
  CHECK_SYS(close(fd));
  CHECK_EQ(lseek(102, 0, SEEK_SET), 0);
  CHECK_EQ(read(102, &c, 1), 1);
  CHECK_EQ(c, '0');
  CHECK_ERRNO(dup(fd), EBADF);

  CHECK_SYS(close(d));
  CHECK_SYS(close(target));
  CHECK_SYS(close(other));
  CHECK_SYS(close(plain));
  CHECK_SYS(close(101));
  CHECK_SYS(close(102));

  /* dup2 onto stdout redirects printf output (restored afterwards). */
  fflush(stdout);
  int saved = dup(1);
  CHECK(saved >= 0);
  int out = open(wt_path("captured"), O_CREAT | O_WRONLY | O_TRUNC, 0600);
  CHECK(out >= 0);
  CHECK_EQ(dup2(out, 1), 1);
  printf("this goes to the file\n");
  fflush(stdout);
  CHECK_EQ(dup2(saved, 1), 1);
  CHECK_SYS(close(saved));
  CHECK_SYS(close(out));
  struct stat st;
  CHECK_SYS(stat(wt_path("captured"), &st));
  printf("captured %lld bytes\n", (long long)st.st_size);
  printf("PASS\n");
  return 0;
}
