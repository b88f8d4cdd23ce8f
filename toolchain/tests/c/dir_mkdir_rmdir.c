/* directories: mkdir/rmdir, their modes and error cases. */
#include "wali_test.h"

int main(void) {
  umask(022);
  const char *d = wt_path("sub");
  CHECK_SYS(mkdir(d, 0777));
  struct stat st;
  CHECK_SYS(stat(d, &st));
  CHECK(S_ISDIR(st.st_mode));
  printf("mode: %o\n", (unsigned)(st.st_mode & 07777));
  /* A new directory has two links: its entry and its own ".". */
  CHECK_EQ(st.st_nlink, 2);

  CHECK_ERRNO(mkdir(d, 0700), EEXIST);
  CHECK_ERRNO(mkdir(wt_path("a/b/c"), 0700), ENOENT);

  /* Each subdirectory adds a link to its parent through "..". */
  CHECK_SYS(mkdir(wt_path("sub/x"), 0700));
  CHECK_SYS(mkdir(wt_path("sub/y"), 0750));
  CHECK_SYS(stat(d, &st));
  CHECK_EQ(st.st_nlink, 4);
  CHECK_SYS(stat(wt_path("sub/y"), &st));
  printf("sub/y mode: %o\n", (unsigned)(st.st_mode & 07777));

  CHECK_ERRNO(rmdir(d), ENOTEMPTY);
  CHECK_ERRNO(rmdir(wt_path("missing")), ENOENT);
  CHECK_ERRNO(rmdir(wt_path("sub/x/.")), EINVAL);

  int fd = open(wt_path("file"), O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0);
  CHECK_SYS(close(fd));
  CHECK_ERRNO(rmdir(wt_path("file")), ENOTDIR);
  CHECK_ERRNO(mkdir(wt_path("file/sub"), 0700), ENOTDIR);
  CHECK_ERRNO(unlink(d), EISDIR);

  CHECK_SYS(rmdir(wt_path("sub/x")));
  CHECK_SYS(rmdir(wt_path("sub/y/")));
  CHECK_SYS(rmdir(d));
  CHECK_ERRNO(stat(d, &st), ENOENT);

  /* Deep nesting. */
  char path[600];
  strcpy(path, wt_tmpdir());
  for (int i = 0; i < 20; i++) {
    strcat(path, "/n");
    CHECK_SYS(mkdir(path, 0700));
  }
  int depth = 0;
  for (int i = 0; i < 20; i++) {
    CHECK_SYS(rmdir(path));
    path[strlen(path) - 2] = '\0';
    depth++;
  }
  printf("nested depth removed: %d\n", depth);
  printf("PASS\n");
  return 0;
}
