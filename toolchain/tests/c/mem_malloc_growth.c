/* memory: the allocator grows the heap (brk or mmap underneath): many small
 * blocks, large blocks, realloc growth, calloc zeroing, and sbrk(0). */
#include "wali_test.h"

int main(void) {
  /* sbrk(0) reports the current break without changing it. */
  void *brk0 = sbrk(0);
  CHECK(brk0 != (void *)-1);

  enum { SMALL = 20000 };
  static unsigned char *small[SMALL];
  for (int i = 0; i < SMALL; i++) {
    size_t sz = (size_t)(16 + (i % 200));
    small[i] = malloc(sz);
    CHECK(small[i] != NULL);
    memset(small[i], i & 0xff, sz);
  }
  for (int i = 0; i < SMALL; i++) {
    size_t sz = (size_t)(16 + (i % 200));
    if (small[i][0] != (i & 0xff) || small[i][sz - 1] != (i & 0xff)) {
      WT_FAIL("block %d corrupted", i);
    }
  }
  /* Free every other block and reallocate: no overlap with the survivors. */
  for (int i = 0; i < SMALL; i += 2) {
    free(small[i]);
    small[i] = malloc(64);
    CHECK(small[i] != NULL);
    memset(small[i], 0xee, 64);
  }
  for (int i = 1; i < SMALL; i += 2) {
    size_t sz = (size_t)(16 + (i % 200));
    CHECK_EQ(small[i][sz - 1], i & 0xff);
  }
  for (int i = 0; i < SMALL; i++) {
    free(small[i]);
  }
  printf("20000 small blocks ok\n");

  /* Large blocks (mmap-sized) totalling 64 MiB. */
  unsigned char *large[16];
  for (int i = 0; i < 16; i++) {
    large[i] = malloc(4u << 20);
    CHECK(large[i] != NULL);
    large[i][0] = (unsigned char)i;
    large[i][(4u << 20) - 1] = (unsigned char)(i + 1);
  }
  for (int i = 0; i < 16; i++) {
    CHECK_EQ(large[i][0], i);
    CHECK_EQ(large[i][(4u << 20) - 1], i + 1);
    free(large[i]);
  }
  printf("16 x 4 MiB ok\n");

  /* realloc keeps the prefix while growing geometrically. */
  size_t n = 16;
  unsigned char *v = malloc(n);
  CHECK(v != NULL);
  wt_pattern(v, n, 77);
  unsigned want = wt_fnv1a(v, 16);
  unsigned want8 = wt_fnv1a(v, 8);
  for (int i = 0; i < 20; i++) {
    n *= 2;
    v = realloc(v, n);
    CHECK(v != NULL);
    v[n - 1] = 1;
  }
  CHECK_EQ(wt_fnv1a(v, 16), want);
  v = realloc(v, 8);
  CHECK(v != NULL);
  CHECK_EQ(wt_fnv1a(v, 8), want8);
  free(v);
  printf("realloc to 16 MiB kept prefix\n");

  unsigned *z = calloc(1u << 20, sizeof *z);
  CHECK(z != NULL);
  unsigned acc = 0;
  for (size_t i = 0; i < (1u << 20); i += 1024) {
    acc |= z[i];
  }
  CHECK_EQ(acc, 0);
  free(z);

  void *al = NULL;
  CHECK_EQ(posix_memalign(&al, 4096, 10000), 0);
  CHECK_EQ((uintptr_t)al % 4096, 0);
  free(al);
  void *al2 = aligned_alloc(64, 640);
  CHECK(al2 != NULL && (uintptr_t)al2 % 64 == 0);
  free(al2);

  /* Absurd requests fail cleanly. */
  /* An opaque size and result: clang may otherwise fold the call away. errno
   * is not checked: clang models malloc as not writing errno and may reorder. */
  volatile size_t huge_size = (size_t)-1 / 2;
  void *volatile huge = malloc(huge_size);
  CHECK(huge == NULL);
  CHECK(sbrk(0) != (void *)-1);
  printf("PASS\n");
  return 0;
}
