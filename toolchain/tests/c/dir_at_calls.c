/* directories: the *at family (openat, mkdirat, fstatat, unlinkat, faccessat,
 * fchmodat, readlinkat) relative to a directory descriptor and to AT_FDCWD. */
#include "wali_test.h"

int main(void) {
  int root = open(wt_tmpdir(), O_RDONLY | O_DIRECTORY);
  CHECK(root >= 0);
  CHECK_SYS(mkdirat(root, "d", 0755));
  int d = openat(root, "d", O_RDONLY | O_DIRECTORY);
  CHECK(d >= 0);

  int fd = openat(d, "file", O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "at-calls", 8);
  CHECK_SYS(close(fd));

  struct stat st;
  CHECK_SYS(fstatat(root, "d/file", &st, 0));
  CHECK_EQ(st.st_size, 8);
  CHECK_SYS(fstatat(d, "file", &st, 0));
  CHECK_EQ(st.st_size, 8);

  /* An absolute path ignores the directory descriptor, even an invalid one. */
  CHECK_SYS(fstatat(-1, wt_path("d/file"), &st, 0));
  /* A relative path with an invalid descriptor is EBADF; with a file, ENOTDIR. */
  CHECK_ERRNO(fstatat(-1, "file", &st, 0), EBADF);
  fd = openat(d, "file", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERRNO(openat(fd, "x", O_RDONLY), ENOTDIR);
  /* AT_EMPTY_PATH stats the descriptor itself. */
  CHECK_SYS(fstatat(fd, "", &st, AT_EMPTY_PATH));
  CHECK_EQ(st.st_size, 8);
  CHECK_SYS(close(fd));

  CHECK_SYS(faccessat(d, "file", R_OK | W_OK, 0));
  CHECK_ERRNO(faccessat(d, "nope", F_OK, 0), ENOENT);
  CHECK_SYS(fchmodat(d, "file", 0640, 0));
  CHECK_SYS(fstatat(d, "file", &st, 0));
  printf("mode via fchmodat: %o\n", (unsigned)(st.st_mode & 07777));

  CHECK_SYS(symlinkat("file", d, "ln"));
  char buf[64] = {0};
  CHECK_EQ(readlinkat(d, "ln", buf, sizeof buf - 1), 4);
  printf("readlinkat: %s\n", buf);
  CHECK_SYS(fstatat(d, "ln", &st, AT_SYMLINK_NOFOLLOW));
  CHECK(S_ISLNK(st.st_mode));
  CHECK_SYS(fstatat(d, "ln", &st, 0));
  CHECK(S_ISREG(st.st_mode));

  /* AT_FDCWD resolves against the working directory. */
  char old[4096];
  CHECK(getcwd(old, sizeof old) != NULL);
  CHECK_SYS(fchdir(d));
  CHECK_SYS(fstatat(AT_FDCWD, "file", &st, 0));
  fd = openat(AT_FDCWD, "file", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_EQ(read(fd, buf, 2), 2);
  CHECK_SYS(close(fd));
  CHECK_SYS(chdir(old));

  CHECK_ERRNO(unlinkat(root, "d", 0), EISDIR);
  CHECK_ERRNO(unlinkat(root, "d", AT_REMOVEDIR), ENOTEMPTY);
  CHECK_ERRNO(unlinkat(d, "file", AT_REMOVEDIR), ENOTDIR);
  CHECK_SYS(unlinkat(d, "ln", 0));
  CHECK_SYS(unlinkat(d, "file", 0));
  CHECK_SYS(mkdirat(d, "e", 0700));
  CHECK_SYS(unlinkat(d, "e", AT_REMOVEDIR));
  CHECK_SYS(close(d));
  CHECK_SYS(unlinkat(root, "d", AT_REMOVEDIR));
  CHECK_ERRNO(fstatat(root, "d", &st, 0), ENOENT);
  CHECK_SYS(close(root));
  printf("PASS\n");
  return 0;
}
