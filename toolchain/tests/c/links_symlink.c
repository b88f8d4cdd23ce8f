/* links: symlink/readlink/lstat, dangling links, loops and readlink's rules. */
#include "wali_test.h"

int main(void) {
  const char *target = wt_path("target");
  int fd = open(target, O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "12345", 5);
  CHECK_SYS(close(fd));

  CHECK_SYS(symlink("target", wt_path("rel")));
  CHECK_SYS(symlink(target, wt_path("abs")));

  char buf[256];
  memset(buf, '#', sizeof buf);
  ssize_t n = readlink(wt_path("rel"), buf, sizeof buf);
  CHECK_EQ(n, 6);
  /* readlink does not NUL-terminate. */
  CHECK_EQ(buf[6], '#');
  printf("rel -> %.*s\n", (int)n, buf);
  n = readlink(wt_path("abs"), buf, sizeof buf);
  CHECK_EQ(n, (ssize_t)strlen(target));
  CHECK(memcmp(buf, target, (size_t)n) == 0);

  /* A too-small buffer truncates silently. */
  CHECK_EQ(readlink(wt_path("rel"), buf, 3), 3);
  CHECK(memcmp(buf, "tar", 3) == 0);

  struct stat st, lst;
  CHECK_SYS(stat(wt_path("rel"), &st));
  CHECK_SYS(lstat(wt_path("rel"), &lst));
  CHECK(S_ISREG(st.st_mode));
  CHECK(S_ISLNK(lst.st_mode));
  CHECK_EQ(st.st_size, 5);
  CHECK_EQ(lst.st_size, 6); /* a symlink's size is its target's length */

  /* Open follows the link; O_NOFOLLOW refuses it. */
  fd = open(wt_path("abs"), O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(read(fd, buf, 5), 5);
  CHECK_SYS(close(fd));
  CHECK_ERRNO(open(wt_path("rel"), O_RDONLY | O_NOFOLLOW), ELOOP);

  CHECK_SYS(symlink("nowhere", wt_path("dangling")));
  CHECK_ERRNO(stat(wt_path("dangling"), &st), ENOENT);
  CHECK_SYS(lstat(wt_path("dangling"), &st));
  CHECK(S_ISLNK(st.st_mode));

  /* Creating through a dangling link creates its target. */
  fd = open(wt_path("dangling"), O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0);
  CHECK_SYS(close(fd));
  CHECK_SYS(access(wt_path("nowhere"), F_OK));

  CHECK_SYS(symlink("loop2", wt_path("loop1")));
  CHECK_SYS(symlink("loop1", wt_path("loop2")));
  CHECK_ERRNO(stat(wt_path("loop1"), &st), ELOOP);

  CHECK_ERRNO(readlink(target, buf, sizeof buf), EINVAL);
  CHECK_ERRNO(readlink(wt_path("missing"), buf, sizeof buf), ENOENT);
  CHECK_ERRNO(symlink("x", wt_path("rel")), EEXIST);

  /* A symlink to a directory can be traversed. */
  CHECK_SYS(mkdir(wt_path("dir"), 0700));
  CHECK_SYS(symlink("dir", wt_path("dirlink")));
  fd = open(wt_path("dirlink/inside"), O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0);
  CHECK_SYS(close(fd));
  CHECK_SYS(access(wt_path("dir/inside"), F_OK));

  /* unlink removes the link, not the target. */
  CHECK_SYS(unlink(wt_path("rel")));
  CHECK_SYS(access(target, F_OK));
  printf("PASS\n");
  return 0;
}
