/* poll: epoll_create1/epoll_ctl/epoll_wait, level-triggered readiness and the
 * 64-bit user data round trip (struct epoll_event is packed on x86_64). */
#include "wali_test.h"
#include <sys/epoll.h>

int main(void) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  CHECK(ep >= 0);
  CHECK_EQ(fcntl(ep, F_GETFD), FD_CLOEXEC);

  int p[3][2];
  for (int i = 0; i < 3; i++) {
    CHECK_SYS(pipe(p[i]));
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.u64 = 0x1122334455667700ULL + (unsigned)i;
    CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_ADD, p[i][0], &ev));
  }
  struct epoll_event evs[8];
  CHECK_EQ(epoll_wait(ep, evs, 8, 0), 0);

  CHECK_EQ(write(p[1][1], "x", 1), 1);
  CHECK_EQ(epoll_wait(ep, evs, 8, 1000), 1);
  CHECK_EQ(evs[0].events, EPOLLIN);
  printf("data: %llx\n", (unsigned long long)evs[0].data.u64);
  CHECK_EQ(evs[0].data.u64, 0x1122334455667701ULL);
  /* Level-triggered: still reported until drained. */
  CHECK_EQ(epoll_wait(ep, evs, 8, 0), 1);

  CHECK_EQ(write(p[2][1], "y", 1), 1);
  CHECK_EQ(write(p[0][1], "z", 1), 1);
  int n = epoll_wait(ep, evs, 8, 1000);
  CHECK_EQ(n, 3);
  unsigned seen = 0;
  for (int i = 0; i < n; i++) {
    seen |= 1u << (evs[i].data.u64 & 0xff);
  }
  CHECK_EQ(seen, 7);
  /* maxevents limits the batch. */
  CHECK_EQ(epoll_wait(ep, evs, 2, 0), 2);

  /* EPOLL_CTL_MOD to watch for output instead; data.fd variant. */
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.events = EPOLLOUT;
  ev.data.fd = p[0][0];
  CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_MOD, p[0][0], &ev));
  char c;
  for (int i = 0; i < 3; i++) {
    CHECK_EQ(read(p[i][0], &c, 1), 1);
  }
  CHECK_EQ(epoll_wait(ep, evs, 8, 0), 0); /* a read end never becomes writable */

  /* Writer closed -> EPOLLHUP on the read end, even without asking. */
  CHECK_SYS(close(p[2][1]));
  CHECK_EQ(epoll_wait(ep, evs, 8, 0), 1);
  CHECK(evs[0].events & EPOLLHUP);
  CHECK_EQ(evs[0].data.u64 & 0xff, 2);

  CHECK_SYS(epoll_ctl(ep, EPOLL_CTL_DEL, p[2][0], NULL));
  CHECK_EQ(epoll_wait(ep, evs, 8, 0), 0);
  CHECK_ERRNO(epoll_ctl(ep, EPOLL_CTL_DEL, p[2][0], NULL), ENOENT);
  ev.events = EPOLLIN;
  CHECK_ERRNO(epoll_ctl(ep, EPOLL_CTL_ADD, p[1][0], &ev), EEXIST);
  CHECK_ERRNO(epoll_ctl(ep, EPOLL_CTL_MOD, p[2][1], &ev), EBADF);
  CHECK_ERRNO(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
  int f = open(wt_path("regular"), O_CREAT | O_RDWR, 0600);
  CHECK_ERRNO(epoll_ctl(ep, EPOLL_CTL_ADD, f, &ev), EPERM);
  CHECK_SYS(close(f));
  CHECK_ERRNO(epoll_wait(ep, evs, 0, 0), EINVAL);

  /* A timeout with nothing ready. */
  long long t0 = wt_now_ns();
  CHECK_EQ(epoll_wait(ep, evs, 8, 30), 0);
  CHECK(wt_now_ns() - t0 >= 25000000LL);

  for (int i = 0; i < 3; i++) {
    CHECK_SYS(close(p[i][0]));
    if (i != 2) {
      CHECK_SYS(close(p[i][1]));
    }
  }
  CHECK_SYS(close(ep));
  printf("PASS\n");
  return 0;
}
