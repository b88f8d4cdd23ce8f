/* sockets: socketpair is a bidirectional connected pair; type flags apply. */
#include "wali_test.h"
#include <sys/socket.h>

int main(void) {
  int sv[2];
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_EQ(write(sv[0], "ping", 4), 4);
  char buf[16] = {0};
  CHECK_EQ(read(sv[1], buf, sizeof buf), 4);
  CHECK_EQ(write(sv[1], "pong!", 5), 5);
  CHECK_EQ(read(sv[0], buf, sizeof buf), 5);
  printf("reply: %.5s\n", buf);

  int type = 0;
  socklen_t len = sizeof type;
  CHECK_SYS(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len));
  CHECK_EQ(type, SOCK_STREAM);
  int domain = 0;
  len = sizeof domain;
  CHECK_SYS(getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &domain, &len));
  CHECK_EQ(domain, AF_UNIX);

  /* Closing one end gives EOF on the other. */
  CHECK_SYS(close(sv[1]));
  CHECK_EQ(read(sv[0], buf, sizeof buf), 0);
  CHECK_SYS(close(sv[0]));

  /* SOCK_NONBLOCK and SOCK_CLOEXEC. */
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv));
  for (int i = 0; i < 2; i++) {
    CHECK(fcntl(sv[i], F_GETFL) & O_NONBLOCK);
    CHECK_EQ(fcntl(sv[i], F_GETFD), FD_CLOEXEC);
  }
  CHECK_ERRNO(read(sv[0], buf, sizeof buf), EAGAIN);

  /* Fill the non-blocking pair until EAGAIN, then drain it all. */
  static char chunk[4096];
  memset(chunk, 'q', sizeof chunk);
  long total = 0;
  int i = 0;
  for (; i < 100000; i++) {
    ssize_t n = write(sv[0], chunk, sizeof chunk);
    if (n < 0) {
      CHECK(errno == EAGAIN);
      break;
    }
    total += n;
  }
  CHECK(i < 100000 && total > 0);
  long drained = 0;
  for (i = 0; i < 100000; i++) {
    ssize_t n = read(sv[1], chunk, sizeof chunk);
    if (n < 0) {
      CHECK_EQ(errno, EAGAIN);
      break;
    }
    drained += n;
  }
  CHECK_EQ(drained, total);
  printf("filled and drained: %s\n", drained == total ? "equal" : "different");
  CHECK_SYS(close(sv[0]));
  CHECK_SYS(close(sv[1]));

  /* SOCK_SEQPACKET keeps record boundaries on a connected pair. */
  CHECK_SYS(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
  CHECK_EQ(send(sv[0], "rec1", 4, 0), 4);
  CHECK_EQ(send(sv[0], "record2", 7, 0), 7);
  CHECK_EQ(recv(sv[1], buf, sizeof buf, 0), 4);
  CHECK_EQ(recv(sv[1], buf, sizeof buf, 0), 7);
  CHECK_SYS(close(sv[0]));
  CHECK_SYS(close(sv[1]));

  /* Only AF_UNIX supports socketpair. */
  CHECK_ERRNO(socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP);
  printf("PASS\n");
  return 0;
}
