/* fds: F_GETFL/F_SETFL report the access mode and change O_APPEND/O_NONBLOCK. */
#include "wali_test.h"

int main(void) {
  int fd = open(wt_path("f"), O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  int fl = fcntl(fd, F_GETFL);
  CHECK(fl >= 0);
  CHECK_EQ(fl & O_ACCMODE, O_RDWR);
  CHECK_EQ(fl & (O_APPEND | O_NONBLOCK), 0);
  CHECK_SYS(close(fd));

  fd = open(wt_path("f"), O_WRONLY | O_APPEND);
  CHECK(fd >= 0);
  fl = fcntl(fd, F_GETFL);
  CHECK_EQ(fl & O_ACCMODE, O_WRONLY);
  CHECK(fl & O_APPEND);
  CHECK_SYS(close(fd));

  fd = open(wt_path("f"), O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
  /* F_SETFL cannot change the access mode. */
  CHECK_SYS(fcntl(fd, F_SETFL, O_RDWR));
  CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
  CHECK_SYS(close(fd));

  /* O_NONBLOCK on a pipe, set and cleared through F_SETFL. */
  int p[2];
  CHECK_SYS(pipe(p));
  fl = fcntl(p[0], F_GETFL);
  CHECK_EQ(fl & O_NONBLOCK, 0);
  CHECK_SYS(fcntl(p[0], F_SETFL, fl | O_NONBLOCK));
  CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
  char c;
  CHECK_ERRNO(read(p[0], &c, 1), EAGAIN);
  CHECK_EQ(write(p[1], "k", 1), 1);
  CHECK_EQ(read(p[0], &c, 1), 1);
  CHECK_SYS(fcntl(p[0], F_SETFL, fl));
  CHECK_EQ(fcntl(p[0], F_GETFL) & O_NONBLOCK, 0);

  /* Flags belong to the open file description: a dup sees the change. */
  int d = dup(p[0]);
  CHECK(d >= 0);
  CHECK_SYS(fcntl(p[0], F_SETFL, O_NONBLOCK));
  CHECK(fcntl(d, F_GETFL) & O_NONBLOCK);
  CHECK_ERRNO(read(d, &c, 1), EAGAIN);

  /* Invalid descriptor and command. */
  CHECK_ERRNO(fcntl(-1, F_GETFL), EBADF);
  CHECK_ERRNO(fcntl(p[0], 0x7777), EINVAL);

  CHECK_SYS(close(d));
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));
  printf("flags checked\n");
  printf("PASS\n");
  return 0;
}
