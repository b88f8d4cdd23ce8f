/* sockets: shutdown(SHUT_WR) half-closes (peer sees EOF, can still reply);
 * SHUT_RD and SHUT_RDWR; shutdown on an unconnected socket. */
#include "wali_test.h"
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

static void tcp_pair(int *client, int *server) {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(l >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK_SYS(bind(l, (struct sockaddr *)&a, sizeof a));
  CHECK_SYS(listen(l, 1));
  socklen_t len = sizeof a;
  CHECK_SYS(getsockname(l, (struct sockaddr *)&a, &len));
  *client = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(*client >= 0);
  CHECK_SYS(connect(*client, (struct sockaddr *)&a, sizeof a));
  *server = accept(l, NULL, NULL);
  CHECK(*server >= 0);
  CHECK_SYS(close(l));
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  int c, s;
  tcp_pair(&c, &s);

  wt_write_all(c, "request", 7);
  CHECK_SYS(shutdown(c, SHUT_WR));
  char buf[32] = {0};
  CHECK_EQ(wt_read_full(s, buf, sizeof buf), 7); /* reads until EOF */
  printf("server read: %s then EOF\n", buf);
  /* The half-closed client can still receive. */
  wt_write_all(s, "response", 8);
  CHECK_SYS(close(s));
  memset(buf, 0, sizeof buf);
  CHECK_EQ(wt_read_full(c, buf, sizeof buf), 8);
  printf("client read: %s\n", buf);
  /* Writing after SHUT_WR fails with EPIPE. */
  CHECK_ERRNO(send(c, "x", 1, 0), EPIPE);
  CHECK_SYS(close(c));

  /* SHUT_RD: reads return EOF immediately. */
  tcp_pair(&c, &s);
  CHECK_SYS(shutdown(c, SHUT_RD));
  CHECK_EQ(recv(c, buf, sizeof buf, 0), 0);
  /* The other direction still works. */
  wt_write_all(c, "still", 5);
  CHECK_EQ(wt_read_full(s, buf, 5), 5);
  CHECK_SYS(shutdown(c, SHUT_RDWR));
  CHECK_EQ(recv(s, buf, sizeof buf, 0), 0);
  CHECK_SYS(close(c));
  CHECK_SYS(close(s));

  /* On a socketpair too. */
  int sv[2];
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_SYS(shutdown(sv[0], SHUT_WR));
  CHECK_EQ(read(sv[1], buf, sizeof buf), 0);
  CHECK_EQ(write(sv[1], "back", 4), 4);
  CHECK_EQ(read(sv[0], buf, sizeof buf), 4);
  CHECK_ERRNO(shutdown(sv[0], 17), EINVAL);
  CHECK_SYS(close(sv[0]));
  CHECK_SYS(close(sv[1]));

  int u = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(u >= 0);
  CHECK_ERRNO(shutdown(u, SHUT_RDWR), ENOTCONN);
  CHECK_SYS(close(u));
  int fd = open("/dev/null", O_RDONLY);
  CHECK_ERRNO(shutdown(fd, SHUT_RD), ENOTSOCK);
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
