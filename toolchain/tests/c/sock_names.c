/* sockets: getsockname/getpeername on both ends of a TCP connection, address
 * length handling, and the errors for unbound or unconnected sockets. */
#include "wali_test.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int main(void) {
  int srv = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(srv >= 0);
  struct sockaddr_in sa;
  socklen_t len = sizeof sa;
  /* An unbound socket reports 0.0.0.0:0. */
  CHECK_SYS(getsockname(srv, (struct sockaddr *)&sa, &len));
  CHECK_EQ(sa.sin_family, AF_INET);
  CHECK_EQ(sa.sin_port, 0);
  CHECK_EQ(sa.sin_addr.s_addr, 0);
  len = sizeof sa;
  CHECK_ERRNO(getpeername(srv, (struct sockaddr *)&sa, &len), ENOTCONN);

  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK_SYS(bind(srv, (struct sockaddr *)&sa, sizeof sa));
  /* Binding twice is refused. */
  CHECK_ERRNO(bind(srv, (struct sockaddr *)&sa, sizeof sa), EINVAL);
  CHECK_SYS(listen(srv, 2));
  len = sizeof sa;
  CHECK_SYS(getsockname(srv, (struct sockaddr *)&sa, &len));
  char ip[INET_ADDRSTRLEN];
  CHECK(inet_ntop(AF_INET, &sa.sin_addr, ip, sizeof ip) != NULL);
  printf("server address: %s\n", ip);

  int cli = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(cli >= 0);
  CHECK_SYS(connect(cli, (struct sockaddr *)&sa, sizeof sa));
  int conn = accept(srv, NULL, NULL);
  CHECK(conn >= 0);

  struct sockaddr_in c_local, c_peer, s_local, s_peer;
  socklen_t l1 = sizeof c_local, l2 = sizeof c_peer, l3 = sizeof s_local, l4 = sizeof s_peer;
  CHECK_SYS(getsockname(cli, (struct sockaddr *)&c_local, &l1));
  CHECK_SYS(getpeername(cli, (struct sockaddr *)&c_peer, &l2));
  CHECK_SYS(getsockname(conn, (struct sockaddr *)&s_local, &l3));
  CHECK_SYS(getpeername(conn, (struct sockaddr *)&s_peer, &l4));
  CHECK(l1 == sizeof c_local && l2 == sizeof c_peer && l3 == sizeof s_local && l4 == sizeof s_peer);
  /* The two ends mirror each other. */
  CHECK_EQ(c_local.sin_port, s_peer.sin_port);
  CHECK_EQ(c_peer.sin_port, s_local.sin_port);
  CHECK_EQ(c_peer.sin_port, sa.sin_port);
  CHECK_EQ(c_local.sin_addr.s_addr, s_peer.sin_addr.s_addr);
  CHECK(c_local.sin_port != 0 && c_local.sin_port != sa.sin_port);
  printf("ends mirror each other\n");

  /* A short buffer truncates but reports the full length. */
  char small[4];
  socklen_t slen = sizeof small;
  CHECK_SYS(getsockname(cli, (struct sockaddr *)small, &slen));
  CHECK_EQ(slen, sizeof(struct sockaddr_in));

  CHECK_ERRNO(getsockname(-1, (struct sockaddr *)&sa, &len), EBADF);
  int fd = open("/dev/null", O_RDONLY);
  CHECK(fd >= 0);
  len = sizeof sa;
  CHECK_ERRNO(getsockname(fd, (struct sockaddr *)&sa, &len), ENOTSOCK);
  CHECK_SYS(close(fd));

  /* inet_addr/inet_pton/htons are plain libc and must agree. */
  struct in_addr ia;
  CHECK_EQ(inet_pton(AF_INET, "127.0.0.1", &ia), 1);
  CHECK_EQ(ia.s_addr, htonl(INADDR_LOOPBACK));
  CHECK_EQ(htons(0x1234), ntohs(0x1234));

  CHECK_SYS(close(conn));
  CHECK_SYS(close(cli));
  CHECK_SYS(close(srv));
  printf("PASS\n");
  return 0;
}
