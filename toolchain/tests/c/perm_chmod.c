/* permissions: chmod, fchmod and fchmodat set the permission bits stat reports. */
#include "wali_test.h"

static unsigned mode_of(const char *path) {
  struct stat st;
  CHECK_SYS(stat(path, &st));
  return (unsigned)(st.st_mode & 07777);
}

int main(void) {
  const char *f = wt_path("f");
  int fd = open(f, O_CREAT | O_WRONLY, 0600);
  CHECK(fd >= 0);

  const unsigned modes[] = {0644, 0600, 0755, 0400, 0000, 0777, 01755, 02750};
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
    CHECK_SYS(chmod(f, modes[i]));
    unsigned got = mode_of(f);
    /* set-group-ID may be cleared for a group the caller is not in. */
    CHECK(got == modes[i] || got == (modes[i] & ~02000u));
    printf("chmod %04o\n", modes[i] & ~02000u);
  }

  CHECK_SYS(fchmod(fd, 0640));
  CHECK_EQ(mode_of(f), 0640);
  struct stat st;
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_mode & 07777, 0640);
  CHECK(S_ISREG(st.st_mode));

  int dfd = open(wt_tmpdir(), O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK_SYS(fchmodat(dfd, "f", 0604, 0));
  CHECK_EQ(mode_of(f), 0604);

  /* chmod on a symlink changes the target. */
  CHECK_SYS(symlink("f", wt_path("ln")));
  CHECK_SYS(chmod(wt_path("ln"), 0611));
  CHECK_EQ(mode_of(f), 0611);

  /* A directory's mode. */
  CHECK_SYS(mkdir(wt_path("d"), 0700));
  CHECK_SYS(chmod(wt_path("d"), 0751));
  printf("dir mode: %o\n", mode_of(wt_path("d")));

  CHECK_ERRNO(chmod(wt_path("missing"), 0600), ENOENT);
  CHECK_ERRNO(fchmod(-1, 0600), EBADF);
  CHECK_ERRNO(fchmodat(dfd, "missing", 0600, 0), ENOENT);
  CHECK_SYS(close(dfd));

  /* A mode change does not affect an already-open descriptor. */
  CHECK_SYS(chmod(f, 0000));
  CHECK_EQ(write(fd, "still", 5), 5);
  CHECK_SYS(close(fd));
  CHECK_SYS(chmod(f, 0600));
  CHECK_SYS(stat(f, &st));
  CHECK_EQ(st.st_size, 5);
  printf("PASS\n");
  return 0;
}
