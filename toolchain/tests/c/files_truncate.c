/* files: ftruncate and truncate grow (with zeros) and shrink files. */
#include "wali_test.h"

int main(void) {
  const char *path = wt_path("t");
  int fd = open(path, O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "abcdefghij", 10);

  CHECK_SYS(ftruncate(fd, 4));
  struct stat st;
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_size, 4);
  /* The offset is not changed by truncation. */
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10);

  CHECK_SYS(ftruncate(fd, 8));
  char buf[16];
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 8);
  printf("after grow: %.4s + %d %d %d %d\n", buf, buf[4], buf[5], buf[6], buf[7]);

  CHECK_SYS(truncate(path, 2));
  CHECK_SYS(stat(path, &st));
  CHECK_EQ(st.st_size, 2);
  CHECK_SYS(truncate(path, 0));
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_size, 0);

  /* Large sizes use the full 64-bit length. */
  CHECK_SYS(ftruncate(fd, 6LL * 1024 * 1024 * 1024));
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_size, 6LL * 1024 * 1024 * 1024);
  CHECK_SYS(ftruncate(fd, 0));

  CHECK_ERRNO(ftruncate(fd, -1), EINVAL);
  CHECK_ERRNO(truncate(wt_path("missing"), 0), ENOENT);
  CHECK_ERRNO(truncate(wt_tmpdir(), 0), EISDIR);
  CHECK_SYS(close(fd));

  /* A read-only descriptor cannot be truncated. */
  fd = open(path, O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERRNO(ftruncate(fd, 1), EINVAL);
  CHECK_SYS(close(fd));

  int p[2];
  CHECK_SYS(pipe(p));
  CHECK_ERRNO(ftruncate(p[1], 0), EINVAL);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));
  printf("PASS\n");
  return 0;
}
