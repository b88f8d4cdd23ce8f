/* stat: stat/fstat/lstat agree with each other and classify file types. */
#include "wali_test.h"
#include <sys/socket.h>

int main(void) {
  const char *f = wt_path("file");
  int fd = open(f, O_CREAT | O_RDWR, 0640);
  CHECK(fd >= 0);
  char data[5000];
  wt_pattern(data, sizeof data, 1);
  wt_write_all(fd, data, sizeof data);

  struct stat s1, s2, s3;
  CHECK_SYS(stat(f, &s1));
  CHECK_SYS(fstat(fd, &s2));
  CHECK_SYS(lstat(f, &s3));
  CHECK_EQ(s1.st_ino, s2.st_ino);
  CHECK_EQ(s1.st_dev, s2.st_dev);
  CHECK_EQ(s1.st_ino, s3.st_ino);
  CHECK_EQ(s1.st_size, 5000);
  CHECK_EQ(s2.st_size, 5000);
  CHECK_EQ(s1.st_mode, s2.st_mode);
  CHECK_EQ(s1.st_nlink, 1);
  CHECK_EQ(s1.st_uid, geteuid());
  CHECK(s1.st_blksize > 0);
  CHECK(s1.st_blocks >= 0);
  CHECK_EQ(s1.st_mtim.tv_sec, s2.st_mtim.tv_sec);
  CHECK_EQ(s1.st_mtim.tv_nsec, s2.st_mtim.tv_nsec);
  CHECK(s1.st_mtim.tv_nsec >= 0 && s1.st_mtim.tv_nsec < 1000000000L);
  /* The file was written moments ago: its times are recent, and none is 0. */
  CHECK(s1.st_mtime > 1500000000);
  CHECK(s1.st_ctime >= s1.st_mtime - 1);
  printf("file: reg=%d size=%lld mode=%o\n", S_ISREG(s1.st_mode) ? 1 : 0,
         (long long)s1.st_size, (unsigned)(s1.st_mode & 07777));

  CHECK_SYS(symlink("file", wt_path("link")));
  CHECK_SYS(lstat(wt_path("link"), &s3));
  CHECK(S_ISLNK(s3.st_mode));
  CHECK_EQ(s3.st_size, 4);
  CHECK_SYS(stat(wt_path("link"), &s3));
  CHECK_EQ(s3.st_ino, s1.st_ino);

  CHECK_SYS(stat(wt_tmpdir(), &s3));
  CHECK(S_ISDIR(s3.st_mode));

  int p[2];
  CHECK_SYS(pipe(p));
  CHECK_SYS(fstat(p[0], &s3));
  CHECK(S_ISFIFO(s3.st_mode));
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));

  int sv[2];
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  CHECK_SYS(fstat(sv[0], &s3));
  CHECK(S_ISSOCK(s3.st_mode));
  CHECK_SYS(close(sv[0]));
  CHECK_SYS(close(sv[1]));

  CHECK_SYS(stat("/dev/null", &s3));
  CHECK(S_ISCHR(s3.st_mode));
  CHECK(s3.st_rdev != 0);

  CHECK_ERRNO(stat(wt_path("missing"), &s3), ENOENT);
  CHECK_ERRNO(lstat(wt_path("file/x"), &s3), ENOTDIR);
  CHECK_ERRNO(stat("", &s3), ENOENT);
  CHECK_SYS(close(fd));
  CHECK_ERRNO(fstat(fd, &s3), EBADF);
  printf("PASS\n");
  return 0;
}
