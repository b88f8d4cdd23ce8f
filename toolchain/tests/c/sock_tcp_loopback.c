/* sockets: TCP client and server in one process on 127.0.0.1 (ephemeral port),
 * driven by poll: non-blocking connect, accept, echo, orderly close. */
#include "wali_test.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

static void wait_for(int fd, short events) {
  struct pollfd pfd = {fd, events, 0};
  int r = poll(&pfd, 1, 2000);
  CHECK_EQ(r, 1);
  CHECK(pfd.revents & events);
}

int main(void) {
  int srv = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(srv >= 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  CHECK_SYS(bind(srv, (struct sockaddr *)&addr, sizeof addr));
  CHECK_SYS(listen(srv, 8));
  socklen_t len = sizeof addr;
  CHECK_SYS(getsockname(srv, (struct sockaddr *)&addr, &len));
  CHECK_EQ(len, sizeof addr);
  CHECK(ntohs(addr.sin_port) != 0);

  int cli = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  CHECK(cli >= 0);
  int r = connect(cli, (struct sockaddr *)&addr, sizeof addr);
  CHECK(r == 0 || errno == EINPROGRESS);
  wait_for(srv, POLLIN);
  struct sockaddr_in peer;
  len = sizeof peer;
  int conn = accept(srv, (struct sockaddr *)&peer, &len);
  CHECK(conn >= 0);
  CHECK_EQ(peer.sin_family, AF_INET);
  CHECK_EQ(ntohl(peer.sin_addr.s_addr), INADDR_LOOPBACK);
  wait_for(cli, POLLOUT);
  int err = -1;
  len = sizeof err;
  CHECK_SYS(getsockopt(cli, SOL_SOCKET, SO_ERROR, &err, &len));
  CHECK_EQ(err, 0);
  printf("connected\n");

  /* Echo 64 KiB in pieces, polling both ends. */
  static char out[65536], in[65536], echoed[65536];
  wt_pattern(out, sizeof out, 11);
  size_t sent = 0, got = 0, back = 0;
  for (int iter = 0; back < sizeof out && iter < 100000; iter++) {
    struct pollfd pf[2] = {{cli, POLLIN | (sent < sizeof out ? POLLOUT : 0), 0},
                           {conn, POLLIN, 0}};
    CHECK(poll(pf, 2, 2000) > 0);
    if (pf[0].revents & POLLOUT) {
      ssize_t n = send(cli, out + sent, sizeof out - sent > 4000 ? 4000 : sizeof out - sent, 0);
      if (n > 0) {
        sent += (size_t)n;
      } else {
        CHECK_EQ(errno, EAGAIN);
      }
    }
    if (pf[1].revents & POLLIN) {
      ssize_t n = recv(conn, in + got, sizeof in - got, 0);
      CHECK(n > 0);
      /* Echo straight back (blocking socket; the client drains it). */
      wt_write_all(conn, in + got, (size_t)n);
      got += (size_t)n;
    }
    if (pf[0].revents & POLLIN) {
      ssize_t n = recv(cli, echoed + back, sizeof echoed - back, 0);
      if (n > 0) {
        back += (size_t)n;
      } else {
        CHECK_EQ(errno, EAGAIN);
      }
    }
  }
  CHECK_EQ(back, sizeof out);
  CHECK(memcmp(out, in, sizeof out) == 0);
  CHECK(memcmp(out, echoed, sizeof out) == 0);
  printf("echoed %zu bytes, fnv %08x\n", back, wt_fnv1a(echoed, back));

  /* Orderly close: the server reads EOF, then closes; the client reads EOF. */
  CHECK_SYS(close(cli));
  char c;
  wait_for(conn, POLLIN);
  CHECK_EQ(recv(conn, &c, 1, 0), 0);
  CHECK_SYS(close(conn));

  /* A second connection on the same listener, blocking this time. */
  cli = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(cli >= 0);
  CHECK_SYS(connect(cli, (struct sockaddr *)&addr, sizeof addr));
  CHECK_ERRNO(connect(cli, (struct sockaddr *)&addr, sizeof addr), EISCONN);
  conn = accept(srv, NULL, NULL);
  CHECK(conn >= 0);
  CHECK_EQ(send(conn, "bye", 3, 0), 3);
  char buf[8] = {0};
  CHECK_EQ(wt_read_full(cli, buf, 3), 3);
  printf("second connection: %s\n", buf);
  CHECK_SYS(close(conn));
  CHECK_EQ(recv(cli, buf, sizeof buf, 0), 0);
  CHECK_SYS(close(cli));
  CHECK_SYS(close(srv));
  printf("PASS\n");
  return 0;
}
