/* ioctl: FIONREAD counts unread bytes on pipes and sockets; FIONBIO toggles
 * non-blocking mode as seen by F_GETFL and by reads. */
#include "wali_test.h"
#include <sys/ioctl.h>
#include <sys/socket.h>

int main(void) {
  int p[2];
  CHECK_SYS(pipe(p));
  int n = -1;
  CHECK_SYS(ioctl(p[0], FIONREAD, &n));
  CHECK_EQ(n, 0);
  wt_write_all(p[1], "twelve bytes", 12);
  CHECK_SYS(ioctl(p[0], FIONREAD, &n));
  CHECK_EQ(n, 12);
  char buf[8];
  CHECK_EQ(read(p[0], buf, 5), 5);
  CHECK_SYS(ioctl(p[0], FIONREAD, &n));
  printf("pipe FIONREAD after reading 5 of 12: %d\n", n);
  CHECK_EQ(n, 7);

  /* FIONBIO on, then off. */
  int on = 1;
  CHECK_EQ(read(p[0], buf, 7), 7);
  CHECK_SYS(ioctl(p[0], FIONBIO, &on));
  CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
  CHECK_ERRNO(read(p[0], buf, 1), EAGAIN);
  int off = 0;
  CHECK_SYS(ioctl(p[0], FIONBIO, &off));
  CHECK_EQ(fcntl(p[0], F_GETFL) & O_NONBLOCK, 0);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));

  /* Stream socket: FIONREAD counts queued bytes; datagram: the next datagram. */
  int sv[2];
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  wt_write_all(sv[0], "abc", 3);
  wt_write_all(sv[0], "defg", 4);
  CHECK_SYS(ioctl(sv[1], FIONREAD, &n));
  CHECK_EQ(n, 7);
  CHECK_SYS(close(sv[0]));
  CHECK_SYS(close(sv[1]));
  CHECK_SYS(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  CHECK_EQ(send(sv[0], "12345", 5, 0), 5);
  CHECK_EQ(send(sv[0], "12", 2, 0), 2);
  CHECK_SYS(ioctl(sv[1], FIONREAD, &n));
  CHECK(n == 5 || n == 7); /* next datagram (Linux unix sockets: 5) */
  CHECK_SYS(close(sv[0]));
  CHECK_SYS(close(sv[1]));

  /* Regular file: FIONREAD gives the bytes from the offset to the end. */
  int fd = open(wt_path("f"), O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "0123456789", 10);
  CHECK_EQ(lseek(fd, 4, SEEK_SET), 4);
  CHECK_SYS(ioctl(fd, FIONREAD, &n));
  CHECK_EQ(n, 6);
  CHECK_SYS(close(fd));
  CHECK_ERRNO(ioctl(fd, FIONREAD, &n), EBADF);
  printf("PASS\n");
  return 0;
}
