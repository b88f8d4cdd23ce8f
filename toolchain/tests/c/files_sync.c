/* files: fsync/fdatasync on files and directories, and on descriptors that cannot sync. */
#include "wali_test.h"

int main(void) {
  int fd = open(wt_path("s"), O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "durable", 7);
  CHECK_SYS(fsync(fd));
  CHECK_SYS(fdatasync(fd));
  CHECK_SYS(close(fd));
  CHECK_ERRNO(fsync(fd), EBADF);
  CHECK_ERRNO(fdatasync(fd), EBADF);

  /* O_SYNC / O_DSYNC writes work and the flags are reported back. */
  fd = open(wt_path("s"), O_WRONLY | O_DSYNC | O_APPEND);
  CHECK(fd >= 0);
  wt_write_all(fd, "+sync", 5);
  int fl = fcntl(fd, F_GETFL);
  CHECK(fl >= 0);
  CHECK((fl & O_DSYNC) == O_DSYNC);
  CHECK_SYS(close(fd));

  int dfd = open(wt_tmpdir(), O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK_SYS(fsync(dfd));
  CHECK_SYS(close(dfd));

  int p[2];
  CHECK_SYS(pipe(p));
  CHECK_ERRNO(fsync(p[1]), EINVAL);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));

  sync();
  char buf[32] = {0};
  fd = open(wt_path("s"), O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(read(fd, buf, sizeof buf - 1), 12);
  printf("content: %s\n", buf);
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
