/* memory: madvise hints are accepted; MADV_DONTNEED on a private anonymous
 * mapping drops the contents (pages read back as zero); msync on anonymous
 * memory; mincore-free residency is not inspected. */
#include "wali_test.h"
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  size_t len = 16 * (size_t)page;
  char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  memset(m, 0x77, len);

  CHECK_SYS(madvise(m, len, MADV_NORMAL));
  CHECK_SYS(madvise(m, len, MADV_SEQUENTIAL));
  CHECK_SYS(madvise(m, len, MADV_RANDOM));
  CHECK_SYS(madvise(m, len, MADV_WILLNEED));
  CHECK_EQ(m[len - 1], 0x77); /* hints do not change contents */

  CHECK_SYS(madvise(m + 4 * page, 4 * (size_t)page, MADV_DONTNEED));
  int zeros = 0, kept = 0;
  for (size_t i = 0; i < len; i += (size_t)page) {
    if (m[i] == 0) {
      zeros++;
    } else if (m[i] == 0x77) {
      kept++;
    }
  }
  printf("after DONTNEED: %d zero pages, %d kept pages\n", zeros, kept);
  CHECK_EQ(zeros, 4);
  CHECK_EQ(kept, 12);
  m[4 * page] = 1; /* still mapped and writable */

  /* posix_madvise returns an error number rather than setting errno. */
  CHECK_EQ(posix_madvise(m, len, POSIX_MADV_NORMAL), 0);

  CHECK_ERRNO(madvise(m + 1, (size_t)page, MADV_NORMAL), EINVAL);
  CHECK_ERRNO(madvise(m, (size_t)page, 12345), EINVAL);
  CHECK_SYS(munmap(m, len));
  CHECK_ERRNO(madvise(m, (size_t)page, MADV_WILLNEED), ENOMEM);

  /* msync on an anonymous mapping is accepted; bad flags are not. */
  char *a = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK(a != MAP_FAILED);
  CHECK_SYS(msync(a, (size_t)page, MS_ASYNC));
  CHECK_ERRNO(msync(a, (size_t)page, MS_SYNC | MS_ASYNC), EINVAL);
  CHECK_SYS(munmap(a, (size_t)page));
  printf("PASS\n");
  return 0;
}
