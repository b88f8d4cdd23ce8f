/* sockets: TCP over the IPv6 loopback ::1. Machines without IPv6 print
 * "ipv6 unavailable" and pass (same outcome natively and under WALI). */
#include "wali_test.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int main(void) {
  int srv = socket(AF_INET6, SOCK_STREAM, 0);
  if (srv < 0 && (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT)) {
    printf("ipv6 unavailable\nPASS\n");
    return 0;
  }
  CHECK(srv >= 0);
  struct sockaddr_in6 addr;
  memset(&addr, 0, sizeof addr);
  addr.sin6_family = AF_INET6;
  addr.sin6_addr = in6addr_loopback;
  if (bind(srv, (struct sockaddr *)&addr, sizeof addr) != 0) {
    CHECK(errno == EADDRNOTAVAIL || errno == EAFNOSUPPORT);
    printf("ipv6 unavailable\nPASS\n");
    close(srv);
    return 0;
  }
  CHECK_SYS(listen(srv, 4));
  socklen_t len = sizeof addr;
  CHECK_SYS(getsockname(srv, (struct sockaddr *)&addr, &len));
  CHECK_EQ(len, sizeof addr);
  CHECK_EQ(addr.sin6_family, AF_INET6);
  CHECK(ntohs(addr.sin6_port) != 0);
  char text[INET6_ADDRSTRLEN];
  CHECK(inet_ntop(AF_INET6, &addr.sin6_addr, text, sizeof text) != NULL);
  printf("listening on [%s]\n", text);

  int v6only = -1;
  len = sizeof v6only;
  CHECK_SYS(getsockopt(srv, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len));
  CHECK(v6only == 0 || v6only == 1);

  int cli = socket(AF_INET6, SOCK_STREAM, 0);
  CHECK(cli >= 0);
  CHECK_SYS(connect(cli, (struct sockaddr *)&addr, sizeof addr));
  struct sockaddr_in6 peer;
  len = sizeof peer;
  int conn = accept(srv, (struct sockaddr *)&peer, &len);
  CHECK(conn >= 0);
  CHECK(IN6_IS_ADDR_LOOPBACK(&peer.sin6_addr));

  struct sockaddr_in6 cname;
  len = sizeof cname;
  CHECK_SYS(getsockname(cli, (struct sockaddr *)&cname, &len));
  CHECK_EQ(cname.sin6_port, peer.sin6_port);

  const char msg[] = "over ipv6";
  wt_write_all(cli, msg, sizeof msg);
  char buf[32];
  CHECK_EQ(wt_read_full(conn, buf, sizeof msg), sizeof msg);
  printf("server got: %s\n", buf);
  CHECK_SYS(shutdown(cli, SHUT_WR));
  CHECK_EQ(read(conn, buf, sizeof buf), 0);
  CHECK_SYS(close(conn));
  CHECK_SYS(close(cli));
  CHECK_SYS(close(srv));

  /* inet_pton/ntop round trip of a few literal forms (pure libc). */
  struct in6_addr a;
  CHECK_EQ(inet_pton(AF_INET6, "::ffff:127.0.0.1", &a), 1);
  CHECK(IN6_IS_ADDR_V4MAPPED(&a));
  CHECK_EQ(inet_pton(AF_INET6, "not-an-address", &a), 0);
  printf("PASS\n");
  return 0;
}
