/* sockets: setsockopt/getsockopt on SOL_SOCKET, IPPROTO_TCP and timeouts. */
#include "wali_test.h"
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>

static int get_int(int s, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  CHECK_SYS(getsockopt(s, level, name, &v, &len));
  CHECK_EQ(len, sizeof v);
  return v;
}

static void set_int(int s, int level, int name, int v) {
  CHECK_SYS(setsockopt(s, level, name, &v, sizeof v));
}

int main(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(s >= 0);

  CHECK_EQ(get_int(s, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
  CHECK_EQ(get_int(s, SOL_SOCKET, SO_ERROR), 0);
  CHECK_EQ(get_int(s, SOL_SOCKET, SO_ACCEPTCONN), 0);

  CHECK_EQ(get_int(s, SOL_SOCKET, SO_REUSEADDR), 0);
  set_int(s, SOL_SOCKET, SO_REUSEADDR, 1);
  CHECK(get_int(s, SOL_SOCKET, SO_REUSEADDR) != 0);
  set_int(s, SOL_SOCKET, SO_KEEPALIVE, 1);
  CHECK(get_int(s, SOL_SOCKET, SO_KEEPALIVE) != 0);
  set_int(s, SOL_SOCKET, SO_KEEPALIVE, 0);
  CHECK_EQ(get_int(s, SOL_SOCKET, SO_KEEPALIVE), 0);

  set_int(s, IPPROTO_TCP, TCP_NODELAY, 1);
  CHECK(get_int(s, IPPROTO_TCP, TCP_NODELAY) != 0);

  /* Linux doubles the requested buffer size for bookkeeping (the request is
   * first capped by net.core.rmem_max / wmem_max, 212992 by default). */
  set_int(s, SOL_SOCKET, SO_RCVBUF, 65536);
  int rcv = get_int(s, SOL_SOCKET, SO_RCVBUF);
  CHECK(rcv == 131072 || (rcv >= 4096 && rcv < 131072 && rcv % 2 == 0));
  set_int(s, SOL_SOCKET, SO_SNDBUF, 32768);
  int snd = get_int(s, SOL_SOCKET, SO_SNDBUF);
  CHECK(snd == 65536 || (snd >= 4096 && snd < 65536 && snd % 2 == 0));

  /* struct linger round trip. */
  struct linger lg = {1, 7};
  CHECK_SYS(setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
  struct linger lg2 = {0, 0};
  socklen_t len = sizeof lg2;
  CHECK_SYS(getsockopt(s, SOL_SOCKET, SO_LINGER, &lg2, &len));
  CHECK_EQ(len, sizeof lg2);
  CHECK(lg2.l_onoff != 0);
  CHECK_EQ(lg2.l_linger, 7);

  /* struct timeval option (SO_RCVTIMEO), then a timed-out receive. */
  struct timeval tv = {0, 100000};
  CHECK_SYS(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  struct timeval tv2 = {0, 0};
  len = sizeof tv2;
  CHECK_SYS(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv2, &len));
  CHECK_EQ(tv2.tv_sec, 0);
  CHECK_EQ(tv2.tv_usec, 100000);
  printf("options round-tripped\n");

  int u = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(u >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK_SYS(bind(u, (struct sockaddr *)&a, sizeof a));
  CHECK_SYS(setsockopt(u, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  long long t0 = wt_now_ns();
  char buf[8];
  ssize_t r = recv(u, buf, sizeof buf, 0);
  int err = errno;
  long long waited = wt_now_ns() - t0;
  CHECK_EQ(r, -1);
  CHECK(err == EAGAIN || err == EWOULDBLOCK);
  CHECK(waited >= 80000000LL); /* about 100 ms */
  CHECK(waited < 1500000000LL);
  printf("recv timed out\n");
  CHECK_EQ(get_int(u, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
  set_int(u, SOL_SOCKET, SO_BROADCAST, 1);
  CHECK(get_int(u, SOL_SOCKET, SO_BROADCAST) != 0);

  /* Errors: unknown option, bad level, short option buffer, not a socket. */
  int v = 1;
  CHECK_ERRNO(setsockopt(s, SOL_SOCKET, 0x7777, &v, sizeof v), ENOPROTOOPT);
  CHECK_ERRNO(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, 1), EINVAL);
  len = sizeof v;
  CHECK_ERRNO(getsockopt(s, IPPROTO_TCP, 0x7777, &v, &len), ENOPROTOOPT);
  int fd = open("/dev/null", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERRNO(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v), ENOTSOCK);
  CHECK_SYS(close(fd));
  CHECK_SYS(close(u));
  CHECK_SYS(close(s));
  printf("PASS\n");
  return 0;
}
