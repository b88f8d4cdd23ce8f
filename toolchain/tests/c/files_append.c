/* files: O_APPEND writes always land at the end, whatever the offset. */
#include "wali_test.h"

int main(void) {
  const char *path = wt_path("log");
  int fd = open(path, O_CREAT | O_WRONLY | O_APPEND, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "one\n", 4);
  CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
  wt_write_all(fd, "two\n", 4);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 8);

  /* A second, non-append descriptor writes at its own offset... */
  int fd2 = open(path, O_WRONLY);
  CHECK(fd2 >= 0);
  wt_write_all(fd2, "ONE", 3);
  /* ...and the append descriptor still appends after it. */
  wt_write_all(fd, "three\n", 6);

  /* pwrite on an O_APPEND descriptor appends on Linux (offset ignored). */
  CHECK_EQ(pwrite(fd, "four\n", 5, 0), 5);

  char buf[64] = {0};
  int rfd = open(path, O_RDONLY);
  CHECK(rfd >= 0);
  CHECK_EQ(read(rfd, buf, sizeof buf - 1), 19);
  printf("%s", buf);

  /* Turning O_APPEND off with F_SETFL makes writes positional again. */
  int fl = fcntl(fd, F_GETFL);
  CHECK((fl & O_APPEND) != 0);
  CHECK_SYS(fcntl(fd, F_SETFL, fl & ~O_APPEND));
  CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
  wt_write_all(fd, "0", 1);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(pread(rfd, buf, sizeof buf - 1, 0), 19);
  printf("first line now: %.4s\n", buf);

  CHECK_SYS(close(fd));
  CHECK_SYS(close(fd2));
  CHECK_SYS(close(rfd));
  printf("PASS\n");
  return 0;
}
