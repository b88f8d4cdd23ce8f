/* files: pread/pwrite use explicit offsets and leave the file offset alone. */
#include "wali_test.h"

int main(void) {
  int fd = open(wt_path("f"), O_CREAT | O_RDWR | O_TRUNC, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "abcdefghijklmnopqrstuvwxyz", 26);
  CHECK_EQ(lseek(fd, 5, SEEK_SET), 5);

  char buf[16] = {0};
  CHECK_EQ(pread(fd, buf, 4, 10), 4);
  printf("pread(4 @ 10): %s\n", buf);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);

  CHECK_EQ(pwrite(fd, "XYZ", 3, 0), 3);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(fd, buf, 3), 3);
  printf("read after pwrite: %s\n", buf);
  CHECK_EQ(pread(fd, buf, 5, 0), 5);
  printf("start: %.5s\n", buf);

  /* pread at or past the end returns 0 / a short count. */
  CHECK_EQ(pread(fd, buf, 10, 26), 0);
  CHECK_EQ(pread(fd, buf, 10, 20), 6);
  CHECK_EQ(pread(fd, buf, 10, 100000), 0);

  /* pwrite past the end extends the file with a hole. */
  CHECK_EQ(pwrite(fd, "!", 1, 40), 1);
  struct stat st;
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_size, 41);
  CHECK_EQ(pread(fd, buf, 1, 30), 1);
  CHECK_EQ(buf[0], 0);

  /* Offsets beyond 4 GiB go through the 64-bit off_t argument intact. */
  long long big = 5LL * 1024 * 1024 * 1024 + 7;
  CHECK_EQ(pwrite(fd, "far", 3, big), 3);
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_size, big + 3);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(pread(fd, buf, 8, big), 3);
  printf("far: %s\n", buf);
  CHECK_EQ(lseek(fd, 0, SEEK_END), big + 3);

  CHECK_ERRNO(pread(fd, buf, 1, -1), EINVAL);
  CHECK_ERRNO(pwrite(fd, buf, 1, -1), EINVAL);
  CHECK_SYS(close(fd));

  int p[2];
  CHECK_SYS(pipe(p));
  CHECK_ERRNO(pwrite(p[1], "x", 1, 0), ESPIPE);
  CHECK_ERRNO(pread(p[0], buf, 1, 0), ESPIPE);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));
  printf("PASS\n");
  return 0;
}
