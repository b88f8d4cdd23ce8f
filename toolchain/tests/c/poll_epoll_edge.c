/* poll: EPOLLET reports a transition once; EPOLLONESHOT disarms until re-armed;
 * epoll watching sockets of a small loopback server with 8 clients. */
#include "wali_test.h"
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

int main(void) {
  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  int p[2];
  CHECK_SYS(pipe2(p, O_NONBLOCK));
  struct epoll_event ev = {0};
  ev.events = EPOLLIN | EPOLLET;
  ev.data.u32 = 1;
  CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
  struct epoll_event out[4];

  CHECK_EQ(write(p[1], "ab", 2), 2);
  CHECK_EQ(epoll_wait(ep, out, 4, 1000), 1);
  /* Edge-triggered: no new edge, no new event, though data remains. */
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 0);
  CHECK_EQ(write(p[1], "c", 1), 1);
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);
  char buf[8];
  CHECK_EQ(read(p[0], buf, sizeof buf), 3);
  CHECK_ERRNO(read(p[0], buf, sizeof buf), EAGAIN);
  printf("edge-triggered ok\n");

  /* One-shot: reported once, then silent until EPOLL_CTL_MOD re-arms it. */
  ev.events = EPOLLIN | EPOLLONESHOT;
  CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
  CHECK_EQ(write(p[1], "d", 1), 1);
  CHECK_EQ(epoll_wait(ep, out, 4, 1000), 1);
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 0);
  CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
  CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);
  printf("one-shot ok\n");
  CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));

  /* A loopback server multiplexed with epoll. */
  int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  CHECK(l >= 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK_SYS(bind(l, (struct sockaddr *)&a, sizeof a));
  CHECK_SYS(listen(l, 16));
  socklen_t len = sizeof a;
  CHECK_SYS(getsockname(l, (struct sockaddr *)&a, &len));
  ev.events = EPOLLIN;
  ev.data.fd = l;
  CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev));

  enum { N = 8 };
  int cl[N];
  for (int i = 0; i < N; i++) {
    cl[i] = socket(AF_INET, SOCK_STREAM, 0);
    CHECK_SYS(connect(cl[i], (struct sockaddr *)&a, sizeof a));
    char msg[2] = {(char)('A' + i), 0};
    CHECK_EQ(write(cl[i], msg, 1), 1);
  }
  int accepted = 0, served = 0;
  for (int iter = 0; served < N && iter < 1000; iter++) {
    struct epoll_event evs[16];
    int n = epoll_wait(ep, evs, 16, 2000);
    CHECK(n > 0);
    for (int i = 0; i < n; i++) {
      if (evs[i].data.fd == l) {
        int c;
        while ((c = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          struct epoll_event cev = {0};
          cev.events = EPOLLIN;
          cev.data.fd = c;
          CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev));
          accepted++;
        }
        CHECK_EQ(errno, EAGAIN);
      } else {
        char ch;
        CHECK_EQ(read(evs[i].data.fd, &ch, 1), 1);
        ch = (char)(ch + 32);
        CHECK_EQ(write(evs[i].data.fd, &ch, 1), 1);
        CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_DEL, evs[i].data.fd, NULL));
        CHECK_SYS(close(evs[i].data.fd));
        served++;
      }
    }
  }
  CHECK_EQ(accepted, N);
  CHECK_EQ(served, N);
  char replies[N + 1] = {0};
  for (int i = 0; i < N; i++) {
    CHECK_EQ(wt_read_full(cl[i], &replies[i], 1), 1);
    CHECK_SYS(close(cl[i]));
  }
  printf("served %d clients: %s\n", served, replies);
  CHECK_SYS(close(l));
  CHECK_SYS(close(ep));
  printf("PASS\n");
  return 0;
}
