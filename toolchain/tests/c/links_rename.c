/* links: rename() of files and directories, replacement, and its error rules. */
#include "wali_test.h"

static void make(const char *path, const char *text) {
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, text, strlen(text));
  CHECK_SYS(close(fd));
}

static void show(const char *label, const char *path) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  CHECK(fd >= 0);
  CHECK(read(fd, buf, sizeof buf - 1) >= 0);
  CHECK_SYS(close(fd));
  printf("%s: %s\n", label, buf);
}

int main(void) {
  make(wt_path("a"), "content-a");
  make(wt_path("b"), "content-b");

  struct stat before, after;
  CHECK_SYS(stat(wt_path("a"), &before));
  CHECK_SYS(rename(wt_path("a"), wt_path("c")));
  CHECK_ERRNO(access(wt_path("a"), F_OK), ENOENT);
  CHECK_SYS(stat(wt_path("c"), &after));
  CHECK_EQ(before.st_ino, after.st_ino);
  show("c", wt_path("c"));

  /* Renaming over an existing file replaces it atomically. */
  CHECK_SYS(rename(wt_path("c"), wt_path("b")));
  show("b", wt_path("b"));
  CHECK_ERRNO(access(wt_path("c"), F_OK), ENOENT);

  /* Renaming a file to itself (or another link to it) is a no-op. */
  CHECK_SYS(rename(wt_path("b"), wt_path("b")));
  CHECK_SYS(link(wt_path("b"), wt_path("b2")));
  CHECK_SYS(rename(wt_path("b"), wt_path("b2")));
  CHECK_SYS(access(wt_path("b"), F_OK));

  /* Directories: move with contents; replace an empty directory. */
  CHECK_SYS(mkdir(wt_path("d1"), 0700));
  make(wt_path("d1/inner"), "inner");
  CHECK_SYS(mkdir(wt_path("empty"), 0700));
  CHECK_SYS(rename(wt_path("d1"), wt_path("empty")));
  show("empty/inner", wt_path("empty/inner"));

  CHECK_SYS(mkdir(wt_path("full"), 0700));
  make(wt_path("full/x"), "x");
  int r = rename(wt_path("empty"), wt_path("full"));
  CHECK_EQ(r, -1);
  CHECK(errno == ENOTEMPTY || errno == EEXIST);

  CHECK_ERRNO(rename(wt_path("b"), wt_path("full")), EISDIR);
  CHECK_ERRNO(rename(wt_path("full"), wt_path("b")), ENOTDIR);
  CHECK_ERRNO(rename(wt_path("missing"), wt_path("z")), ENOENT);
  CHECK_ERRNO(rename(wt_path("b"), wt_path("nodir/z")), ENOENT);
  /* A directory cannot move inside itself. */
  CHECK_ERRNO(rename(wt_path("full"), wt_path("full/sub")), EINVAL);

  /* Renaming a symlink renames the link, not its target. */
  CHECK_SYS(symlink("b", wt_path("ln")));
  CHECK_SYS(rename(wt_path("ln"), wt_path("ln2")));
  struct stat st;
  CHECK_SYS(lstat(wt_path("ln2"), &st));
  CHECK(S_ISLNK(st.st_mode));
  CHECK_SYS(access(wt_path("b"), F_OK));

  /* An open descriptor follows the file across a rename. */
  int fd = open(wt_path("b"), O_RDONLY);
  CHECK(fd >= 0);
  CHECK_SYS(rename(wt_path("b"), wt_path("full/moved")));
  char buf[16] = {0};
  CHECK_EQ(read(fd, buf, 9), 9);
  printf("read after move: %s\n", buf);
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
