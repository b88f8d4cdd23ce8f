/* timers as descriptors: timerfd_create, timerfd_settime (relative, absolute,
 * periodic, disarmed), timerfd_gettime, blocking and non-blocking reads, poll,
 * close-on-exec, and the errors Linux gives for bad arguments. */
#include "wali_test.h"
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>

static uint64_t expirations(int fd) {
  uint64_t n = 0;
  CHECK_EQ(read(fd, &n, sizeof n), (ssize_t)sizeof n);
  return n;
}

int main(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
  CHECK(fd >= 0);
  CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);

  /* Disarmed: gettime says zero, a non-blocking read has nothing. */
  struct itimerspec cur;
  CHECK_SYS(timerfd_gettime(fd, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
  int nb = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  CHECK(nb >= 0);
  CHECK_EQ(fcntl(nb, F_GETFD), 0);
  uint64_t n;
  CHECK_ERRNO(read(nb, &n, sizeof n), EAGAIN);

  /* One shot, 20 ms: a blocking read returns one expiration; then disarmed. */
  struct itimerspec once = {{0, 0}, {0, 20 * 1000 * 1000}};
  struct itimerspec old;
  CHECK_SYS(timerfd_settime(fd, 0, &once, &old));
  CHECK(old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);
  CHECK_SYS(timerfd_gettime(fd, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 &&
        cur.it_value.tv_nsec <= 20 * 1000 * 1000);
  printf("one shot: %llu\n", (unsigned long long)expirations(fd));
  CHECK_SYS(timerfd_gettime(fd, &cur));
  CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

  /* Periodic, 5 ms: poll sees it readable, then at least one expiration. */
  struct itimerspec every = {{0, 5 * 1000 * 1000}, {0, 5 * 1000 * 1000}};
  CHECK_SYS(timerfd_settime(nb, 0, &every, NULL));
  struct pollfd p = {nb, POLLIN, 0};
  CHECK_EQ(poll(&p, 1, 5000), 1);
  CHECK(p.revents & POLLIN);
  printf("periodic: %s\n", expirations(nb) >= 1 ? "at least one" : "none");
  CHECK_SYS(timerfd_gettime(nb, &cur));
  CHECK(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 5 * 1000 * 1000);
  /* Setting a zero value disarms it and reports the old setting. */
  struct itimerspec off = {{0, 0}, {0, 0}};
  CHECK_SYS(timerfd_settime(nb, 0, &off, &old));
  CHECK(old.it_interval.tv_nsec == 5 * 1000 * 1000);

  /* Absolute time in the past: expired at once. */
  struct timespec now;
  CHECK_SYS(clock_gettime(CLOCK_MONOTONIC, &now));
  struct itimerspec past = {{0, 0}, {now.tv_sec > 1 ? now.tv_sec - 1 : 0, 1}};
  CHECK_SYS(timerfd_settime(fd, TFD_TIMER_ABSTIME, &past, NULL));
  printf("absolute, in the past: %llu\n", (unsigned long long)expirations(fd));

  /* Errors. */
  CHECK_ERRNO(timerfd_create(CLOCK_MONOTONIC, 0x1234), EINVAL);
  CHECK_ERRNO(timerfd_create(12345, 0), EINVAL);
  struct itimerspec bad = {{0, 0}, {0, 1000 * 1000 * 1000}};
  CHECK_ERRNO(timerfd_settime(fd, 0, &bad, NULL), EINVAL);
  CHECK_ERRNO(timerfd_settime(fd, 0x40, &once, NULL), EINVAL);
  CHECK_ERRNO(timerfd_settime(-1, 0, &once, NULL), EBADF);
  CHECK_ERRNO(timerfd_gettime(999, &cur), EBADF);
  int pp[2];
  CHECK_SYS(pipe(pp));
  CHECK_ERRNO(timerfd_settime(pp[0], 0, &once, NULL), EINVAL);
  CHECK_ERRNO(timerfd_gettime(pp[1], &cur), EINVAL);

  CHECK_SYS(close(pp[0]));
  CHECK_SYS(close(pp[1]));
  CHECK_SYS(close(nb));
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
