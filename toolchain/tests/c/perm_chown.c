/* permissions: chown/fchown/lchown/fchownat to the caller's own ids (allowed
 * for everyone), -1 meaning "unchanged", and their errors. */
#include "wali_test.h"

int main(void) {
  uid_t uid = geteuid();
  gid_t gid = getegid();
  const char *f = wt_path("f");
  int fd = open(f, O_CREAT | O_RDWR, 0640);
  CHECK(fd >= 0);
  CHECK_SYS(symlink("f", wt_path("ln")));

  CHECK_SYS(chown(f, uid, gid));
  CHECK_SYS(fchown(fd, uid, gid));
  CHECK_SYS(chown(f, (uid_t)-1, (gid_t)-1));
  CHECK_SYS(fchown(fd, (uid_t)-1, gid));
  CHECK_SYS(lchown(wt_path("ln"), uid, (gid_t)-1));
  int dfd = open(wt_tmpdir(), O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK_SYS(fchownat(dfd, "f", uid, gid, 0));
  CHECK_SYS(fchownat(dfd, "ln", uid, gid, AT_SYMLINK_NOFOLLOW));
  CHECK_SYS(fchownat(fd, "", uid, gid, AT_EMPTY_PATH));

  struct stat st;
  CHECK_SYS(stat(f, &st));
  CHECK_EQ(st.st_uid, uid);
  CHECK_EQ(st.st_gid, gid);
  CHECK_SYS(lstat(wt_path("ln"), &st));
  CHECK_EQ(st.st_uid, uid);
  printf("owner unchanged: %s\n", st.st_uid == uid ? "yes" : "no");

  /* chown by the owner to its own ids clears set-user-ID on a regular file. */
  CHECK_SYS(fchmod(fd, 04755));
  CHECK_SYS(fchown(fd, uid, gid));
  CHECK_SYS(fstat(fd, &st));
  printf("set-user-ID after chown: %s\n", (st.st_mode & 04000) ? "kept" : "cleared");
  CHECK_EQ(st.st_mode & 04000, 0);

  CHECK_ERRNO(chown(wt_path("missing"), uid, gid), ENOENT);
  CHECK_ERRNO(fchown(-1, uid, gid), EBADF);
  CHECK_ERRNO(fchownat(dfd, "f", uid, gid, 0x4000000), EINVAL);
  CHECK_SYS(close(dfd));
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
