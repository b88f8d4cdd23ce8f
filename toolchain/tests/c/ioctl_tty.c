/* ioctl: terminal requests on things that are not terminals fail with ENOTTY
 * (TIOCGWINSZ, TCGETS via tcgetattr, isatty), and unknown requests too. */
#include "wali_test.h"
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>

int main(void) {
  int p[2];
  CHECK_SYS(pipe(p));
  int fd = open(wt_path("f"), O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  int sv[2];
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  int devnull = open("/dev/null", O_RDWR);
  CHECK(devnull >= 0);

  int fds[] = {p[0], p[1], fd, sv[0], devnull};
  const char *names[] = {"pipe read end", "pipe write end", "regular file", "socket",
                         "/dev/null"};
  for (int i = 0; i < 5; i++) {
    struct winsize ws;
    CHECK_ERRNO(ioctl(fds[i], TIOCGWINSZ, &ws), ENOTTY);
    struct termios t;
    CHECK_ERRNO(tcgetattr(fds[i], &t), ENOTTY);
    errno = 0;
    CHECK_EQ(isatty(fds[i]), 0);
    CHECK_EQ(errno, ENOTTY);
    printf("%s: not a tty\n", names[i]);
  }
  errno = 0;
  CHECK_EQ(isatty(-1), 0);
  CHECK_EQ(errno, EBADF);
  struct winsize ws;
  CHECK_ERRNO(ioctl(-1, TIOCGWINSZ, &ws), EBADF);

  /* An unknown request on a regular file. */
  int arg = 0;
  CHECK_ERRNO(ioctl(fd, 0x5a5a, &arg), ENOTTY);

  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));
  CHECK_SYS(close(fd));
  CHECK_SYS(close(sv[0]));
  CHECK_SYS(close(sv[1]));
  CHECK_SYS(close(devnull));
  printf("PASS\n");
  return 0;
}
