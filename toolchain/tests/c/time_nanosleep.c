/* time: nanosleep and clock_nanosleep (relative and TIMER_ABSTIME) sleep at
 * least as long as asked; invalid requests fail with EINVAL. */
#include "wali_test.h"

int main(void) {
  long long t0 = wt_now_ns();
  struct timespec req = {0, 50000000}, rem = {9, 9};
  CHECK_SYS(nanosleep(&req, &rem));
  long long slept = wt_now_ns() - t0;
  CHECK(slept >= 50000000LL);
  CHECK(slept < 1500000000LL);
  printf("nanosleep 50ms: ok\n");

  /* Zero-length sleep returns immediately. */
  struct timespec zero = {0, 0};
  CHECK_SYS(nanosleep(&zero, NULL));

  struct timespec bad = {0, 1000000000L};
  CHECK_ERRNO(nanosleep(&bad, NULL), EINVAL);
  struct timespec neg = {-1, 0};
  CHECK_ERRNO(nanosleep(&neg, NULL), EINVAL);

  /* clock_nanosleep returns the error number instead of setting errno. */
  t0 = wt_now_ns();
  struct timespec rel = {0, 30000000};
  CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &rel, NULL), 0);
  CHECK(wt_now_ns() - t0 >= 30000000LL);

  struct timespec now;
  CHECK_SYS(clock_gettime(CLOCK_MONOTONIC, &now));
  struct timespec until = now;
  until.tv_nsec += 40000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL), 0);
  struct timespec after;
  CHECK_SYS(clock_gettime(CLOCK_MONOTONIC, &after));
  CHECK(after.tv_sec > until.tv_sec ||
        (after.tv_sec == until.tv_sec && after.tv_nsec >= until.tv_nsec));
  /* An absolute time in the past returns at once. */
  t0 = wt_now_ns();
  CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, NULL), 0);
  CHECK(wt_now_ns() - t0 < 500000000LL);
  printf("clock_nanosleep: ok\n");

  CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL), EINVAL);
  CHECK_EQ(clock_nanosleep((clockid_t)999, 0, &rel, NULL), EINVAL);

  /* usleep and sleep(0) from libc. */
  t0 = wt_now_ns();
  CHECK_SYS(usleep(10000));
  CHECK(wt_now_ns() - t0 >= 10000000LL);
  CHECK_EQ(sleep(0), 0);
  printf("PASS\n");
  return 0;
}
