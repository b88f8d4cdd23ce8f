/* files: scatter/gather I/O with readv and writev (struct iovec arrays). */
#include "wali_test.h"
#include <sys/uio.h>

int main(void) {
  int fd = open(wt_path("v"), O_CREAT | O_RDWR | O_TRUNC, 0600);
  CHECK(fd >= 0);

  char a[] = "alpha-", b[] = "", c[] = "beta-", d[] = "gamma";
  struct iovec out[4] = {
      {a, strlen(a)}, {b, 0}, {c, strlen(c)}, {d, strlen(d)}};
  CHECK_EQ(writev(fd, out, 4), 16);
  CHECK_EQ(lseek(fd, 0, SEEK_CUR), 16);

  char x[3], y[7], z[10];
  memset(z, 0, sizeof z);
  struct iovec in[3] = {{x, sizeof x}, {y, sizeof y}, {z, sizeof z}};
  CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
  CHECK_EQ(readv(fd, in, 3), 16); /* short: only 16 bytes in the file */
  printf("x=%.3s y=%.7s z=%s\n", x, y, z);

  /* preadv/pwritev: explicit offsets. */
  struct iovec one = {(void *)"ZZ", 2};
  CHECK_EQ(pwritev(fd, &one, 1, 6), 2);
  char w[6] = {0};
  struct iovec back = {w, 5};
  CHECK_EQ(preadv(fd, &back, 1, 4), 5);
  printf("preadv: %s\n", w);

  /* A large gather of many small pieces. */
  CHECK_SYS(ftruncate(fd, 0));
  CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
  static char pieces[64][8];
  struct iovec many[64];
  for (int i = 0; i < 64; i++) {
    snprintf(pieces[i], sizeof pieces[i], "%02d|", i);
    many[i].iov_base = pieces[i];
    many[i].iov_len = 3;
  }
  CHECK_EQ(writev(fd, many, 64), 192);
  char all[200] = {0};
  CHECK_EQ(pread(fd, all, sizeof all, 0), 192);
  printf("tail: %s\n", all + 180);
  printf("fnv: %08x\n", wt_fnv1a(all, 192));

  volatile int negative = -1; /* hidden from the compiler's argument checks */
  CHECK_ERRNO(writev(fd, many, negative), EINVAL);
  CHECK_ERRNO(readv(-1, in, 1), EBADF);
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
