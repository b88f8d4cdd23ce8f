/* memory: mprotect changes protections on page-aligned ranges (no access is
 * attempted that would fault: a Wasm memory cannot trap per page). */
#include "wali_test.h"
#include <sys/mman.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  size_t len = 4 * (size_t)page;
  char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(m != MAP_FAILED);
  memset(m, 'a', len);

  CHECK_SYS(mprotect(m, len, PROT_READ));
  CHECK_EQ(m[len - 1], 'a'); /* reading is still allowed */
  CHECK_SYS(mprotect(m, len, PROT_NONE));
  CHECK_SYS(mprotect(m + page, (size_t)page, PROT_READ | PROT_WRITE));
  m[page] = 'b'; /* only the second page is accessible now */
  CHECK_SYS(mprotect(m, len, PROT_READ | PROT_WRITE));
  m[0] = 'c';
  printf("bytes: %c %c %c\n", m[0], m[page], m[len - 1]);
  CHECK_EQ(m[1], 'a');

  /* A PROT_NONE reservation made accessible later. */
  char *r = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(r != MAP_FAILED);
  CHECK_SYS(mprotect(r, (size_t)page, PROT_READ | PROT_WRITE));
  strcpy(r, "committed");
  printf("reserved page: %s\n", r);

  /* Length is rounded up to whole pages. */
  CHECK_SYS(mprotect(m, 1, PROT_READ));
  CHECK_SYS(mprotect(m, 1, PROT_READ | PROT_WRITE));
  m[5] = 'd';

  /* (An unaligned address is not tested: musl aligns it down before the call.) */
  CHECK_ERRNO(mprotect(m, (size_t)page, 0x12340), EINVAL);
  CHECK_SYS(munmap(r, len));
  /* Unmapped range: ENOMEM. */
  CHECK_ERRNO(mprotect(r, (size_t)page, PROT_READ), ENOMEM);
  CHECK_SYS(munmap(m, len));
  printf("PASS\n");
  return 0;
}
