/* pipes: pipe2 flags O_CLOEXEC and O_NONBLOCK land on both ends; bad flags fail. */
#include "wali_test.h"

int main(void) {
  int p[2];
  CHECK_SYS(pipe2(p, 0));
  CHECK_EQ(fcntl(p[0], F_GETFD), 0);
  CHECK_EQ(fcntl(p[1], F_GETFD), 0);
  CHECK_EQ(fcntl(p[0], F_GETFL) & O_NONBLOCK, 0);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));

  CHECK_SYS(pipe2(p, O_CLOEXEC));
  CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
  CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC);
  CHECK_EQ(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));

  CHECK_SYS(pipe2(p, O_NONBLOCK));
  CHECK_EQ(fcntl(p[0], F_GETFD), 0);
  CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
  CHECK(fcntl(p[1], F_GETFL) & O_NONBLOCK);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));

  CHECK_SYS(pipe2(p, O_NONBLOCK | O_CLOEXEC));
  CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
  CHECK(fcntl(p[1], F_GETFL) & O_NONBLOCK);
  char c;
  CHECK_ERRNO(read(p[0], &c, 1), EAGAIN);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));

  CHECK_ERRNO(pipe2(p, O_APPEND), EINVAL);
  CHECK_ERRNO(pipe2(p, 0x40000000), EINVAL);
  printf("pipe2 flags ok\n");
  printf("PASS\n");
  return 0;
}
