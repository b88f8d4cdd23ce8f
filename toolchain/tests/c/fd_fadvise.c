/* fds: posix_fadvise (SYS_fadvise) on a file with every advice, on a pipe, on
 * bad descriptors and with bad arguments. It returns the error number. */
#include "wali_test.h"

int main(void) {
  const char *path = wt_path("advised");
  int fd = open(path, O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "0123456789", 10);

  static const int advices[] = {POSIX_FADV_NORMAL,  POSIX_FADV_SEQUENTIAL,
                                POSIX_FADV_RANDOM,  POSIX_FADV_NOREUSE,
                                POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED};
  for (int i = 0; i < 6; i++) {
    printf("advice %d, whole file: %s\n", i, wt_errname(posix_fadvise(fd, 0, 0, advices[i])));
  }
  printf("range [4, 7): %s\n", wt_errname(posix_fadvise(fd, 4, 3, POSIX_FADV_WILLNEED)));
  printf("past the end: %s\n",
         wt_errname(posix_fadvise(fd, (off_t)1 << 40, 4096, POSIX_FADV_DONTNEED)));
  printf("unknown advice: %s\n", wt_errname(posix_fadvise(fd, 0, 0, 77)));
  printf("negative length: %s\n", wt_errname(posix_fadvise(fd, 0, -1, POSIX_FADV_NORMAL)));
  printf("fd -1: %s\n", wt_errname(posix_fadvise(-1, 0, 0, POSIX_FADV_NORMAL)));
  printf("fd 999: %s\n", wt_errname(posix_fadvise(999, 0, 0, POSIX_FADV_NORMAL)));

  int p[2];
  CHECK_SYS(pipe(p));
  printf("pipe: %s\n", wt_errname(posix_fadvise(p[0], 0, 0, POSIX_FADV_SEQUENTIAL)));
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));

  /* Advice changes nothing a program can read. */
  char buf[11] = {0};
  CHECK_SYS(pread(fd, buf, 10, 0));
  CHECK_STR(buf, "0123456789");
  CHECK_SYS(close(fd));
  CHECK_SYS(unlink(path));
  printf("PASS\n");
  return 0;
}
