/* directories: a directory big enough to need several getdents64 calls, with
 * entries removed while it is being read, and fdopendir over an openat descriptor. */
#include "wali_test.h"

#define COUNT 600

int main(void) {
  CHECK_SYS(mkdir(wt_path("big"), 0700));
  int dfd = open(wt_path("big"), O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  for (int i = 0; i < COUNT; i++) {
    char name[64];
    /* Long names make the listing span many getdents buffers. */
    snprintf(name, sizeof name, "entry-with-a-long-name-%04d-padding-padding", i);
    int fd = openat(dfd, name, O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0);
    CHECK_SYS(close(fd));
  }

  int fd2 = openat(dfd, ".", O_RDONLY | O_DIRECTORY);
  CHECK(fd2 >= 0);
  DIR *d = fdopendir(fd2);
  CHECK(d != NULL);
  static unsigned char seen[COUNT];
  int total = 0, dups = 0;
  unsigned sum = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && total < 10 * COUNT) {
    int idx;
    if (sscanf(e->d_name, "entry-with-a-long-name-%d-", &idx) != 1) {
      continue;
    }
    CHECK(idx >= 0 && idx < COUNT);
    if (seen[idx]) {
      dups++;
    }
    seen[idx] = 1;
    sum += (unsigned)idx;
    total++;
  }
  CHECK_EQ(dups, 0);
  CHECK_EQ(total, COUNT);
  printf("listed %d entries, index sum %u\n", total, sum);
  CHECK_SYS(closedir(d));

  /* Remove everything through unlinkat while listing (allowed by POSIX). */
  fd2 = openat(dfd, ".", O_RDONLY | O_DIRECTORY);
  CHECK(fd2 >= 0);
  d = fdopendir(fd2);
  CHECK(d != NULL);
  int removed = 0;
  while ((e = readdir(d)) != NULL && removed < 10 * COUNT) {
    if (e->d_name[0] == '.') {
      continue;
    }
    CHECK_SYS(unlinkat(dfd, e->d_name, 0));
    removed++;
  }
  CHECK_SYS(closedir(d));
  CHECK_EQ(removed, COUNT);
  CHECK_SYS(close(dfd));
  CHECK_SYS(rmdir(wt_path("big")));
  printf("removed %d\n", removed);
  printf("PASS\n");
  return 0;
}
