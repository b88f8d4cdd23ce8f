/* files: open/creat/read/write/close round trip and the basic error cases. */
#include "wali_test.h"

int main(void) {
  const char *path = wt_path("data.txt");
  const char msg[] = "hello, wali\nsecond line\n";

  int fd = open(path, O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, msg, sizeof msg - 1), sizeof msg - 1);
  CHECK_EQ(write(fd, msg, 0), 0);
  CHECK_SYS(close(fd));
  CHECK_ERRNO(close(fd), EBADF);
  CHECK_ERRNO(write(fd, msg, 1), EBADF);

  fd = open(path, O_RDONLY);
  CHECK(fd >= 0);
  char buf[128];
  memset(buf, 0, sizeof buf);
  ssize_t n = read(fd, buf, 5);
  CHECK_EQ(n, 5);
  printf("first read: %.*s\n", (int)n, buf);
  n = read(fd, buf + 5, sizeof buf - 6);
  CHECK_EQ(n, sizeof msg - 1 - 5);
  CHECK_STR(buf, msg);
  CHECK_EQ(read(fd, buf, sizeof buf), 0); /* EOF */
  CHECK_ERRNO(write(fd, "x", 1), EBADF);   /* read-only descriptor */
  CHECK_SYS(close(fd));

  /* A write-only descriptor cannot be read. */
  fd = open(path, O_WRONLY);
  CHECK(fd >= 0);
  CHECK_ERRNO(read(fd, buf, 1), EBADF);
  CHECK_SYS(close(fd));

  /* O_RDWR: overwrite the start, then read what follows. */
  fd = open(path, O_RDWR);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "HELLO", 5), 5);
  n = read(fd, buf, 6);
  CHECK_EQ(n, 6);
  printf("after overwrite: %.*s\n", (int)n, buf);
  CHECK_SYS(close(fd));

  /* creat() is O_CREAT|O_WRONLY|O_TRUNC. */
  fd = creat(wt_path("made.txt"), 0600);
  CHECK(fd >= 0);
  CHECK_EQ(write(fd, "abc", 3), 3);
  CHECK_SYS(close(fd));
  struct stat st;
  CHECK_SYS(stat(wt_path("made.txt"), &st));
  CHECK_EQ(st.st_size, 3);

  CHECK_ERRNO(open(wt_path("missing"), O_RDONLY), ENOENT);
  CHECK_ERRNO(open(wt_path("nodir/file"), O_CREAT | O_WRONLY, 0644), ENOENT);
  CHECK_ERRNO(open(wt_tmpdir(), O_WRONLY), EISDIR);
  CHECK_ERRNO(open(wt_path("data.txt/x"), O_RDONLY), ENOTDIR);
  CHECK_ERRNO(read(-1, buf, 1), EBADF);

  /* Reading a directory fd fails with EISDIR. */
  fd = open(wt_tmpdir(), O_RDONLY | O_DIRECTORY);
  CHECK(fd >= 0);
  CHECK_ERRNO(read(fd, buf, 1), EISDIR);
  CHECK_SYS(close(fd));
  CHECK_ERRNO(open(path, O_RDONLY | O_DIRECTORY), ENOTDIR);

  printf("PASS\n");
  return 0;
}
