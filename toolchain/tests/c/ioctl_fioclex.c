/* ioctl: FIOCLEX/FIONCLEX set and clear close-on-exec (seen by F_GETFD);
 * FIONBIO on a socket; FIOASYNC round trip via F_GETFL. */
#include "wali_test.h"
#include <sys/ioctl.h>
#include <sys/socket.h>

int main(void) {
  int fd = open(wt_path("f"), O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  CHECK_EQ(fcntl(fd, F_GETFD), 0);
  CHECK_SYS(ioctl(fd, FIOCLEX));
  CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
  CHECK_SYS(ioctl(fd, FIONCLEX));
  CHECK_EQ(fcntl(fd, F_GETFD), 0);
  printf("FIOCLEX/FIONCLEX toggle FD_CLOEXEC\n");

  int sv[2];
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  int on = 1, off = 0;
  CHECK_SYS(ioctl(sv[0], FIONBIO, &on));
  CHECK(fcntl(sv[0], F_GETFL) & O_NONBLOCK);
  char c;
  CHECK_ERRNO(recv(sv[0], &c, 1, 0), EAGAIN);
  CHECK_SYS(ioctl(sv[0], FIONBIO, &off));
  CHECK_EQ(fcntl(sv[0], F_GETFL) & O_NONBLOCK, 0);

  CHECK_SYS(ioctl(sv[0], FIOASYNC, &on));
  CHECK(fcntl(sv[0], F_GETFL) & O_ASYNC);
  CHECK_SYS(ioctl(sv[0], FIOASYNC, &off));
  CHECK_EQ(fcntl(sv[0], F_GETFL) & O_ASYNC, 0);
  printf("FIONBIO and FIOASYNC reflected in F_GETFL\n");

  CHECK_ERRNO(ioctl(-1, FIOCLEX), EBADF);
  CHECK_SYS(close(sv[0]));
  CHECK_SYS(close(sv[1]));
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
