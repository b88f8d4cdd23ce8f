/* links: renameat, linkat, symlinkat and readlinkat across two directory descriptors. */
#include "wali_test.h"

int main(void) {
  CHECK_SYS(mkdir(wt_path("src"), 0700));
  CHECK_SYS(mkdir(wt_path("dst"), 0700));
  int s = open(wt_path("src"), O_RDONLY | O_DIRECTORY);
  int d = open(wt_path("dst"), O_RDONLY | O_DIRECTORY);
  CHECK(s >= 0 && d >= 0);

  int fd = openat(s, "f", O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "payload", 7);
  CHECK_SYS(close(fd));

  CHECK_SYS(linkat(s, "f", d, "hard", 0));
  struct stat a, b;
  CHECK_SYS(fstatat(s, "f", &a, 0));
  CHECK_SYS(fstatat(d, "hard", &b, 0));
  CHECK_EQ(a.st_ino, b.st_ino);
  CHECK_EQ(b.st_nlink, 2);

  CHECK_SYS(renameat(s, "f", d, "moved"));
  CHECK_ERRNO(faccessat(s, "f", F_OK, 0), ENOENT);
  CHECK_SYS(fstatat(d, "moved", &b, 0));
  CHECK_EQ(a.st_ino, b.st_ino);

  CHECK_SYS(symlinkat("../dst/moved", s, "sl"));
  char buf[64] = {0};
  CHECK_EQ(readlinkat(s, "sl", buf, sizeof buf - 1), 12);
  printf("sl -> %s\n", buf);

  /* linkat without AT_SYMLINK_FOLLOW links the symlink itself; with it, the target. */
  CHECK_SYS(linkat(s, "sl", d, "link-of-link", 0));
  CHECK_SYS(fstatat(d, "link-of-link", &b, AT_SYMLINK_NOFOLLOW));
  CHECK(S_ISLNK(b.st_mode));
  CHECK_SYS(linkat(s, "sl", d, "link-of-target", AT_SYMLINK_FOLLOW));
  CHECK_SYS(fstatat(d, "link-of-target", &b, AT_SYMLINK_NOFOLLOW));
  CHECK(S_ISREG(b.st_mode));
  CHECK_EQ(b.st_ino, a.st_ino);
  CHECK_EQ(b.st_nlink, 3);

  /* Mixed AT_FDCWD and descriptors. */
  CHECK_SYS(renameat(AT_FDCWD, wt_path("dst/hard"), s, "back"));
  CHECK_SYS(fstatat(s, "back", &b, 0));
  CHECK_EQ(b.st_ino, a.st_ino);

  CHECK_ERRNO(renameat(s, "nope", d, "x"), ENOENT);
  CHECK_ERRNO(linkat(s, "back", d, "moved", 0), EEXIST);
  CHECK_ERRNO(linkat(s, "back", d, "x", 0x12345), EINVAL);
  CHECK_ERRNO(renameat(-1, "back", d, "x"), EBADF);

  /* A symlink whose relative target is resolved from the link's own directory. */
  fd = openat(s, "sl", O_RDONLY);
  CHECK(fd >= 0);
  memset(buf, 0, sizeof buf);
  CHECK_EQ(read(fd, buf, sizeof buf - 1), 7);
  printf("through sl: %s\n", buf);
  CHECK_SYS(close(fd));
  CHECK_SYS(close(s));
  CHECK_SYS(close(d));
  printf("PASS\n");
  return 0;
}
