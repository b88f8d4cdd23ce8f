/* links: link() shares the inode and counts links; unlink drops them. */
#include "wali_test.h"

int main(void) {
  const char *a = wt_path("a");
  const char *b = wt_path("b");
  int fd = open(a, O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "shared", 6);
  CHECK_SYS(close(fd));

  CHECK_SYS(link(a, b));
  struct stat sa, sb;
  CHECK_SYS(stat(a, &sa));
  CHECK_SYS(stat(b, &sb));
  CHECK_EQ(sa.st_ino, sb.st_ino);
  CHECK_EQ(sa.st_dev, sb.st_dev);
  CHECK_EQ(sa.st_nlink, 2);
  printf("nlink after link: %d\n", (int)sa.st_nlink);

  /* A write through one name is visible through the other. */
  fd = open(b, O_WRONLY | O_APPEND);
  CHECK(fd >= 0);
  wt_write_all(fd, "+more", 5);
  CHECK_SYS(close(fd));
  char buf[32] = {0};
  fd = open(a, O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(read(fd, buf, sizeof buf - 1), 11);
  CHECK_SYS(close(fd));
  printf("via a: %s\n", buf);

  CHECK_ERRNO(link(a, b), EEXIST);
  CHECK_ERRNO(link(wt_path("missing"), wt_path("c")), ENOENT);
  CHECK_SYS(mkdir(wt_path("dir"), 0700));
  /* Hard links to directories are not allowed. */
  CHECK_ERRNO(link(wt_path("dir"), wt_path("dirlink")), EPERM);

  for (int i = 0; i < 5; i++) {
    char name[16];
    snprintf(name, sizeof name, "dir/l%d", i);
    CHECK_SYS(link(a, wt_path(name)));
  }
  CHECK_SYS(stat(a, &sa));
  CHECK_EQ(sa.st_nlink, 7);

  CHECK_SYS(unlink(a));
  CHECK_SYS(stat(b, &sb));
  CHECK_EQ(sb.st_nlink, 6);
  CHECK_ERRNO(unlink(a), ENOENT);
  for (int i = 0; i < 5; i++) {
    char name[16];
    snprintf(name, sizeof name, "dir/l%d", i);
    CHECK_SYS(unlink(wt_path(name)));
  }
  CHECK_SYS(stat(b, &sb));
  printf("nlink at end: %d\n", (int)sb.st_nlink);
  CHECK_ERRNO(unlink(wt_path("dir")), EISDIR);
  printf("PASS\n");
  return 0;
}
