/* pipes: non-blocking ends report EAGAIN when empty or full; capacity and
 * PIPE_BUF atomicity. */
#include "wali_test.h"
#include <limits.h>
#include <signal.h>

int main(void) {
  int p[2];
  CHECK_SYS(pipe2(p, O_NONBLOCK));
  char buf[4096];
  CHECK_ERRNO(read(p[0], buf, sizeof buf), EAGAIN);

  /* Fill the pipe until the writer would block. */
  memset(buf, 'z', sizeof buf);
  long total = 0;
  int rounds = 0;
  for (; rounds < 10000; rounds++) {
    ssize_t n = write(p[1], buf, sizeof buf);
    if (n < 0) {
      CHECK_EQ(errno, EAGAIN);
      break;
    }
    total += n;
  }
  CHECK(rounds < 10000);
  CHECK(total >= 4096);
  /* Even a one-byte write fails once the pipe is truly full... unless a page
   * is partially used; a PIPE_BUF-sized write must not be split. */
  ssize_t n = write(p[1], buf, PIPE_BUF);
  CHECK_EQ(n, -1);
  CHECK_EQ(errno, EAGAIN);
  printf("filled pipe: capacity at least 4096: %s\n", total >= 4096 ? "yes" : "no");

  /* Drain everything; then EAGAIN again. */
  long drained = 0;
  for (int i = 0; i < 100000; i++) {
    ssize_t r = read(p[0], buf, sizeof buf);
    if (r < 0) {
      CHECK_EQ(errno, EAGAIN);
      break;
    }
    CHECK(r > 0);
    drained += r;
  }
  CHECK_EQ(drained, total);

  /* With the reader gone, a non-blocking writer gets EPIPE (SIGPIPE ignored). */
  signal(SIGPIPE, SIG_IGN);
  CHECK_SYS(close(p[0]));
  CHECK_ERRNO(write(p[1], "x", 1), EPIPE);
  CHECK_SYS(close(p[1]));

  /* O_NONBLOCK on only the read end: the writer still blocks normally. */
  CHECK_SYS(pipe(p));
  CHECK_SYS(fcntl(p[0], F_SETFL, O_NONBLOCK));
  CHECK_EQ(fcntl(p[1], F_GETFL) & O_NONBLOCK, 0);
  CHECK_ERRNO(read(p[0], buf, 1), EAGAIN);
  CHECK_EQ(write(p[1], "ab", 2), 2);
  CHECK_EQ(read(p[0], buf, 10), 2);
  /* EOF on a non-blocking reader is 0, not EAGAIN. */
  CHECK_SYS(close(p[1]));
  CHECK_EQ(read(p[0], buf, 10), 0);
  CHECK_SYS(close(p[0]));
  printf("PASS\n");
  return 0;
}
