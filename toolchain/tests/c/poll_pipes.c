/* poll: readiness of pipe ends (POLLIN, POLLOUT, POLLHUP, POLLNVAL), timeouts,
 * negative fds ignored, and ppoll with a timespec. */
#include "wali_test.h"
#include <poll.h>
#include <signal.h>

int main(void) {
  int p[2];
  CHECK_SYS(pipe(p));
  struct pollfd fds[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};

  /* Only the write end is ready. */
  CHECK_EQ(poll(fds, 2, 0), 1);
  CHECK_EQ(fds[0].revents, 0);
  CHECK_EQ(fds[1].revents, POLLOUT);

  /* A timeout with nothing ready waits and returns 0. */
  long long t0 = wt_now_ns();
  CHECK_EQ(poll(fds, 1, 50), 0);
  CHECK(wt_now_ns() - t0 >= 45000000LL);

  CHECK_EQ(write(p[1], "x", 1), 1);
  CHECK_EQ(poll(fds, 2, 1000), 2);
  CHECK_EQ(fds[0].revents, POLLIN);

  /* Negative descriptors are skipped; closed ones report POLLNVAL. */
  int closed = dup(p[0]);
  CHECK_SYS(close(closed));
  struct pollfd odd[3] = {{-1, POLLIN, 0}, {closed, POLLIN, 0}, {p[0], POLLIN, 0}};
  CHECK_EQ(poll(odd, 3, 0), 2);
  CHECK_EQ(odd[0].revents, 0);
  CHECK_EQ(odd[1].revents, POLLNVAL);
  CHECK_EQ(odd[2].revents, POLLIN);

  /* Writer closed: the reader sees POLLHUP (with POLLIN while data remains). */
  CHECK_SYS(close(p[1]));
  fds[0].revents = 0;
  CHECK_EQ(poll(fds, 1, 0), 1);
  CHECK_EQ(fds[0].revents, POLLIN | POLLHUP);
  char c;
  CHECK_EQ(read(p[0], &c, 1), 1);
  CHECK_EQ(poll(fds, 1, 0), 1);
  CHECK_EQ(fds[0].revents, POLLHUP);
  CHECK_SYS(close(p[0]));

  /* Reader closed: the writer sees POLLERR. */
  CHECK_SYS(pipe(p));
  CHECK_SYS(close(p[0]));
  struct pollfd w = {p[1], POLLOUT, 0};
  CHECK_EQ(poll(&w, 1, 0), 1);
  CHECK(w.revents & POLLERR);
  CHECK_SYS(close(p[1]));

  /* ppoll with a timespec timeout and a signal mask. */
  CHECK_SYS(pipe(p));
  struct pollfd r = {p[0], POLLIN, 0};
  struct timespec ts = {0, 20000000};
  sigset_t mask;
  sigemptyset(&mask);
  t0 = wt_now_ns();
  CHECK_EQ(ppoll(&r, 1, &ts, &mask), 0);
  CHECK(wt_now_ns() - t0 >= 15000000LL);
  CHECK_EQ(write(p[1], "y", 1), 1);
  CHECK_EQ(ppoll(&r, 1, &ts, NULL), 1);
  CHECK_EQ(r.revents, POLLIN);
  /* poll with no descriptors is a sleep. */
  CHECK_EQ(poll(NULL, 0, 10), 0);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));
  printf("poll semantics ok\n");
  printf("PASS\n");
  return 0;
}
