/* time: clock_gettime on the standard clocks: monotonic never goes back,
 * realtime is plausible, CPU clocks advance with work, bad clocks fail. */
#include "wali_test.h"
#include <sys/time.h>

int main(void) {
  struct timespec prev, cur;
  CHECK_SYS(clock_gettime(CLOCK_MONOTONIC, &prev));
  for (int i = 0; i < 10000; i++) {
    CHECK_SYS(clock_gettime(CLOCK_MONOTONIC, &cur));
    CHECK(cur.tv_nsec >= 0 && cur.tv_nsec < 1000000000L);
    CHECK(cur.tv_sec > prev.tv_sec || (cur.tv_sec == prev.tv_sec && cur.tv_nsec >= prev.tv_nsec));
    prev = cur;
  }
  printf("monotonic: non-decreasing over 10000 reads\n");

  /* It advances across a sleep. */
  long long a = wt_now_ns();
  wt_sleep_ms(20);
  long long b = wt_now_ns();
  CHECK(b - a >= 20000000LL);
  CHECK(b - a < 2000000000LL);

  struct timespec rt;
  CHECK_SYS(clock_gettime(CLOCK_REALTIME, &rt));
  CHECK(rt.tv_sec > 1600000000); /* after September 2020 */
  CHECK(rt.tv_nsec >= 0 && rt.tv_nsec < 1000000000L);
  /* time() and gettimeofday agree with CLOCK_REALTIME. */
  time_t t = time(NULL);
  CHECK(t >= rt.tv_sec && t <= rt.tv_sec + 2);
  struct timeval tv;
  CHECK_SYS(gettimeofday(&tv, NULL));
  CHECK(tv.tv_sec >= rt.tv_sec && tv.tv_sec <= rt.tv_sec + 2);
  CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  printf("realtime: plausible\n");

  struct timespec other;
  CHECK_SYS(clock_gettime(CLOCK_MONOTONIC_RAW, &other));
  CHECK_SYS(clock_gettime(CLOCK_BOOTTIME, &other));
  CHECK_SYS(clock_gettime(CLOCK_REALTIME_COARSE, &other));
  CHECK_SYS(clock_gettime(CLOCK_MONOTONIC_COARSE, &other));

  /* CPU time clocks grow with busy work. */
  struct timespec c0, c1, t0, t1;
  CHECK_SYS(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0));
  CHECK_SYS(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0));
  volatile unsigned long x = 0;
  for (unsigned long i = 0; i < 2000000UL; i++) {
    x += i ^ (x >> 3);
  }
  CHECK_SYS(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1));
  CHECK_SYS(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1));
  long long cpu = (c1.tv_sec - c0.tv_sec) * 1000000000LL + (c1.tv_nsec - c0.tv_nsec);
  long long thr = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
  CHECK(cpu > 0);
  CHECK(thr > 0);
  printf("cpu clocks advance\n");

  CHECK_ERRNO(clock_gettime((clockid_t)999, &cur), EINVAL);
  printf("PASS\n");
  return 0;
}
