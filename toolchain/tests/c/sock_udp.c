/* sockets: UDP sendto/recvfrom on 127.0.0.1 preserves datagram boundaries and
 * reports the sender; connected UDP; MSG_PEEK and MSG_TRUNC. */
#include "wali_test.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

static int udp_bound(struct sockaddr_in *out) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK_SYS(bind(s, (struct sockaddr *)&a, sizeof a));
  socklen_t len = sizeof *out;
  CHECK_SYS(getsockname(s, (struct sockaddr *)out, &len));
  return s;
}

static void wait_readable(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  CHECK_EQ(poll(&p, 1, 2000), 1);
}

int main(void) {
  struct sockaddr_in aaddr, baddr;
  int a = udp_bound(&aaddr);
  int b = udp_bound(&baddr);
  CHECK(aaddr.sin_port != baddr.sin_port);

  const char *msgs[] = {"first", "second datagram", "3"};
  for (int i = 0; i < 3; i++) {
    CHECK_EQ(sendto(a, msgs[i], strlen(msgs[i]), 0, (struct sockaddr *)&baddr, sizeof baddr),
             strlen(msgs[i]));
  }
  for (int i = 0; i < 3; i++) {
    char buf[64] = {0};
    struct sockaddr_in from;
    socklen_t len = sizeof from;
    wait_readable(b);
    ssize_t n = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    CHECK_EQ(n, strlen(msgs[i]));
    CHECK_EQ(from.sin_port, aaddr.sin_port);
    CHECK_EQ(from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
    printf("datagram %d: %s\n", i, buf);
  }

  /* MSG_PEEK leaves the datagram queued; a short buffer truncates the rest away. */
  CHECK_EQ(sendto(a, "0123456789", 10, 0, (struct sockaddr *)&baddr, sizeof baddr), 10);
  wait_readable(b);
  char buf[64] = {0};
  CHECK_EQ(recv(b, buf, 4, MSG_PEEK), 4);
  CHECK_EQ(recv(b, buf, 4, MSG_PEEK | MSG_TRUNC), 10); /* real length */
  struct iovec iov = {buf, 4};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  CHECK_EQ(recvmsg(b, &mh, 0), 4);
  CHECK(mh.msg_flags & MSG_TRUNC);
  printf("truncated to: %.4s\n", buf);
  CHECK_ERRNO(recv(b, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);

  /* Empty datagram. */
  CHECK_EQ(sendto(a, "", 0, 0, (struct sockaddr *)&baddr, sizeof baddr), 0);
  wait_readable(b);
  CHECK_EQ(recv(b, buf, sizeof buf, 0), 0);

  /* Connected UDP: send/recv without addresses; others' datagrams are filtered. */
  CHECK_SYS(connect(a, (struct sockaddr *)&baddr, sizeof baddr));
  CHECK_SYS(connect(b, (struct sockaddr *)&aaddr, sizeof aaddr));
  CHECK_EQ(send(a, "ping", 4, 0), 4);
  wait_readable(b);
  CHECK_EQ(recv(b, buf, sizeof buf, 0), 4);
  CHECK_EQ(send(b, "pong", 4, 0), 4);
  wait_readable(a);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(recv(a, buf, sizeof buf, 0), 4);
  printf("reply: %s\n", buf);
  struct sockaddr_in peer;
  socklen_t len = sizeof peer;
  CHECK_SYS(getpeername(a, (struct sockaddr *)&peer, &len));
  CHECK_EQ(peer.sin_port, baddr.sin_port);

  /* An unconnected UDP socket without a destination cannot send. */
  int c = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(c >= 0);
  CHECK_ERRNO(send(c, "x", 1, 0), EDESTADDRREQ);
  len = sizeof peer;
  CHECK_ERRNO(getpeername(c, (struct sockaddr *)&peer, &len), ENOTCONN);
  /* Oversized datagram. */
  static char huge[70000];
  CHECK_ERRNO(sendto(c, huge, sizeof huge, 0, (struct sockaddr *)&baddr, sizeof baddr),
              EMSGSIZE);
  CHECK_SYS(close(c));
  CHECK_SYS(close(a));
  CHECK_SYS(close(b));
  printf("PASS\n");
  return 0;
}
