/* memory: anonymous mmap is zero-filled and writable; munmap; argument errors. */
#include "wali_test.h"
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  CHECK(page >= 4096);
  size_t len = 64 * (size_t)page;
  unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  CHECK_EQ((uintptr_t)m % (uintptr_t)page, 0);
  for (size_t i = 0; i < len; i++) {
    if (m[i] != 0) {
      WT_FAIL("byte %zu not zero", i);
    }
  }
  wt_pattern(m, len, 9);
  printf("written fnv %08x\n", wt_fnv1a(m, len));

  /* Unmapping the middle leaves both ends usable. */
  CHECK_SYS(munmap(m + 16 * page, 16 * (size_t)page));
  m[0] = 1;
  m[len - 1] = 2;
  CHECK_EQ(m[0] + m[len - 1], 3);
  CHECK_SYS(munmap(m, 16 * (size_t)page));
  CHECK_SYS(munmap(m + 32 * page, 32 * (size_t)page));
  /* Unmapping an already unmapped range is not an error. */
  CHECK_SYS(munmap(m, 16 * (size_t)page));

  /* Many small mappings stay distinct. */
  unsigned char *maps[32];
  for (int i = 0; i < 32; i++) {
    maps[i] = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(maps[i] != MAP_FAILED);
    memset(maps[i], i, (size_t)page);
  }
  int ok = 1;
  for (int i = 0; i < 32; i++) {
    ok &= maps[i][0] == i && maps[i][page - 1] == i;
    CHECK_SYS(munmap(maps[i], (size_t)page));
  }
  CHECK(ok);
  printf("32 independent pages\n");

  /* A larger mapping (32 MiB), touched sparsely. */
  size_t big = 32u << 20;
  unsigned char *g = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(g != MAP_FAILED);
  for (size_t off = 0; off < big; off += 1 << 20) {
    g[off] = (unsigned char)(off >> 20);
  }
  unsigned sum = 0;
  for (size_t off = 0; off < big; off += 1 << 20) {
    sum += g[off];
  }
  printf("sparse sum %u\n", sum);
  CHECK_SYS(munmap(g, big));

  /* Errors. */
  errno = 0;
  CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
  CHECK_EQ(errno, EINVAL);
  errno = 0;
  CHECK(mmap(NULL, (size_t)page, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
  CHECK_EQ(errno, EINVAL); /* neither MAP_PRIVATE nor MAP_SHARED */
  errno = 0;
  CHECK(mmap(NULL, (size_t)page, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED);
  CHECK_EQ(errno, EBADF);
  CHECK_ERRNO(munmap((char *)m + 1, (size_t)page), EINVAL);
  printf("PASS\n");
  return 0;
}
