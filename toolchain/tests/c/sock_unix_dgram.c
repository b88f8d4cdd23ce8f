/* sockets: AF_UNIX datagram sockets keep message boundaries and report the
 * sender's bound path. */
#include "wali_test.h"
#include <sys/socket.h>
#include <sys/un.h>

static socklen_t make_addr(struct sockaddr_un *a, const char *name) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  strcpy(a->sun_path, name);
  return (socklen_t)sizeof *a;
}

int main(void) {
  char old[4096];
  CHECK(getcwd(old, sizeof old) != NULL);
  CHECK_SYS(chdir(wt_tmpdir()));

  struct sockaddr_un sa, ca;
  socklen_t slen = make_addr(&sa, "server.sock");
  socklen_t clen = make_addr(&ca, "client.sock");
  int s = socket(AF_UNIX, SOCK_DGRAM, 0);
  int c = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK(s >= 0 && c >= 0);
  CHECK_SYS(bind(s, (struct sockaddr *)&sa, slen));
  CHECK_SYS(bind(c, (struct sockaddr *)&ca, clen));

  const char *msgs[] = {"one", "two two", "three three three", ""};
  for (int i = 0; i < 4; i++) {
    CHECK_EQ(sendto(c, msgs[i], strlen(msgs[i]), 0, (struct sockaddr *)&sa, slen),
             strlen(msgs[i]));
  }
  for (int i = 0; i < 4; i++) {
    char buf[64] = {0};
    struct sockaddr_un from;
    socklen_t flen = sizeof from;
    ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen);
    CHECK_EQ(n, strlen(msgs[i]));
    CHECK_STR(from.sun_path, "client.sock");
    printf("msg %d (%zd bytes) from %s: %s\n", i, n, from.sun_path, buf);
  }

  /* Reply to the sender's address. */
  CHECK_EQ(sendto(s, "ack", 3, 0, (struct sockaddr *)&ca, clen), 3);
  char buf[16] = {0};
  CHECK_EQ(recv(c, buf, sizeof buf, 0), 3);
  printf("client got: %s\n", buf);

  /* A connected datagram socket. */
  CHECK_SYS(connect(c, (struct sockaddr *)&sa, slen));
  CHECK_EQ(send(c, "connected", 9, 0), 9);
  CHECK_EQ(recv(s, buf, sizeof buf, 0), 9);

  /* Sending to a path nobody is bound to fails. */
  struct sockaddr_un none;
  socklen_t nlen = make_addr(&none, "nobody.sock");
  int u = socket(AF_UNIX, SOCK_DGRAM, 0);
  CHECK(u >= 0);
  CHECK_ERRNO(sendto(u, "x", 1, 0, (struct sockaddr *)&none, nlen), ENOENT);
  /* Non-blocking receive on an empty socket. */
  CHECK_ERRNO(recv(s, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);

  /* socketpair(SOCK_DGRAM): boundaries preserved, oversized datagrams rejected. */
  int sv[2];
  CHECK_SYS(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  CHECK_EQ(send(sv[0], "ab", 2, 0), 2);
  CHECK_EQ(send(sv[0], "cde", 3, 0), 3);
  CHECK_EQ(recv(sv[1], buf, sizeof buf, 0), 2);
  CHECK_EQ(recv(sv[1], buf, sizeof buf, 0), 3);

  int fds[] = {s, c, u, sv[0], sv[1]};
  for (int i = 0; i < 5; i++) {
    CHECK_SYS(close(fds[i]));
  }
  CHECK_SYS(unlink("server.sock"));
  CHECK_SYS(unlink("client.sock"));
  CHECK_SYS(chdir(old));
  printf("PASS\n");
  return 0;
}
