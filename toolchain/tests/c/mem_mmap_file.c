/* memory: file-backed mappings. MAP_SHARED writes reach the file (msync) and
 * file writes show in the mapping; MAP_PRIVATE is copy-on-write; offsets. */
#include "wali_test.h"
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  size_t len = 4 * (size_t)page;
  int fd = open(wt_path("m"), O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  CHECK_SYS(ftruncate(fd, (off_t)len));
  static char pattern[4 * 65536];
  wt_pattern(pattern, len, 21);
  CHECK_EQ(pwrite(fd, pattern, len, 0), (ssize_t)len);

  char *sh = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(sh != MAP_FAILED);
  CHECK(memcmp(sh, pattern, len) == 0);

  /* Through the mapping into the file. */
  memcpy(sh + 100, "mapped-write", 12);
  CHECK_SYS(msync(sh, len, MS_SYNC));
  char buf[16] = {0};
  CHECK_EQ(pread(fd, buf, 12, 100), 12);
  printf("file sees: %s\n", buf);

  /* Through the file into the mapping. */
  CHECK_EQ(pwrite(fd, "file-write", 10, (off_t)page + 5), 10);
  printf("mapping sees: %.10s\n", sh + page + 5);

  /* A private mapping: its writes stay private. */
  char *pr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  CHECK(pr != MAP_FAILED);
  CHECK(memcmp(pr + 100, "mapped-write", 12) == 0);
  memcpy(pr + 100, "PRIVATE", 7);
  CHECK_EQ(pread(fd, buf, 7, 100), 7);
  CHECK(memcmp(buf, "mapped-", 7) == 0);
  CHECK(memcmp(sh + 100, "mapped-", 7) == 0);

  /* A mapping at a page-aligned file offset. */
  char *tail = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, (off_t)(3 * page));
  CHECK(tail != MAP_FAILED);
  CHECK(memcmp(tail, pattern + 3 * page, (size_t)page) == 0);
  errno = 0;
  CHECK(mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, 123) == MAP_FAILED);
  CHECK_EQ(errno, EINVAL);

  /* Two shared mappings of one file see each other's writes. */
  char *sh2 = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(sh2 != MAP_FAILED);
  sh[7] = 'Q';
  CHECK_EQ(sh2[7], 'Q');

  /* A mapping outlives the descriptor. */
  CHECK_SYS(close(fd));
  sh[8] = 'R';
  CHECK_SYS(msync(sh, (size_t)page, MS_SYNC));
  CHECK_SYS(munmap(sh, len));
  CHECK_SYS(munmap(sh2, len));
  CHECK_SYS(munmap(pr, len));
  CHECK_SYS(munmap(tail, (size_t)page));
  fd = open(wt_path("m"), O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(pread(fd, buf, 2, 7), 2);
  printf("after unmap: %.2s\n", buf);

  /* Write access to a read-only descriptor's MAP_SHARED mapping is refused. */
  errno = 0;
  CHECK(mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
  CHECK_EQ(errno, EACCES);
  char *ro = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
  CHECK(ro != MAP_FAILED);
  CHECK_EQ(ro[8], 'R');
  CHECK_SYS(munmap(ro, len));
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
