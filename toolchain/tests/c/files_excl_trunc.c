/* files: O_CREAT|O_EXCL, O_TRUNC and the creation mode filtered by umask. */
#include "wali_test.h"

int main(void) {
  umask(022);
  const char *path = wt_path("x");
  int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0666);
  CHECK(fd >= 0);
  wt_write_all(fd, "0123456789", 10);
  CHECK_SYS(close(fd));

  struct stat st;
  CHECK_SYS(stat(path, &st));
  printf("mode: %o\n", (unsigned)(st.st_mode & 07777));

  CHECK_ERRNO(open(path, O_CREAT | O_EXCL | O_WRONLY, 0600), EEXIST);
  /* O_EXCL also refuses a dangling symlink at the path. */
  CHECK_SYS(symlink("nowhere", wt_path("dangling")));
  CHECK_ERRNO(open(wt_path("dangling"), O_CREAT | O_EXCL | O_WRONLY, 0600), EEXIST);

  /* O_CREAT without O_EXCL opens the existing file untouched. */
  fd = open(path, O_CREAT | O_RDONLY, 0600);
  CHECK(fd >= 0);
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_size, 10);
  CHECK_SYS(close(fd));

  fd = open(path, O_WRONLY | O_TRUNC);
  CHECK(fd >= 0);
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_size, 0);
  wt_write_all(fd, "new", 3);
  CHECK_SYS(close(fd));
  CHECK_SYS(stat(path, &st));
  CHECK_EQ(st.st_size, 3);

  /* The mode argument applies only on creation. */
  CHECK_SYS(chmod(path, 0640));
  fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0777);
  CHECK(fd >= 0);
  CHECK_SYS(close(fd));
  CHECK_SYS(stat(path, &st));
  printf("mode after reopen: %o\n", (unsigned)(st.st_mode & 07777));

  umask(077);
  fd = open(wt_path("private"), O_CREAT | O_EXCL | O_RDWR, 0666);
  CHECK(fd >= 0);
  CHECK_SYS(fstat(fd, &st));
  printf("mode with umask 077: %o\n", (unsigned)(st.st_mode & 07777));
  CHECK_SYS(close(fd));

  /* O_TMPFILE-free anonymous file: create, unlink, keep using it. */
  fd = open(wt_path("anon"), O_CREAT | O_EXCL | O_RDWR, 0600);
  CHECK(fd >= 0);
  CHECK_SYS(unlink(wt_path("anon")));
  wt_write_all(fd, "gone", 4);
  char buf[8] = {0};
  CHECK_EQ(pread(fd, buf, 4, 0), 4);
  CHECK_STR(buf, "gone");
  CHECK_SYS(close(fd));
  printf("PASS\n");
  return 0;
}
