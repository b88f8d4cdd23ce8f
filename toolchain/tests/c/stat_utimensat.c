/* stat: utimensat/futimens set access and modification times; UTIME_OMIT and
 * UTIME_NOW behave as specified. */
#include "wali_test.h"
#include <sys/time.h>

int main(void) {
  const char *f = wt_path("f");
  int fd = open(f, O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);

  struct timespec ts[2] = {{1000000000, 123456789}, {1200000000, 987654321}};
  CHECK_SYS(utimensat(AT_FDCWD, f, ts, 0));
  struct stat st;
  CHECK_SYS(stat(f, &st));
  CHECK_EQ(st.st_atim.tv_sec, 1000000000);
  CHECK_EQ(st.st_mtim.tv_sec, 1200000000);
  /* Nanoseconds may be truncated to the file system's granularity. */
  CHECK(st.st_atim.tv_nsec <= 123456789);
  CHECK(st.st_mtim.tv_nsec <= 987654321);
  printf("atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec,
         (long long)st.st_mtim.tv_sec);

  /* UTIME_OMIT keeps atime; the mtime changes. */
  struct timespec ts2[2] = {{0, UTIME_OMIT}, {1300000000, 0}};
  CHECK_SYS(futimens(fd, ts2));
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_atim.tv_sec, 1000000000);
  CHECK_EQ(st.st_mtim.tv_sec, 1300000000);
  CHECK_EQ(st.st_mtim.tv_nsec, 0);

  /* UTIME_NOW uses the current time. */
  struct timespec now;
  CHECK_SYS(clock_gettime(CLOCK_REALTIME, &now));
  struct timespec ts3[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
  CHECK_SYS(utimensat(AT_FDCWD, f, ts3, 0));
  CHECK_SYS(stat(f, &st));
  CHECK(st.st_mtim.tv_sec >= now.tv_sec - 1 && st.st_mtim.tv_sec <= now.tv_sec + 5);
  CHECK(st.st_atim.tv_sec >= now.tv_sec - 1);

  /* NULL times also means now. */
  CHECK_SYS(futimens(fd, ts));
  CHECK_SYS(utimensat(AT_FDCWD, f, NULL, 0));
  CHECK_SYS(stat(f, &st));
  CHECK(st.st_mtim.tv_sec >= now.tv_sec - 1);

  /* AT_SYMLINK_NOFOLLOW changes the link, not the target. */
  CHECK_SYS(utimensat(AT_FDCWD, f, ts, 0));
  CHECK_SYS(symlink("f", wt_path("ln")));
  struct timespec ts4[2] = {{1100000000, 0}, {1100000000, 0}};
  CHECK_SYS(utimensat(AT_FDCWD, wt_path("ln"), ts4, AT_SYMLINK_NOFOLLOW));
  struct stat lst;
  CHECK_SYS(lstat(wt_path("ln"), &lst));
  CHECK_EQ(lst.st_mtim.tv_sec, 1100000000);
  CHECK_SYS(stat(f, &st));
  CHECK_EQ(st.st_mtim.tv_sec, 1200000000);

  /* utimes (microseconds) through libc. */
  struct timeval tv[2] = {{1400000000, 5}, {1500000000, 6}};
  CHECK_SYS(utimes(f, tv));
  CHECK_SYS(stat(f, &st));
  CHECK_EQ(st.st_mtim.tv_sec, 1500000000);

  struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
  CHECK_ERRNO(utimensat(AT_FDCWD, f, bad, 0), EINVAL);
  CHECK_ERRNO(utimensat(AT_FDCWD, wt_path("missing"), ts, 0), ENOENT);
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
