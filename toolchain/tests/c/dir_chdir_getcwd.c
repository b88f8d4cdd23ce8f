/* directories: chdir/fchdir/getcwd, relative paths, and getcwd's buffer errors. */
#include "wali_test.h"

int main(void) {
  char start[4096];
  CHECK(getcwd(start, sizeof start) != NULL);
  CHECK_EQ(start[0], '/');

  /* The scratch path may contain symlinks (e.g. /tmp -> /private/tmp); compare
   * against its resolved form. */
  char real[4096];
  CHECK(realpath(wt_tmpdir(), real) != NULL);

  CHECK_SYS(chdir(wt_tmpdir()));
  char cwd[4096];
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  CHECK_STR(cwd, real);

  /* Relative operations now resolve in the new cwd. */
  CHECK_SYS(mkdir("inner", 0700));
  int fd = open("inner/f", O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0);
  CHECK_SYS(close(fd));
  CHECK_SYS(chdir("inner"));
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  const char *leaf = strrchr(cwd, '/');
  CHECK(leaf != NULL);
  printf("leaf after chdir: %s\n", leaf + 1);
  CHECK_SYS(access("f", F_OK));
  CHECK_SYS(chdir(".."));
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  CHECK_STR(cwd, real);

  /* fchdir through a directory descriptor. */
  int dfd = open("inner", O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK_SYS(chdir("/"));
  CHECK(getcwd(cwd, sizeof cwd) != NULL);
  CHECK_STR(cwd, "/");
  CHECK_SYS(fchdir(dfd));
  CHECK_SYS(access("f", F_OK));
  CHECK_SYS(close(dfd));
  CHECK_ERRNO(fchdir(dfd), EBADF);

  /* getcwd with a too-small buffer fails with ERANGE. */
  char tiny[2];
  errno = 0;
  CHECK(getcwd(tiny, sizeof tiny) == NULL);
  CHECK_EQ(errno, ERANGE);

  CHECK_ERRNO(chdir(wt_path("missing")), ENOENT);
  CHECK_ERRNO(chdir("f"), ENOTDIR);
  fd = open("f", O_RDONLY);
  CHECK(fd >= 0);
  CHECK_ERRNO(fchdir(fd), ENOTDIR);
  CHECK_SYS(close(fd));

  /* Leave the scratch directory before it is removed at exit. */
  CHECK_SYS(chdir(start));
  printf("PASS\n");
  return 0;
}
