/* files: lseek with SEEK_SET/SEEK_CUR/SEEK_END, holes, and its errors. */
#include "wali_test.h"

int main(void) {
  int fd = open(wt_path("f"), O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "0123456789", 10);

  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10);
  CHECK_EQ(lseek(fd, 3, SEEK_SET), 3);
  char c;
  CHECK_EQ(read(fd, &c, 1), 1);
  printf("at 3: %c\n", c);
  CHECK_EQ(lseek(fd, 2, SEEK_CUR), 6);
  CHECK_EQ(read(fd, &c, 1), 1);
  printf("at 6: %c\n", c);
  CHECK_EQ(lseek(fd, -1, SEEK_END), 9);
  CHECK_EQ(read(fd, &c, 1), 1);
  printf("at end-1: %c\n", c);
  CHECK_EQ(lseek(fd, 0, SEEK_END), 10);

  /* Seeking past the end and writing leaves a hole that reads as zeros. */
  CHECK_EQ(lseek(fd, 20, SEEK_SET), 20);
  CHECK_EQ(write(fd, "Z", 1), 1);
  struct stat st;
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_size, 21);
  char buf[32];
  CHECK_EQ(pread(fd, buf, sizeof buf, 0), 21);
  for (int i = 10; i < 20; i++) {
    CHECK_EQ(buf[i], 0);
  }
  CHECK_EQ(buf[20], 'Z');

  /* Seeking beyond the end alone does not change the size. */
  CHECK_EQ(lseek(fd, 1000, SEEK_SET), 1000);
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_size, 21);
  CHECK_EQ(read(fd, buf, 1), 0);

  CHECK_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL);
  CHECK_ERRNO(lseek(fd, -100, SEEK_END), EINVAL);
  CHECK_ERRNO(lseek(fd, 0, 12345), EINVAL);
  /* The failed seeks left the offset alone. */
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 1000);
  CHECK_SYS(close(fd));
  CHECK_ERRNO(lseek(fd, 0, SEEK_SET), EBADF);

  int p[2];
  CHECK_SYS(pipe(p));
  CHECK_ERRNO(lseek(p[0], 0, SEEK_CUR), ESPIPE);
  CHECK_SYS(close(p[0]));
  CHECK_SYS(close(p[1]));

  printf("PASS\n");
  return 0;
}
