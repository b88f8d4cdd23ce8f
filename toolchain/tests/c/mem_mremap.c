/* memory: mremap grows (moving if needed) and shrinks mappings, keeping contents. */
#include "wali_test.h"
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  size_t len = 8 * (size_t)page;
  char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  wt_pattern(m, len, 31);
  unsigned before = wt_fnv1a(m, len);

  /* Grow to 64 pages, allowing a move. */
  size_t big = 64 * (size_t)page;
  char *g = mremap(m, len, big, MREMAP_MAYMOVE);
  CHECK(g != MAP_FAILED);
  CHECK_EQ(wt_fnv1a(g, len), before);
  /* The new part is zero-filled and writable. */
  for (size_t i = len; i < big; i += 512) {
    CHECK_EQ(g[i], 0);
  }
  memset(g + len, 0x5a, big - len);
  printf("grown: old contents kept (%08x)\n", before);

  /* Shrink in place. */
  char *s = mremap(g, big, 2 * (size_t)page, 0);
  CHECK(s == g);
  CHECK_EQ(wt_fnv1a(s, len / 4), wt_fnv1a(g, len / 4));

  /* Growing without MREMAP_MAYMOVE fails if the next pages are taken. */
  char *block = mmap(NULL, 3 * (size_t)page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(block != MAP_FAILED);
  CHECK_SYS(munmap(block + page, (size_t)page)); /* keep page 2 as a fence */
  CHECK_SYS(munmap(block + 2 * page, (size_t)page));
  char *fence = mmap(block + 2 * page, (size_t)page, PROT_READ,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (fence == block + 2 * page) {
    /* block's page 0 can grow to 2 pages but not to 3. */
    CHECK(mremap(block, (size_t)page, 2 * (size_t)page, 0) == block);
    errno = 0;
    CHECK(mremap(block, 2 * (size_t)page, 3 * (size_t)page, 0) == MAP_FAILED);
    CHECK_EQ(errno, ENOMEM);
    CHECK_SYS(munmap(fence, (size_t)page));
    CHECK_SYS(munmap(block, 2 * (size_t)page));
  } else {
    /* The address was taken by someone else; nothing to prove here. */
    if (fence != MAP_FAILED) {
      CHECK_SYS(munmap(fence, (size_t)page));
    }
    CHECK_SYS(munmap(block, (size_t)page));
  }
  printf("in-place growth limited by neighbours\n");

  /* Errors: unaligned address, zero new size. */
  errno = 0;
  CHECK(mremap(s + 1, (size_t)page, 2 * (size_t)page, MREMAP_MAYMOVE) == MAP_FAILED);
  CHECK_EQ(errno, EINVAL);
  errno = 0;
  CHECK(mremap(s, (size_t)page, 0, MREMAP_MAYMOVE) == MAP_FAILED);
  CHECK_EQ(errno, EINVAL);
  CHECK_SYS(munmap(s, 2 * (size_t)page));

  /* Grow repeatedly, like a vector. */
  size_t cur = (size_t)page;
  char *v = mmap(NULL, cur, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(v != MAP_FAILED);
  v[0] = 'v';
  for (int i = 0; i < 8; i++) {
    v = mremap(v, cur, cur * 2, MREMAP_MAYMOVE);
    CHECK(v != MAP_FAILED);
    cur *= 2;
    v[cur - 1] = (char)i;
  }
  CHECK_EQ(v[0], 'v');
  printf("vector grown to %zu pages\n", cur / (size_t)page);
  CHECK_SYS(munmap(v, cur));
  printf("PASS\n");
  return 0;
}
