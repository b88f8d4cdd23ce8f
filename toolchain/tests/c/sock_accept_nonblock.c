/* sockets: accept4 flags, non-blocking accept (EAGAIN), several queued
 * clients, and ECONNREFUSED on a port nobody listens on. */
#include "wali_test.h"
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

int main(void) {
  int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  CHECK(l >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK_SYS(bind(l, (struct sockaddr *)&a, sizeof a));
  CHECK_SYS(listen(l, 16));
  socklen_t len = sizeof a;
  CHECK_SYS(getsockname(l, (struct sockaddr *)&a, &len));
  int on = -1;
  len = sizeof on;
  CHECK_SYS(getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &on, &len));
  CHECK_EQ(on, 1);

  CHECK_ERRNO(accept(l, NULL, NULL), EAGAIN);

  int clients[5];
  for (int i = 0; i < 5; i++) {
    clients[i] = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(clients[i] >= 0);
    CHECK_SYS(connect(clients[i], (struct sockaddr *)&a, sizeof a));
    char id = (char)('0' + i);
    CHECK_EQ(write(clients[i], &id, 1), 1);
  }
  char ids[6] = {0};
  for (int i = 0; i < 5; i++) {
    struct pollfd p = {l, POLLIN, 0};
    CHECK_EQ(poll(&p, 1, 2000), 1);
    int flags = (i % 2) ? (SOCK_NONBLOCK | SOCK_CLOEXEC) : 0;
    int c = accept4(l, NULL, NULL, flags);
    CHECK(c >= 0);
    if (flags) {
      CHECK(fcntl(c, F_GETFL) & O_NONBLOCK);
      CHECK_EQ(fcntl(c, F_GETFD), FD_CLOEXEC);
    } else {
      /* An accepted socket does not inherit the listener's O_NONBLOCK. */
      CHECK_EQ(fcntl(c, F_GETFL) & O_NONBLOCK, 0);
      CHECK_EQ(fcntl(c, F_GETFD), 0);
    }
    CHECK_EQ(wt_read_full(c, &ids[i], 1), 1);
    CHECK_SYS(close(c));
  }
  /* Connections are accepted in arrival order. */
  printf("accepted in order: %s\n", ids);
  CHECK_ERRNO(accept(l, NULL, NULL), EAGAIN);
  for (int i = 0; i < 5; i++) {
    CHECK_SYS(close(clients[i]));
  }

  /* Find a port with no listener: bind, note it, close. */
  int t = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in dead;
  memset(&dead, 0, sizeof dead);
  dead.sin_family = AF_INET;
  dead.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK_SYS(bind(t, (struct sockaddr *)&dead, sizeof dead));
  len = sizeof dead;
  CHECK_SYS(getsockname(t, (struct sockaddr *)&dead, &len));
  CHECK_SYS(close(t));
  int c = socket(AF_INET, SOCK_STREAM, 0);
  CHECK_ERRNO(connect(c, (struct sockaddr *)&dead, sizeof dead), ECONNREFUSED);
  CHECK_SYS(close(c));

  /* Non-blocking connect to it: EINPROGRESS or immediate refusal; SO_ERROR says why. */
  c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int r = connect(c, (struct sockaddr *)&dead, sizeof dead);
  int err = errno;
  if (r != 0 && err == EINPROGRESS) {
    struct pollfd p = {c, POLLOUT, 0};
    CHECK_EQ(poll(&p, 1, 2000), 1);
    int soerr = 0;
    len = sizeof soerr;
    CHECK_SYS(getsockopt(c, SOL_SOCKET, SO_ERROR, &soerr, &len));
    err = soerr;
  }
  CHECK_EQ(err, ECONNREFUSED);
  printf("refused: %s\n", wt_errname(err));
  CHECK_SYS(close(c));

  /* listen/accept on the wrong kind of socket. */
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK_ERRNO(listen(u, 1), EOPNOTSUPP);
  CHECK_ERRNO(accept(u, NULL, NULL), EOPNOTSUPP);
  CHECK_SYS(close(u));
  int unlistened = socket(AF_INET, SOCK_STREAM, 0);
  CHECK_ERRNO(accept(unlistened, NULL, NULL), EINVAL);
  CHECK_SYS(close(unlistened));
  CHECK_SYS(close(l));
  printf("PASS\n");
  return 0;
}
