/* permissions: access/faccessat. Only checks that hold for root and for other
 * users alike (root bypasses read/write bits but not the execute rule). */
#include "wali_test.h"

int main(void) {
  const char *f = wt_path("f");
  int fd = open(f, O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0);
  CHECK_SYS(close(fd));
  CHECK_SYS(chmod(f, 0644));

  CHECK_SYS(access(f, F_OK));
  CHECK_SYS(access(f, R_OK));
  CHECK_SYS(access(f, W_OK));
  CHECK_SYS(access(f, R_OK | W_OK));
  /* No execute bit anywhere: even root is refused. */
  CHECK_ERRNO(access(f, X_OK), EACCES);
  CHECK_ERRNO(access(f, R_OK | X_OK), EACCES);

  CHECK_SYS(chmod(f, 0755));
  CHECK_SYS(access(f, X_OK));
  CHECK_SYS(access(f, R_OK | W_OK | X_OK));

  CHECK_ERRNO(access(wt_path("missing"), F_OK), ENOENT);
  CHECK_ERRNO(access(wt_path("f/sub"), F_OK), ENOTDIR);
  CHECK_ERRNO(access(f, 0x40), EINVAL);

  /* Directories: X means search. */
  CHECK_SYS(access(wt_tmpdir(), R_OK | W_OK | X_OK));

  /* faccessat with a directory descriptor, with and without AT_EACCESS. */
  int dfd = open(wt_tmpdir(), O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK_SYS(faccessat(dfd, "f", X_OK, 0));
  CHECK_SYS(faccessat(dfd, "f", R_OK, AT_EACCESS));
  CHECK_SYS(chmod(f, 0600));
  CHECK_ERRNO(faccessat(dfd, "f", X_OK, AT_EACCESS), EACCES);
  CHECK_SYS(symlink("missing-target", wt_path("dangling")));
  CHECK_ERRNO(faccessat(dfd, "dangling", F_OK, 0), ENOENT);
  CHECK_SYS(faccessat(dfd, "dangling", F_OK, AT_SYMLINK_NOFOLLOW));
  CHECK_SYS(close(dfd));
  printf("access checks done\n");
  printf("PASS\n");
  return 0;
}
