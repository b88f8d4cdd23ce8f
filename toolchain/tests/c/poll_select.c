/* poll: select and pselect with fd_set bit arrays on pipes and a socketpair. */
#include "wali_test.h"
#include <signal.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>

int main(void) {
  int p[2], sv[2];
  CHECK_SYS(pipe(p));
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  int maxfd = p[0];
  int all[] = {p[0], p[1], sv[0], sv[1]};
  for (int i = 0; i < 4; i++) {
    if (all[i] > maxfd) {
      maxfd = all[i];
    }
  }

  fd_set rd, wr;
  FD_ZERO(&rd);
  FD_ZERO(&wr);
  FD_SET(p[0], &rd);
  FD_SET(sv[1], &rd);
  FD_SET(p[1], &wr);
  struct timeval tv = {0, 0};
  CHECK_EQ(select(maxfd + 1, &rd, &wr, NULL, &tv), 1);
  CHECK(!FD_ISSET(p[0], &rd));
  CHECK(!FD_ISSET(sv[1], &rd));
  CHECK(FD_ISSET(p[1], &wr));

  /* Timeout expires with nothing readable. */
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  tv.tv_sec = 0;
  tv.tv_usec = 30000;
  long long t0 = wt_now_ns();
  CHECK_EQ(select(maxfd + 1, &rd, NULL, NULL, &tv), 0);
  CHECK(wt_now_ns() - t0 >= 25000000LL);
  CHECK(!FD_ISSET(p[0], &rd));

  CHECK_EQ(write(p[1], "a", 1), 1);
  CHECK_EQ(write(sv[0], "b", 1), 1);
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  FD_SET(sv[1], &rd);
  tv.tv_sec = 1;
  tv.tv_usec = 0;
  CHECK_EQ(select(maxfd + 1, &rd, NULL, NULL, &tv), 2);
  CHECK(FD_ISSET(p[0], &rd) && FD_ISSET(sv[1], &rd));

  /* pselect with a timespec and a mask. */
  sigset_t mask;
  sigemptyset(&mask);
  struct timespec ts = {0, 10000000};
  FD_ZERO(&rd);
  FD_SET(sv[1], &rd);
  CHECK_EQ(pselect(maxfd + 1, &rd, NULL, NULL, &ts, &mask), 1);
  char c;
  CHECK_EQ(read(sv[1], &c, 1), 1);
  FD_ZERO(&rd);
  FD_SET(sv[1], &rd);
  CHECK_EQ(pselect(maxfd + 1, &rd, NULL, NULL, &ts, NULL), 0);

  /* A closed descriptor in a set is EBADF; nfds < 0 is EINVAL. */
  int closed = dup(p[0]);
  CHECK_SYS(close(closed));
  FD_ZERO(&rd);
  FD_SET(closed, &rd);
  tv.tv_sec = 0;
  tv.tv_usec = 0;
  CHECK_ERRNO(select(closed + 1, &rd, NULL, NULL, &tv), EBADF);
  CHECK_ERRNO(select(-1, NULL, NULL, NULL, &tv), EINVAL);

  /* select with no sets is a sleep. */
  tv.tv_sec = 0;
  tv.tv_usec = 5000;
  CHECK_EQ(select(0, NULL, NULL, NULL, &tv), 0);
  for (int i = 0; i < 4; i++) {
    CHECK_SYS(close(all[i]));
  }
  printf("select semantics ok\n");
  printf("PASS\n");
  return 0;
}
